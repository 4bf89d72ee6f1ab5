import { z } from "zod";
import { roles } from "@/lib/auth/roles";

/** Shared by the API and the dashboard forms. */
export const emailSchema = z.email("Enter a valid email address").max(254);
export const passwordSchema = z.string().min(12, "Use at least 12 characters").max(200, "Use at most 200 characters");

export const signupSchema = z.strictObject({
  organization: z.string().trim().min(1, "Enter your organisation's name").max(100),
  email: emailSchema,
  password: passwordSchema,
});

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200),
});

export const roleSchema = z.enum(roles);

export const addMemberSchema = z.strictObject({
  email: emailSchema,
  name: z.string().trim().max(100).optional(),
  role: roleSchema,
  password: passwordSchema,
});

export const updateMemberSchema = z.strictObject({ role: roleSchema });

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, "Give the key a name").max(100),
});

export const createWorkspaceSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Use 1–40 lowercase letters, digits and dashes"),
  /** Blank means "use the slug". */
  name: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined),
});

export const changePasswordSchema = z
  .strictObject({
    currentPassword: z.string().min(1, "Enter your current password").max(200),
    newPassword: passwordSchema,
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "Choose a different password",
  });
