import type { TenantSettings } from "@/db/schema";

export const defaultSettings = (): TenantSettings => ({
  embedOrigins: [],
  returnUrlOrigins: [],
  branding: {},
  userTokenTtl: 3600,
});
