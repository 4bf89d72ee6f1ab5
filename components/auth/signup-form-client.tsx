"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { signupAction } from "@/app/(auth)/signup/actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useHydrated } from "@/components/ui/use-hydrated";
import { signupSchema } from "@/lib/tenants/schemas";

type SignupValues = z.input<typeof signupSchema>;
const FIELDS = ["organization", "email", "password"] as const;

export function SignupForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const hydrated = useHydrated();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SignupValues, unknown, z.output<typeof signupSchema>>({
    resolver: zodResolver(signupSchema),
    defaultValues: { organization: "", email: "", password: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const result = await signupAction(values);
      if (!result.ok) {
        for (const field of FIELDS) {
          const message = result.fieldErrors[field];
          if (message) setError(field, { type: "server", message }, { shouldFocus: true });
        }
        if (result.formError) setFormError(result.formError);
        return;
      }
      const signedIn = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
      if (!signedIn || signedIn.error) {
        setFormError("Your organisation was created, but signing in failed. Sign in with your new account.");
        return;
      }
    } catch {
      setFormError("Could not create the organisation. Try again in a moment.");
      return;
    }
    setRedirecting(true);
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full document load on purpose: no signed-out client state or cached RSC payload survives the sign-in
    window.location.assign("/");
  });

  const busy = isSubmitting || redirecting;
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-6 space-y-4" aria-label="Create an organisation">
      <FormError message={formError} />
      <TextField
        label="Organisation name"
        autoComplete="organization"
        error={errors.organization?.message}
        {...register("organization")}
      />
      <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...register("email")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        error={errors.password?.message}
        {...register("password")}
      />
      <Button type="submit" className="w-full" disabled={busy || !hydrated}>
        {busy ? "Creating…" : "Create organisation"}
      </Button>
    </form>
  );
}
