import type { Metadata } from "next";
import { EmbedPreviewPanel } from "@/components/embed-settings/embed-preview-client";
import { EmbedSettingsForm } from "@/components/embed-settings/embed-settings-client";
import { formValues } from "@/components/embed-settings/form-schema";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth/session";
import { getSettings } from "@/lib/tenants/settings";

export const metadata: Metadata = { title: "Embed" };

/** Settings › Embed (admins, like PATCH /api/v1/settings): origins, branding, and a live preview. */
export default async function EmbedSettingsPage() {
  const me = await requireRole("admin");
  const settings = await getSettings(await getDb(), { tenantId: me.tenantId });

  return (
    <>
      <PageHeader
        title="Embed"
        description="Put the Integration Center inside your product: your backend mints a connect session (POST /api/v1/connect-sessions) and your page frames its URL."
      />
      <div className="space-y-8">
        <EmbedSettingsForm initial={formValues(settings)} />
        <EmbedPreviewPanel />
      </div>
    </>
  );
}
