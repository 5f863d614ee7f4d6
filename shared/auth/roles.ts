/** The roles of the drafting process (see DESIGN.md, "Who uses it"). */
export const ROLES = ['admin', 'member', 'citizen', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
