import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, vi, type Mock } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { certificateFor, localhostCertificate } from "./tls";

/*
 * The set-up every native-check test file (lib/verify/native/*.test.ts, lib/verify/database.test.ts)
 * repeated: the allow-list it dials loopback under, a refused port, and a console spy that
 * lets a test prove a password never reached a log line.
 */

/**
 * Saves OUTBOUND_ALLOW_HOSTS now, registers an afterAll that puts it back, and returns
 * `allow(list)`, which sets it (and drops the cached env) for the tests that follow.
 */
export function setupAllowList(): (list: string) => void {
  const saved = process.env.OUTBOUND_ALLOW_HOSTS;
  afterAll(() => {
    if (saved === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
    else process.env.OUTBOUND_ALLOW_HOSTS = saved;
    resetEnvCache();
  });
  return (list: string) => {
    process.env.OUTBOUND_ALLOW_HOSTS = list;
    resetEnvCache();
  };
}

/** For a whole test file: OUTBOUND_ALLOW_HOSTS is `list` (loopback by default) from before its first test, restored after its last. */
export function allowOutboundForFile(list = "127.0.0.1"): void {
  const allow = setupAllowList();
  beforeAll(() => allow(list));
}

/** A port that was just free: listen on 0, note the port, close. A connection to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Replaces console.log/info/warn/error with one mock for each test of the enclosing
 * describe (beforeEach), and restores every mock after it (afterEach, `vi.restoreAllMocks`).
 * Returns the mock: `JSON.stringify(printed.mock.calls)` is everything the code printed.
 */
export function spyOnConsole(): Mock {
  const printed = vi.fn();
  beforeEach(() => {
    for (const level of ["log", "info", "warn", "error"] as const) vi.spyOn(console, level).mockImplementation(printed);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    printed.mockReset();
  });
  return printed;
}

/** A loopback server that accepts connections and never answers, for the deadline tests. */
export type SilentServer = {
  port: number;
  /** Every connection it accepted (a test asserts the check got as far as one). */
  sockets: Socket[];
  /** Destroys the accepted connections and stops listening. */
  close: () => void;
};

/** Starts a {@link SilentServer} on 127.0.0.1 and a free port. */
export const silentServer = (): Promise<SilentServer> => loopbackServer(() => {});

/**
 * A server on 127.0.0.1 and a free port that does `onSocket` with each connection it accepts
 * (nothing more: {@link silentServer} is one that never answers).
 */
export async function loopbackServer(onSocket: (s: Socket) => void): Promise<SilentServer> {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    onSocket(s);
  }).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sockets,
    close: () => {
      sockets.forEach((s) => s.destroy());
      server.close();
    },
  };
}

type Certificate = ReturnType<typeof certificateFor>;

/**
 * For a describe block of TLS check tests: a throwaway certificate for `localhost` and one for
 * `otherName` (made before the block, removed after), and `trust(certPath)`, which makes the
 * check process trust that certificate (run.ts passes NODE_EXTRA_CA_CERTS on, read at its start)
 * until the test ends.
 */
export function setupTlsCertificates(otherName: string) {
  const certs: { local?: Certificate; other?: Certificate } = {};
  beforeAll(() => {
    certs.local = localhostCertificate();
    certs.other = certificateFor(otherName);
  });
  afterAll(() => {
    certs.local?.remove();
    certs.other?.remove();
  });
  const savedCa = process.env.NODE_EXTRA_CA_CERTS;
  afterEach(() => {
    if (savedCa === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = savedCa;
  });
  return {
    /** The certificate for `localhost` only. */
    get local(): Certificate {
      return certs.local!;
    },
    /** The certificate for `otherName` only. */
    get other(): Certificate {
      return certs.other!;
    },
    trust(certPath: string) {
      process.env.NODE_EXTRA_CA_CERTS = certPath;
    },
  };
}
