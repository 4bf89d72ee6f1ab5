/** The words of the "Where do I find this?" link: for the key (default), or for the OAuth app's client ID and secret. */
export function docsLinkText(app: string, what: "key" | "oauth" = "key"): string {
  return `Where do I find this? ${app}'s ${what === "oauth" ? "OAuth " : ""}documentation`;
}

/** The catalogue entry's docs for `what`: for an OAuth app its OAuth documentation when it has one. */
export function providerDocsUrl(
  entry: { docsUrl: string; oauth?: { oauthDocsUrl?: string } },
  what: "key" | "oauth" = "key",
): string {
  return (what === "oauth" ? entry.oauth?.oauthDocsUrl : undefined) ?? entry.docsUrl;
}

/** "Where do I find this?": the provider's own documentation, in a new tab (it leaves the dashboard). */
export function DocsLink({ href, text }: { href: string; text: string }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className="font-medium text-brand-600 underline underline-offset-2 hover:text-brand-700"
    >
      {text}
      <span className="sr-only"> (opens in a new tab)</span>
      <span aria-hidden="true"> ↗</span>
    </a>
  );
}

/** One form's docs link on a line of its own, for the forms and panels without a section description. */
export function ProviderDocsLink({
  app,
  href,
  what = "key",
}: {
  app: string;
  href: string | undefined;
  what?: "key" | "oauth";
}) {
  if (!href) return null;
  return (
    <p className="text-sm">
      <DocsLink href={href} text={docsLinkText(app, what)} />
    </p>
  );
}
