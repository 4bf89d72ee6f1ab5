/**
 * Drives oidc-provider's development login and consent pages headlessly, the way a browser
 * would: it follows the provider's redirects by hand (carrying its cookies), posts the
 * sign-in form with any login and password, then the consent form, and stops at the first
 * redirect to `redirectUri`. Returns that callback URL (with `code`, `state` and `iss`, or
 * `error`), unvisited, so the test decides how to deliver it.
 *
 * `abort: true` clicks the consent page's abort link instead, which makes the provider
 * send `error=access_denied` back.
 */
export async function loginAtProvider(
  authUrl: string,
  redirectUri: string,
  opts: { login?: string; abort?: boolean } = {},
): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      // An expired cookie is how the provider deletes one.
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") jar.delete(name);
      else jar.set(name, value);
    }
  };

  let url = new URL(authUrl);
  let init: RequestInit = { method: "GET" };
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as object), cookie: cookieHeader() },
    });
    remember(res);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get("location")!, url);
      await res.body?.cancel();
      if (next.href.startsWith(redirectUri)) return next;
      url = next;
      init = { method: "GET" };
      continue;
    }
    const html = await res.text();
    if (res.status !== 200)
      throw new Error(`provider answered ${res.status} at ${url.pathname}: ${html.slice(0, 300)}`);
    if (opts.abort && /name="prompt" value="consent"/.test(html)) {
      const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
      if (!abort) throw new Error("no abort link on the consent page");
      url = new URL(abort.replace(/&amp;/g, "&"), url);
      init = { method: "GET" };
      continue;
    }
    const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no login or consent form at ${url.pathname}`);
    const form = new URLSearchParams({ prompt });
    if (prompt === "login") {
      form.set("login", opts.login ?? "alice");
      form.set("password", "any-password");
    }
    url = new URL(action.replace(/&amp;/g, "&"), url);
    init = { method: "POST", body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  throw new Error("the provider did not redirect back within 20 steps");
}
