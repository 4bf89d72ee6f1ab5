import type { ReactNode } from "react";
import { SettingsBreadcrumbs } from "@/components/ui/settings-breadcrumbs-client";

/** Every settings page shows where it sits: "Settings › Auth clients › New". */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SettingsBreadcrumbs />
      {children}
    </>
  );
}
