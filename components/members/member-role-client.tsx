"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { apiRequest, applyApiError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import type { Role } from "@/db/schema/tenancy";
import { updateMemberSchema } from "@/lib/tenants/schemas";
import { roleOptions } from "./roles";

type Values = z.input<typeof updateMemberSchema>;

/** Role select and Save for one table row; Save is enabled only once the role changed. */
export function MemberRoleForm({ memberId, email, role }: { memberId: string; email: string; role: Role }) {
  const router = useRouter();
  const toast = useToast();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isDirty, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof updateMemberSchema>>({
    resolver: zodResolver(updateMemberSchema),
    values: { role },
  });

  const onSubmit = handleSubmit(async (values) => {
    try {
      await apiRequest(`/api/v1/members/${memberId}`, "PATCH", values);
    } catch (err) {
      const leftover = applyApiError(err, setError, { fields: ["role"] });
      if (leftover) toast.error(leftover);
      reset({ role });
      return;
    }
    toast.success(`${email} is now ${values.role === "admin" ? "an" : "a"} ${values.role}.`);
    router.refresh();
  });

  const errorId = `role-error-${memberId}`;
  return (
    <form
      method="post"
      onSubmit={onSubmit}
      noValidate
      className="flex items-center gap-2"
      aria-label={`Role of ${email}`}
    >
      <label htmlFor={`role-${memberId}`} className="sr-only">
        Role for {email}
      </label>
      <Select
        id={`role-${memberId}`}
        options={roleOptions}
        // shrink-0: in a narrow table cell the flex row would squeeze it to an empty box.
        className="w-36 shrink-0"
        aria-invalid={errors.role ? true : undefined}
        aria-describedby={errors.role ? errorId : undefined}
        {...register("role")}
      />
      <Button
        type="submit"
        size="sm"
        variant="secondary"
        disabled={!isDirty || isSubmitting}
        aria-label={`Save role for ${email}`}
      >
        {isSubmitting ? "Saving…" : "Save"}
      </Button>
      {errors.role ? (
        <p id={errorId} className="text-xs text-red-600">
          {errors.role.message}
        </p>
      ) : null}
    </form>
  );
}
