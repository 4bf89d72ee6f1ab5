// /api/auth/* – Auth.js sign-in, sign-out, session and CSRF endpoints
import { handlers } from "@/auth";

export const { GET, POST } = handlers;
