import type { Metadata } from "next";
import Link from "next/link";
import { SignupForm } from "@/components/auth/signup-form-client";

export const metadata: Metadata = { title: "Create an organisation" };

export default function SignupPage() {
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Create an organisation</h1>
      <p className="mt-1 text-sm text-slate-600">You become its first admin and can invite your team afterwards.</p>
      <SignupForm />
      <p className="mt-6 text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-brand-600 hover:text-brand-700">
          Sign in
        </Link>
      </p>
    </>
  );
}
