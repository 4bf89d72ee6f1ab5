import { z } from "zod";
import { emptyAuth, type SecretTypeDef } from "./common";

export const noAuthSchema = z.strictObject({});

export const noAuth: SecretTypeDef<typeof noAuthSchema> = {
  type: "NO_AUTH",
  label: "No authentication",
  schema: noAuthSchema,
  fields: [],
  mask: () => ({}),
  apply: () => emptyAuth(),
};
