import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { checkLogin } from "@/lib/auth/login";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { loginSchema } from "@/lib/tenants/schemas";

declare module "next-auth" {
  interface User {
    tenantId?: string;
    role?: string;
  }
  interface Session {
    user: { id: string; email: string; name: string; tenantId: string; role: "admin" | "developer" | "viewer" };
  }
}

/** Email and password, checked with lockout after repeated failures (lib/auth/login.ts). */
async function authorize(raw: unknown) {
  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) return null;
  return checkLogin(await getDb(), parsed.data.email, parsed.data.password);
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
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.uid as string;
      session.user.tenantId = token.tid as string;
      session.user.role = token.role as Session["user"]["role"];
      return session;
    },
  },
  logger: {
    // A wrong password is routine: log one line, never a stack trace or the submitted values.
    error(error) {
      if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") {
        logger().info("dashboard sign-in refused");
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
