/**
 * Downloading the audit bundle (`GET /api/audit/export`, a .tar) with the page's token, reporting
 * the bytes received, and handing the file to the browser to save. The server writes the whole
 * bundle before the first byte arrives, so a caller shows "preparing" until progress starts.
 */
import { ApiError, isRecord } from '../session/api-client.ts';

export interface BundleProgress {
  received: number;
  /** From Content-Length; null when the server did not say. */
  total: number | null;
}

export interface DownloadedBundle {
  blob: Blob;
  fileName: string;
}

/** The name the server gave (`carta-audit-N.tar`), kept only when it is a plain file name. */
function fileNameOf(response: Response): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="([A-Za-z0-9._-]+)"/.exec(disposition)?.[1];
  return name ?? 'carta-audit.tar';
}

export async function downloadAuditBundle(token: string | null, onProgress: (progress: BundleProgress) => void): Promise<DownloadedBundle> {
  let response: Response;
  try {
    response = await fetch('/api/audit/export', { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new ApiError('network', 0, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const id = response.status === 401 ? 'unauthenticated' : isRecord(body) && typeof body.error === 'string' ? body.error : 'http-error';
    throw new ApiError(id, response.status, isRecord(body) && typeof body.message === 'string' ? body.message : `HTTP ${response.status}`);
  }
  const length = Number(response.headers.get('Content-Length'));
  const total = Number.isSafeInteger(length) && length > 0 ? length : null;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  onProgress({ received, total });
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress({ received, total });
    }
  }
  // A connection cut short would save a truncated archive that only the verifier would catch.
  if (total !== null && received !== total) throw new ApiError('network', 0, `the download stopped after ${received} of ${total} bytes`);
  return { blob: new Blob(chunks, { type: 'application/x-tar' }), fileName: fileNameOf(response) };
}

/** Saves the file through a download link, as if the person had followed one. */
export function saveFile(bundle: DownloadedBundle): void {
  const url = URL.createObjectURL(bundle.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = bundle.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob after the click returns; freeing it at once can cancel the save.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
