/** Dashboard roles. No imports, so client forms can use it without pulling in the database layer. */
export const roles = ["admin", "developer", "viewer"] as const;
export type Role = (typeof roles)[number];
