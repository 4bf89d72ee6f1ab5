"use client";

import { usePathname } from "next/navigation";
import { Breadcrumbs } from "./breadcrumbs";
import { isSettingsSection, settingsCrumbs } from "./settings-sections";

/**
 * The settings pages' breadcrumbs, read from the path (`/settings/auth-clients/new`). An item's
 * own page (`/settings/webhooks/<id>`) draws its crumbs itself, ending in the item's name,
 * which the path does not hold.
 */
export function SettingsBreadcrumbs() {
  const [, , section, sub] = usePathname().split("/");
  if (!isSettingsSection(section) || (sub && sub !== "new")) return null;
  const items = settingsCrumbs(section);
  if (sub) items.push({ label: "New" });
  return <Breadcrumbs items={items} />;
}
