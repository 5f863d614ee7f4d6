/** A source kind as a problem message names it, with its article ("a meeting", "an "other" source"). */
const KIND_NAMES: Record<string, string> = { petition: 'a petition', survey_theme: 'a survey theme', meeting: 'a meeting', proposal: 'a proposal', other: 'an "other" source' };

export function kindName(kind: string): string {
  return KIND_NAMES[kind] ?? `a "${kind}"`;
}
