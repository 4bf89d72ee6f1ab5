import { timestamp, uuid } from "drizzle-orm/pg-core";

/** Columns every table carries: a UUID key and creation/update times. */
export const baseColumns = {
  id: uuid().primaryKey().defaultRandom(),
  createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const ts = (nullable = true) =>
  nullable
    ? timestamp({ withTimezone: true, mode: "date" })
    : timestamp({ withTimezone: true, mode: "date" }).notNull();
