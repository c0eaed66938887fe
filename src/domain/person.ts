/** The roles the ledger knows; a person holds any of them, each scoped to a region or party org. */
export const ROLES = ['officer', 'instructor', 'secretary', 'member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleScope {
  role: Role;
  regionCode?: string | null;
  partyOrgId?: string | null;
}

/** Whoever is talking to the bot. `id` is null for a person the ledger does not know yet. */
export interface Person {
  id: string | null;
  openId: string;
  name: string;
  mobile?: string | null;
  roles: RoleScope[];
}
