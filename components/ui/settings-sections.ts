import type { Crumb } from "./breadcrumbs";

/** The settings sections by path segment, as the breadcrumbs name them. */
const SECTIONS = {
  account: "Your account",
  members: "Members",
  "api-keys": "API keys",
  workspaces: "Workspaces",
  webhooks: "Webhooks",
  embed: "Embed",
  "auth-clients": "Auth clients",
} as const;

export type SettingsSection = keyof typeof SECTIONS;

export const isSettingsSection = (segment: string | undefined): segment is SettingsSection =>
  !!segment && Object.hasOwn(SECTIONS, segment);

/** The crumbs that lead to a settings section: "Settings › Webhooks". */
export const settingsCrumbs = (section: SettingsSection): Crumb[] => [
  { label: "Settings", href: "/settings" },
  { label: SECTIONS[section], href: `/settings/${section}` },
];
