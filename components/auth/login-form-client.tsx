"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useHydrated } from "@/components/ui/use-hydrated";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { loginSchema } from "@/lib/tenants/schemas";

type LoginValues = z.input<typeof loginSchema>;

/** auth.ts answers every refusal as CredentialsSignin; `code` tells a rate limit apart. */
function signInMessage(error: string | undefined, code: string | undefined): string {
  if (error !== "CredentialsSignin") return "Could not sign in. Try again.";
  if (code === "rate_limited") return "Too many sign-in attempts. Wait a few minutes, then try again.";
  return "Wrong email or password";
}

/** `next` is the page to open once signed in, already checked to be a path on this site. */
export function LoginForm({ next = "/" }: { next?: string }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const hydrated = useHydrated();
  const {
    register,
    handleSubmit,
    resetField,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<LoginValues, unknown, z.output<typeof loginSchema>>({
    resolver: zodResolver(loginSchema),
    defaultValues: { email: "", password: "" },
  });

  const onSubmit = handleSubmit(async ({ email, password }) => {
    setFormError(null);
    try {
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error) {
        setFormError(signInMessage(result?.error, result?.code));
        resetField("password");
        setFocus("password");
        return;
      }
    } catch {
      setFormError("Could not reach the server. Check your connection and try again.");
      return;
    }
    setRedirecting(true);
    // A full document load, so every server component renders with the new session and no
    // signed-out client state survives. The target is checked again here: the form must never
    // become a redirector, whatever prop it is given.
    window.location.assign(safeCallbackPath(next));
  });

  const busy = isSubmitting || redirecting;
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-6 space-y-4" aria-label="Sign in">
      <FormError message={formError} />
      <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...register("email")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...register("password")}
      />
      <Button type="submit" className="w-full" disabled={busy || !hydrated}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
