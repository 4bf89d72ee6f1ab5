import Link from "next/link";
import { CodeBlock } from "./code-block";

// Placeholders only: the page never holds a real key. `\` continues a shell line.
const steps = (baseUrl: string) => [
  {
    title: "Set up your shell",
    text: "IC_URL is this server's address; IC_API_KEY is an API key of your organisation. Keep the key on your backend.",
    code: [`export IC_URL=${JSON.stringify(baseUrl)}`, 'export IC_API_KEY="<your API key>"'].join("\n"),
  },
  {
    title: "Get a user token for an end user",
    text: "Your backend swaps its API key for a short-lived token for one of your users (created on first use). The token sees only that user's credentials.",
    code: [
      'curl -sS -X POST "$IC_URL/api/v1/impersonate" \\',
      '  -H "Authorization: Bearer $IC_API_KEY" \\',
      '  -H "Content-Type: application/json" \\',
      '  -d \'{"username": "customer-42"}\'',
      '# → {"token": "eyJ…", "id": "…", "expiresAt": "…"}',
      'export IC_USER_TOKEN="<token from the response>"',
    ].join("\n"),
  },
  {
    title: "Store a SIMPLE (basic auth) credential",
    text: "The response shows the value masked; the passphrase is never echoed back.",
    code: [
      'curl -sS -X POST "$IC_URL/api/v1/secrets" \\',
      '  -H "Authorization: Bearer $IC_USER_TOKEN" \\',
      '  -H "Content-Type: application/json" \\',
      '  -d \'{"name": "Billing API", "type": "SIMPLE", "value": {"username": "billing-bot", "passphrase": "correct-horse-battery"}}\'',
      '# → 201 {"data": {"id": "…", "type": "SIMPLE", "value": {"username": "billing-bot", "passphrase": "…"}, …}}',
      'export SECRET_ID="<data.id from the response>"',
    ].join("\n"),
  },
  {
    title: "List credentials",
    text: "Values are masked in lists. Page with page[number] and page[size].",
    code: [
      'curl -sS "$IC_URL/api/v1/secrets" \\',
      '  -H "Authorization: Bearer $IC_USER_TOKEN"',
      '# → {"data": [{"id": "…", "name": "Billing API", …}], "meta": {"page": 1, "perPage": 30, "total": 1, "totalPages": 1}}',
    ].join("\n"),
  },
  {
    title: "Read a credential with its value",
    text: "Only integration code (an API key or a user token) can read a value. Each read counts as a use and is written to the audit log.",
    code: [
      'curl -sS "$IC_URL/api/v1/secrets/$SECRET_ID" \\',
      '  -H "Authorization: Bearer $IC_USER_TOKEN"',
      '# → {"data": {"id": "…", "type": "SIMPLE", "value": {"username": "billing-bot", "passphrase": "correct-horse-battery"}, …}}',
    ].join("\n"),
  },
];

/** A first walk through the API with curl against `baseUrl` (PUBLIC_URL): impersonate, store, list, read. */
export function GettingStarted({ canCreateKeys, baseUrl }: { canCreateKeys: boolean; baseUrl: string }) {
  return (
    <div className="space-y-5 px-5 py-4">
      <p className="text-sm text-slate-600">
        {canCreateKeys ? (
          <>
            Create an API key under{" "}
            <Link href="/settings/api-keys" className="font-medium text-brand-600 hover:text-brand-700">
              Settings → API keys
            </Link>
            .
          </>
        ) : (
          "Ask an admin of your organisation for an API key."
        )}{" "}
        A backend can also act for a user with its API key and{" "}
        <code className="font-mono text-xs">?username=customer-42</code> instead of a user token.
      </p>
      <ol className="space-y-5">
        {steps(baseUrl).map((s, i) => (
          <li key={s.title} className="space-y-2">
            <h3 className="text-sm font-semibold text-slate-900">
              {i + 1}. {s.title}
            </h3>
            <p className="text-sm text-slate-600">{s.text}</p>
            <CodeBlock label={`Copy step ${i + 1}: ${s.title}`}>{s.code}</CodeBlock>
          </li>
        ))}
      </ol>
    </div>
  );
}
