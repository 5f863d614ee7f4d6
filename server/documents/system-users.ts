/** Users the server itself acts as or creates on first start. */
import type { Role } from '../../shared/auth/roles.ts';

/** The server acting on its own (seeding the constitution, imports from the CLI). */
export const SYSTEM_USER = { id: 'system', name: 'Carta (sistema)', role: 'admin' as Role };

/** The commission member whose sign-in link `npm start` prints, so a new installation can be tried at once. */
export const FIRST_MEMBER = { id: 'member-1', name: 'Integrante de la Comisión', role: 'member' as Role };
