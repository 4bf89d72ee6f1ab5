// GET /api/v1/callback – the OAuth redirect URI: completes a flow, then sends the browser on
import { withPublicApi } from "@/lib/api/with-api";
import { CallbackError, completeCallback } from "@/lib/oauth/callback";
import { callbackPage, oauthPageLimit, withQuery } from "@/lib/oauth/callback-page";
import { bindingCookieName, clearBindingCookie } from "@/lib/oauth/launch";

// A browser lands here, not an API client: failures are a small HTML page (status 400) that
// tells a popup's opener and closes it, or a redirect to the flow's successUrl with ?error=.
export const GET = withPublicApi(async ({ req, db, requestId }) => {
  const limited = await oauthPageLimit(db, req.headers, requestId);
  if (limited) return limited;
  const params = req.nextUrl.searchParams;
  const state = params.get("state");
  const browser = state ? req.cookies.get(bindingCookieName(state))?.value : undefined;
  let res: Response;
  try {
    const done = await completeCallback(db, { params, browser, requestId });
    const to = done.successUrl
      ? withQuery(done.successUrl, { secretId: done.secretId })
      : `/oauth/result?secretId=${done.secretId}`;
    res = new Response(null, { status: 302, headers: { Location: to } });
  } catch (err) {
    if (!(err instanceof CallbackError)) throw err;
    res = err.successUrl
      ? new Response(null, { status: 302, headers: { Location: withQuery(err.successUrl, { error: err.code }) } })
      : callbackPage({ code: err.code, message: err.message, requestId });
  }
  if (browser && state) res.headers.append("Set-Cookie", clearBindingCookie(state));
  return res;
});
