import "server-only";
import type { PGlite, QueryOptions, Results, Transaction } from "@electric-sql/pglite";

type Protocol = typeof import("@electric-sql/pglite").protocol;
type Parse = typeof import("@electric-sql/pglite").parse;

/**
 * How many distinct query texts get a named prepared statement. Drizzle's texts are a few
 * hundred shapes; `inArray` with varying lengths makes more, and past this bound a text simply
 * runs through PGlite's own `query()` again. Each statement keeps its plan in the engine's memory.
 */
const MAX_STATEMENTS = 1_000;
/** Only queries are prepared; migrations' DDL and one-off statements run through `query()`. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

type Statement = { name: string; paramTypes: number[] };

/**
 * PGlite with named prepared statements. PGlite's own `query()` sends Parse, Describe, Bind,
 * Describe and Execute as five separate trips into the engine and makes Postgres parse and plan
 * the text every time. Here each distinct text is parsed once per database as a named statement
 * (its parameter types kept from the one Describe), and every later call is a single
 * Bind/Describe/Execute/Sync message: the plan is reused, as the PostgreSQL driver does.
 *
 * Locks are PGlite's own: outside a transaction a call takes the transaction and query locks as
 * `query()` does, so it never runs inside another caller's transaction; inside one (drizzle's
 * `transaction` hands its callback the wrapped `tx`) it takes the query lock only. Parameters are
 * serialised by their described types with PGlite's serialisers, and rows are parsed with the
 * caller's options (drizzle passes `rowMode` and its own parsers), exactly as `query()` does.
 */
export function preparedPglite(client: PGlite, protocol: Protocol, parse: Parse) {
  const { serialize } = protocol;
  const statements = new Map<string, Statement>();

  /** Whether a text runs prepared; checked before any lock is taken, so a fallback takes its own. */
  const preparable = (text: string) =>
    statements.has(text) || (statements.size < MAX_STATEMENTS && PREPARABLE.test(text));

  async function statement(text: string): Promise<Statement> {
    const known = statements.get(text);
    if (known) return known;
    const name = `ic_s${statements.size + 1}`;
    const { messages } = await client.execProtocol(
      concat([serialize.parse({ name, text, types: [] }), serialize.describe({ type: "S", name }), serialize.sync()]),
      { syncToFs: false },
    );
    const made = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(text, made);
    return made;
  }

  /** Runs one query with the query lock held (the caller holds the transaction lock or is in one). */
  async function run<T>(
    text: string,
    params: unknown[] = [],
    options: QueryOptions | undefined,
    inTransaction: boolean,
  ): Promise<Results<T>> {
    const s = await client._runExclusiveQuery(() => statement(text));
    return client._runExclusiveQuery(async () => {
      const values = params.map((v, i) => {
        if (v === null || v === undefined) return null;
        const oid = s.paramTypes[i];
        const ser = options?.serializers?.[oid] ?? client.serializers[oid];
        return ser ? ser(v) : String(v);
      });
      const message = concat([
        serialize.bind({ statement: s.name, values }),
        serialize.describe({ type: "P" }),
        serialize.execute({}),
        serialize.sync(),
      ]);
      const { messages } = await client.execProtocol(message, { syncToFs: !inTransaction });
      return parse.parseResults(messages, ...parsersFor(options))[0] as Results<T>;
    });
  }

  /**
   * The parsers and options for `parseResults`. Given `options.parsers` (drizzle passes four on
   * every query), PGlite spreads all ~320 default parsers into a new object per call, about
   * 70 µs a query; an object that inherits the defaults and owns the caller's few answers the
   * same lookups (`parsers[oid]`) for almost nothing.
   */
  function parsersFor(options: QueryOptions | undefined): [typeof client.parsers, QueryOptions | undefined] {
    if (!options?.parsers) return [client.parsers, options];
    const parsers = Object.assign(Object.create(client.parsers) as typeof client.parsers, options.parsers);
    return [parsers, { ...options, parsers: undefined }];
  }

  /** `query()` outside a transaction. */
  const query = <T>(text: string, params?: unknown[], options?: QueryOptions) =>
    preparable(text)
      ? client._runExclusiveTransaction(() => run<T>(text, params, options, false))
      : client.query<T>(text, params as never[], options);

  /** A transaction's handle whose `query` uses the prepared path. */
  const wrapTx = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get(target, prop) {
        if (prop === "query") {
          return <T>(text: string, params?: unknown[], options?: QueryOptions) => {
            if (target.closed) throw new Error("Transaction is closed");
            return preparable(text)
              ? run<T>(text, params, options, true)
              : target.query<T>(text, params as never[], options);
          };
        }
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });

  /** The client to hand to drizzle: `query` and `transaction` prepared, everything else PGlite's own. */
  const forDrizzle = new Proxy(client, {
    get(target, prop) {
      if (prop === "query") return query;
      if (prop === "transaction") {
        return <T>(cb: (tx: Transaction) => Promise<T>) => target.transaction((tx) => cb(wrapTx(tx)));
      }
      const v = Reflect.get(target, prop) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });

  /** The hot path's `raw`: rows only. */
  const raw = async <T>(text: string, params: unknown[]) => (await query<T>(text, params)).rows;

  return { forDrizzle, raw };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
