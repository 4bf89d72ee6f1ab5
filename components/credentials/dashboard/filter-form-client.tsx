"use client";

import { useRouter } from "next/navigation";
import type { ComponentProps } from "react";

/**
 * A GET form whose URL leaves out empty fields (`/?q=billing`, not
 * `/?workspace=&q=billing&status=&type=`). Without JavaScript it is a plain GET form,
 * and the page's query schema treats the empty values as defaults.
 */
export function FilterForm({
  action,
  ...props
}: Omit<ComponentProps<"form">, "action" | "method" | "onSubmit"> & { action: string }) {
  const router = useRouter();
  return (
    <form
      action={action}
      method="get"
      onSubmit={(e) => {
        e.preventDefault();
        const query = new URLSearchParams();
        for (const [key, value] of new FormData(e.currentTarget)) {
          if (typeof value === "string" && value.trim()) query.append(key, value.trim());
        }
        const qs = query.toString();
        router.push(qs ? `${action}?${qs}` : action);
      }}
      {...props}
    />
  );
}
