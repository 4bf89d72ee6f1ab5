"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { apiRequest, applyApiError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { addMemberSchema } from "@/lib/tenants/schemas";
import { roleHelp, roleOptions } from "./roles";

type Values = z.input<typeof addMemberSchema>;
const FIELDS = ["email", "name", "role", "password"] as const;

export function AddMemberForm() {
  const router = useRouter();
  const toast = useToast();
  const titleId = useId();
  const hydrated = useHydrated();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof addMemberSchema>>({
    resolver: zodResolver(addMemberSchema),
    defaultValues: { email: "", name: "", role: "viewer", password: "" },
  });

  const onSubmit = handleSubmit(async ({ name, ...rest }) => {
    try {
      await apiRequest("/api/v1/members", "POST", name ? { ...rest, name } : rest);
    } catch (err) {
      const leftover = applyApiError(err, setError, { fields: FIELDS, conflictField: "email" });
      if (leftover) toast.error(leftover);
      return;
    }
    toast.success(`Added ${rest.email} as ${rest.role}.`);
    reset();
    router.refresh();
  });

  return (
    <Card aria-labelledby={titleId}>
      <CardHeader
        titleId={titleId}
        title="Add a member"
        description="Share the initial password with them privately; they sign in with it at once."
      />
      <CardBody>
        <form method="post" onSubmit={onSubmit} noValidate aria-labelledby={titleId} className="grid gap-4 sm:grid-cols-2">
          <TextField label="Email" type="email" autoComplete="off" error={errors.email?.message} {...register("email")} />
          <TextField label="Name (optional)" autoComplete="off" error={errors.name?.message} {...register("name")} />
          <SelectField label="Role" options={roleOptions} defaultValue="viewer" hint={roleHelp} error={errors.role?.message} {...register("role")} />
          <TextField
            label="Initial password"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters."
            error={errors.password?.message}
            {...register("password")}
          />
          <div className="sm:col-span-2">
            <Button type="submit" disabled={isSubmitting || !hydrated}>
              {isSubmitting ? "Adding…" : "Add member"}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
