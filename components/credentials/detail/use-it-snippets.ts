/*
 * The "Use it" panel's snippets (issue 15 part 4): reading this credential from a backend
 * with the tenant's API key. Built from the server's PUBLIC_URL (lib/env.ts), never from
 * request headers, so what is shown is the address the server answers on. The key stays a
 * placeholder (`$IC_API_KEY`): a secret never appears in the page.
 */

export type UseItSnippets = { url: string; curl: string; fetch: string };

/** The read URL and `curl` / Node `fetch` snippets for credential `id` on `baseUrl`. */
export function useItSnippets(baseUrl: string, id: string): UseItSnippets {
  const url = `${baseUrl.replace(/\/+$/, "")}/api/v1/secrets/${encodeURIComponent(id)}`;
  const curl = `curl -s "${url}" \\\n  -H "Authorization: Bearer $IC_API_KEY"`;
  const fetch = [
    `const res = await fetch(${JSON.stringify(url)}, {`,
    "  headers: { Authorization: `Bearer ${process.env.IC_API_KEY}` },",
    "});",
    "if (!res.ok) throw new Error(`Integration Center answered ${res.status}`);",
    "const { data } = await res.json(); // data.value holds the credential",
  ].join("\n");
  return { url, curl, fetch };
}
