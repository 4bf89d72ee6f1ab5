import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyField } from "./copy-field-client";
import { useItSnippets } from "./use-it-snippets";

/**
 * "Use it": the credential's id (what a backend needs for `GET /secrets/{id}`) and ready
 * `curl` and Node `fetch` snippets against this server's real base URL, with a link to the
 * API docs.
 */
export function UseItPanel({ secretId, baseUrl }: { secretId: string; baseUrl: string }) {
  const s = useItSnippets(baseUrl, secretId);
  return (
    <Card aria-labelledby="use-it-title">
      <CardHeader
        titleId="use-it-title"
        title="Use it"
        description="Read this credential from your backend with a workspace API key (Settings › API keys)."
      />
      <CardBody className="space-y-4">
        <CopyField label="Credential id" value={secretId} />
        <CopyField label="curl" value={s.curl} multiline />
        <CopyField label="Node fetch" value={s.fetch} multiline />
        <p className="text-sm text-slate-600">
          Every endpoint, its parameters and answers:{" "}
          <Link href="/api-docs" className="text-brand-600 underline underline-offset-2 hover:text-brand-700">
            API docs
          </Link>
          .
        </p>
      </CardBody>
    </Card>
  );
}
