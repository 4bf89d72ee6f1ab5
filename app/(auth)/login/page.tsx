import type { Metadata } from "next";
import Link from "next/link";
import { LoginForm } from "@/components/auth/login-form-client";

export const metadata: Metadata = { title: "Sign in" };

export default function LoginPage() {
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">Manage your organisation&apos;s credentials, API keys and members.</p>
      <LoginForm />
      <p className="mt-6 text-sm text-slate-600">
        New here?{" "}
        <Link href="/signup" className="font-medium text-brand-600 hover:text-brand-700">
          Create an organisation
        </Link>
      </p>
    </>
  );
}
