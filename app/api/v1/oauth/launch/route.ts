// GET /api/v1/oauth/launch – the authUrl of a started flow: binds it to this browser, then 302 to the provider
import { withPublicApi } from "@/lib/api/with-api";
import { callbackPage, oauthPageLimit } from "@/lib/oauth/callback-page";
import { launchFlow } from "@/lib/oauth/launch";

export const GET = withPublicApi(async ({ req, db, requestId }) => {
  const limited = await oauthPageLimit(db, req.headers, requestId);
  if (limited) return limited;
  const launched = await launchFlow(db, req.nextUrl.searchParams.get("state"));
  if (!launched) {
    return callbackPage({
      code: "invalid_state",
      message: "This sign-in link was already opened, or it expired. Start again.",
      requestId,
    });
  }
  return new Response(null, {
    status: 302,
    headers: { Location: launched.providerUrl, "Set-Cookie": launched.setCookie },
  });
});
