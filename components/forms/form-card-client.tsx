"use client";

import { useId, type FormEventHandler, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

type Props = {
  title: string;
  description: ReactNode;
  /** `useApiForm`'s `onSubmit`. */
  onSubmit: FormEventHandler<HTMLFormElement>;
  /** `useApiForm`'s `hydrated`: until then a click would fall through to a native submit. */
  hydrated: boolean;
  submitting: boolean;
  submitLabel: string;
  /** The button's text while the request runs ("Adding…"). */
  pendingLabel: string;
  /** "grid": fields in two columns, the button below; "inline": one field with the button beside it. */
  layout?: "grid" | "inline";
  /** Shown in the card above the form (the new API key, once). */
  notice?: ReactNode;
  children: ReactNode;
};

/**
 * The card every settings create form sits in. The card and the form are both named by
 * the card's title, which is how people (and the e2e tests) find them: `getByRole("form",
 * { name: "Add a member" })`. Submit stays disabled until hydration and while submitting.
 */
export function FormCard({
  title,
  description,
  onSubmit,
  hydrated,
  submitting,
  submitLabel,
  pendingLabel,
  layout = "grid",
  notice,
  children,
}: Props) {
  const titleId = useId();
  const button = (
    <Button type="submit" className={layout === "inline" ? "mt-6" : undefined} disabled={submitting || !hydrated}>
      {submitting ? pendingLabel : submitLabel}
    </Button>
  );

  return (
    <Card aria-labelledby={titleId}>
      <CardHeader titleId={titleId} title={title} description={description} />
      <CardBody className="space-y-4">
        {notice}
        {layout === "inline" ? (
          <form
            method="post"
            onSubmit={onSubmit}
            noValidate
            aria-labelledby={titleId}
            className="flex flex-wrap items-start gap-3"
          >
            <div className="min-w-60 flex-1">{children}</div>
            {button}
          </form>
        ) : (
          <form
            method="post"
            onSubmit={onSubmit}
            noValidate
            aria-labelledby={titleId}
            className="grid gap-4 sm:grid-cols-2"
          >
            {children}
            <div className="sm:col-span-2">{button}</div>
          </form>
        )}
      </CardBody>
    </Card>
  );
}
