/**
 * Copying text for the person (their orphaned or unsaved words). The asynchronous Clipboard API
 * needs a secure context (https or localhost) and may be refused; the fallback copies from a
 * hidden textarea with the older command, which works from a click on plain http too. When both
 * fail the caller says so, and the text stays on screen, selectable, to copy by hand.
 */

export async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused or no focus: try the fallback below.
    }
  }
  return copyWithTextarea(text);
}

function copyWithTextarea(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  area.style.pointerEvents = 'none';
  // Inside an open modal dialog only the dialog's own subtree can take the selection.
  const host = document.querySelector('dialog[open]') ?? document.body;
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  host.append(area);
  area.select();
  let copied = false;
  try {
    // Deprecated but still the only synchronous way to copy where the Clipboard API is unavailable.
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  previous?.focus({ preventScroll: true });
  return copied;
}
