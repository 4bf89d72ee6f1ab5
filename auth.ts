import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import { checkLogin } from "@/lib/auth/login";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { requestIp } from "@/lib/rate-limit/policies";
import { loginSchema } from "@/lib/tenants/schemas";

declare module "next-auth" {
  interface User {
    tenantId?: string;
    role?: string;
    sessionVersion?: number;
  }
  interface Session {
    user: {
      id: string;
      email: string;
      name: string;
      tenantId: string;
      role: "admin" | "developer" | "viewer";
      /** users.session_version when this session was issued; see lib/auth/session.ts. */
      sessionVersion: number;
    };
  }
}

/**
 * A login refused by a rate limit. It is still a CredentialsSignin, so Auth.js answers
 * exactly as for a wrong password, with `code=rate_limited` for the login form's message.
 * The code says nothing about the account: unknown emails are limited the same way.
 */
class RateLimitedSignin extends CredentialsSignin {
  code = "rate_limited";
}

/** Email and password, counted against the rate limits before the hash (lib/auth/login.ts). */
async function authorize(raw: unknown, request: Request) {
  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) return null;
  try {
    return await checkLogin(await getDb(), parsed.data.email, parsed.data.password, { ip: requestIp(request.headers) });
  } catch (err) {
    if (err instanceof ApiError && err.code === "rate_limited") throw new RateLimitedSignin();
    throw err;
  }
}

// Lazy config: env() (and the embedded secret file) is read at the first request, not at build.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: process.env.AUTH_TRUST_HOST !== "false",
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [Credentials({ credentials: { email: {}, password: {} }, authorize })],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.tid = user.tenantId;
        token.role = user.role;
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.uid as string;
      session.user.tenantId = token.tid as string;
      session.user.role = token.role as Session["user"]["role"];
      session.user.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
      return session;
    },
  },
  logger: {
    // A wrong password is routine: log one line, never a stack trace or the submitted values.
    error(error) {
      if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") {
        logger().info({ code: (error as CredentialsSignin).code }, "dashboard sign-in refused");
      } else {
        logger().error({ err: { name: error.name, message: error.message } }, "auth error");
      }
    },
    warn(code) {
      logger().warn({ code }, "auth warning");
    },
  },
}));

type Session = import("next-auth").Session;
