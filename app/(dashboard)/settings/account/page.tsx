import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-client";
import { PageHeader } from "@/components/ui/page-header";
import { requireMember } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your account" };

/** Every member's own settings, whatever their role. */
export default async function AccountPage() {
  const me = await requireMember();
  return (
    <>
      <PageHeader title="Your account" description={`Signed in as ${me.email} (${me.role}).`} />
      <ChangePasswordForm />
    </>
  );
}
