"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { z } from "zod";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { applyApiError } from "./api-request";

/**
 * The dashboard's create-something form: react-hook-form on the API's own zod schema,
 * API issues mapped under their inputs, a toast with `submit`'s message, then reset and
 * `router.refresh()`. `hydrated` keeps submit disabled until the scripts have loaded.
 */
export function useApiForm<In extends FieldValues, Out>(opts: {
  schema: z.ZodType<Out, In>;
  defaultValues: DefaultValues<In>;
  fields: readonly Path<In>[];
  conflictField?: Path<In>;
  /** Sends the request; returns the success message. Throw (ApiRequestError) to fail. */
  submit: (values: Out) => Promise<string>;
}) {
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  // zodResolver's overloads cannot follow a generic schema; the types are pinned by useForm's.
  const resolver = zodResolver(opts.schema as never) as unknown as Resolver<In, unknown, Out>;
  const form = useForm<In, unknown, Out>({ resolver, defaultValues: opts.defaultValues });
  const onSubmit = form.handleSubmit(async (values) => {
    let message: string;
    try {
      message = await opts.submit(values);
    } catch (err) {
      const leftover = applyApiError(err, form.setError, { fields: opts.fields, conflictField: opts.conflictField });
      if (leftover) toast.error(leftover);
      return;
    }
    toast.success(message);
    form.reset();
    router.refresh();
  });
  return { form, onSubmit, hydrated };
}
