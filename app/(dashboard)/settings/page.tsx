import { redirect } from "next/navigation";
import { requireMember } from "@/lib/auth/session";

/** Admins land on Members; everyone else on their own account. */
export default async function SettingsPage() {
  const me = await requireMember();
  redirect(me.role === "admin" ? "/settings/members" : "/settings/account");
}
