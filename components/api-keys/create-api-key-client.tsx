"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { apiRequest, applyApiError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { createApiKeySchema } from "@/lib/tenants/schemas";
import { NewKeyBox } from "./new-key-box-client";

type Values = z.input<typeof createApiKeySchema>;
type CreatedKey = { id: string; name: string; prefix: string; key: string };

/**
 * Creates a key and shows its plaintext once. The plaintext lives only in this
 * component's state: it is not in any server-rendered HTML, so a reload forgets it.
 */
export function CreateApiKeyForm() {
  const router = useRouter();
  const toast = useToast();
  const titleId = useId();
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const hydrated = useHydrated();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof createApiKeySchema>>({
    resolver: zodResolver(createApiKeySchema),
    defaultValues: { name: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    let key: CreatedKey | null;
    try {
      key = await apiRequest<CreatedKey>("/api/v1/api-keys", "POST", values);
    } catch (err) {
      const leftover = applyApiError(err, setError, { fields: ["name"] });
      if (leftover) toast.error(leftover);
      return;
    }
    setCreated(key);
    toast.success(`Created the key "${values.name}".`);
    reset();
    router.refresh();
  });

  return (
    <Card aria-labelledby={titleId}>
      <CardHeader
        titleId={titleId}
        title="Create an API key"
        description="Your backend sends it as Authorization: Bearer ick_… to call the API for this organisation."
      />
      <CardBody className="space-y-4">
        {created ? <NewKeyBox name={created.name} secret={created.key} onDone={() => setCreated(null)} /> : null}
        <form method="post" onSubmit={onSubmit} noValidate aria-labelledby={titleId} className="flex flex-wrap items-start gap-3">
          <div className="min-w-60 flex-1">
            <TextField
              label="Key name"
              placeholder="e.g. Production backend"
              autoComplete="off"
              error={errors.name?.message}
              {...register("name")}
            />
          </div>
          <Button type="submit" className="mt-6" disabled={isSubmitting || !hydrated}>
            {isSubmitting ? "Creating…" : "Create key"}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
