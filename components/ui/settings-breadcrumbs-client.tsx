"use client";

import { usePathname } from "next/navigation";
import { Breadcrumbs, type Crumb } from "./breadcrumbs";

const SECTIONS: Record<string, string> = {
  account: "Your account",
  members: "Members",
  "api-keys": "API keys",
  workspaces: "Workspaces",
  webhooks: "Webhooks",
  embed: "Embed",
  "auth-clients": "Auth clients",
};
const SINGULAR: Record<string, string> = { "auth-clients": "Auth client", webhooks: "Webhook" };

/** The settings pages' breadcrumbs, read from the path (`/settings/auth-clients/new`). */
export function SettingsBreadcrumbs() {
  const [, , section, sub] = usePathname().split("/");
  if (!section || !SECTIONS[section]) return null;
  const items: Crumb[] = [
    { label: "Settings", href: "/settings" },
    { label: SECTIONS[section], href: `/settings/${section}` },
  ];
  if (sub) items.push({ label: sub === "new" ? "New" : (SINGULAR[section] ?? "Details") });
  return <Breadcrumbs items={items} />;
}
