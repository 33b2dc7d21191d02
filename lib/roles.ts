/** Tenant roles: owner and admin are managers, member is a sales rep. */
export const MANAGER_ROLES = ["owner", "admin"] as const;

export const isManagerRole = (role: string | null | undefined): boolean =>
  !!role && role.split(",").some((r) => (MANAGER_ROLES as readonly string[]).includes(r.trim()));
