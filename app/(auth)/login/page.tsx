import type { Metadata } from "next";
import Link from "next/link";
import { LoginForm } from "@/components/auth/login-form-client";
import { safeCallbackPath } from "@/lib/auth/callback-url";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Log-in; `?callbackUrl=` (a same-site path only, else the dashboard) is where it leads afterwards. */
export default async function LoginPage({ searchParams }: Props) {
  const next = safeCallbackPath((await searchParams).callbackUrl);
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">Manage your organisation&apos;s credentials, API keys and members.</p>
      <LoginForm next={next} />
      <p className="mt-6 text-sm text-slate-600">
        New here?{" "}
        <Link href="/signup" className="font-medium text-brand-600 hover:text-brand-700">
          Create an organisation
        </Link>
      </p>
    </>
  );
}
