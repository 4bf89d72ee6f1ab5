import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { dummyHash, verifyPassword } from "@/lib/auth/password";
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

/** Checks email and password; the same work is done for unknown emails to hide which exist. */
async function authorize(raw: unknown) {
  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) return null;
  const db = await getDb();
  const email = parsed.data.email.trim().toLowerCase();
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const valid = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !valid) return null;
  const [m] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.userId, user.id)))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (!m) return null;
  return { id: user.id, email: user.email, name: user.name, tenantId: m.tenantId, role: m.role };
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
