import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { nativeTypeNames } from "@/lib/secrets/types";
import {
  MONGODB_SRV_CASES,
  NATIVE_SSRF_HOSTS,
  NATIVE_SSRF_VALUES,
  SSRF_CASES,
  type CaseOutcome,
  type NativeCaseOutcome,
  type SrvCaseOutcome,
} from "./ssrf-cases";

// The cases run in a child inside a fresh network namespace with only `lo`, so a policy
// bug turns into ENETUNREACH instead of a packet to a real private or public address.
const root = path.resolve(__dirname, "../..");
const tools = ["/usr/bin/unshare", "/usr/sbin/ip"];

interface Report {
  interfaces: string[];
  cases: CaseOutcome[];
  control: CaseOutcome;
  redirect: CaseOutcome;
  metadata: CaseOutcome;
  hits: Record<string, number>;
  port: number;
  native: NativeCaseOutcome[];
  nativeControl: NativeCaseOutcome;
  srv: SrvCaseOutcome[];
}

let report: Report;

beforeAll(async () => {
  const missing = tools.filter((t) => !existsSync(t));
  if (missing.length) {
    throw new Error(`SSRF tests need ${missing.join(", ")} (apt packages util-linux and iproute2)`);
  }
  const script = "ip link set lo up && exec node_modules/.bin/tsx --conditions=react-server lib/verify/ssrf-cases.ts";
  const { stdout } = await promisify(execFile)("unshare", ["-n", "sh", "-c", script], {
    cwd: root,
    timeout: 60_000,
    // An AUTH_SECRET keeps env() from writing a secret file; the allow-list starts empty.
    env: { ...process.env, OUTBOUND_ALLOW_HOSTS: "", AUTH_SECRET: randomBytes(32).toString("hex") },
  });
  report = JSON.parse(stdout.trim().split("\n").at(-1) ?? "");
}, 90_000);

describe("SSRF policy (loopback-only namespace, empty allow-list)", () => {
  it("ran in a namespace that has nothing but loopback", () => {
    expect(report.interfaces).toEqual(["lo"]);
    expect(report.cases.map((c) => c.url)).toEqual(SSRF_CASES.map((c) => c.url));
  });

  it.each(SSRF_CASES)("blocks $url before connecting", ({ url, reason }) => {
    const got = report.cases.find((c) => c.url === url);
    expect(got).toMatchObject({ outcome: "blocked", connects: 0 });
    expect(got?.message).toContain(reason);
  });

  it("counts connects when a request is allowed (so 0 above means something)", () => {
    expect(report.control).toMatchObject({ outcome: "response", status: 200, connects: 1 });
  });

  it("returns a 302 as-is and never follows it, even to an allowed host", () => {
    expect(report.redirect).toMatchObject({
      outcome: "response",
      status: 302,
      location: `http://127.0.0.1:${report.port}/internal`,
      connects: 1,
    });
    expect(report.hits["/redirect"]).toBe(1);
    expect(report.hits["/internal"]).toBeUndefined();
  });

  it("keeps blocking the metadata address when only loopback is allow-listed", () => {
    expect(report.metadata).toMatchObject({ outcome: "blocked", connects: 0 });
    expect(report.metadata.message).toContain("(link-local)");
  });
});

describe("SSRF policy for native connector checks (same namespace, empty allow-list)", () => {
  it("has a case for every native connector type", () => {
    const missing = nativeTypeNames.filter((t) => !Object.hasOwn(NATIVE_SSRF_VALUES, t));
    expect(missing, "add a line per type to NATIVE_SSRF_VALUES in lib/verify/ssrf-cases.ts").toEqual([]);
  });

  it("tries every address spelling the HTTP table refuses, as written there", () => {
    expect(NATIVE_SSRF_HOSTS).toEqual(
      expect.arrayContaining([
        // The first native table's hosts…
        ...["127.0.0.1", "localhost", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1"],
        ...["0.0.0.0", "::1", "::ffff:127.0.0.1", "fd00::1"],
        // …and the other spellings of loopback, IPv6 forms and special ranges, unnormalised.
        ...["127.1", "2130706433", "0x7f.1", "0177.0.0.1", "017700000001", "127.0.0.1.", "LOCALHOST."],
        ...["::ffff:7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "::", "fe80::1"],
        ...["224.0.0.1", "255.255.255.255", "192.0.2.1"],
      ]),
    );
    expect(NATIVE_SSRF_HOSTS).not.toContain("example.com");
    expect(report.native).toHaveLength(Object.keys(NATIVE_SSRF_VALUES).length * NATIVE_SSRF_HOSTS.length);
  });

  const grid = Object.keys(NATIVE_SSRF_VALUES).flatMap((type) => NATIVE_SSRF_HOSTS.map((host) => ({ type, host })));
  it.each(grid)("$type at $host is blocked by the policy before any socket or check process", ({ type, host }) => {
    const got = report.native.find((c) => c.type === type && c.host === host);
    expect(got).toMatchObject({ outcome: "blocked", code: "blocked", connects: 0, spawned: false });
  });

  it("dials an allowed host (so 0 connects above means something)", () => {
    expect(report.nativeControl).toMatchObject({ outcome: "network", connects: 1, spawned: true });
  });
});

describe("mongodb+srv:// targets resolved through a loopback DNS server (same namespace, 127.0.0.1 allowed)", () => {
  const refused = MONGODB_SRV_CASES.filter((c) => c.expect === "blocked");
  it.each(refused)("refuses $label: blocked, no check process, no socket", ({ label }) => {
    const got = report.srv.find((c) => c.label === label);
    expect(got).toMatchObject({ outcome: "blocked", code: "blocked", connects: 0, spawned: false, accepted: 0 });
    // The targets' addresses came from the loopback server, not the system resolver.
    expect(got?.questions).toEqual(expect.arrayContaining(["A s0.ab1cd.test.example"]));
  });

  it("passes when every target resolves to an allowed address (so the refusals above mean something)", () => {
    const control = MONGODB_SRV_CASES.filter((c) => c.expect === "ok");
    expect(control).toHaveLength(1);
    const got = report.srv.find((c) => c.label === control[0].label);
    expect(got).toMatchObject({ outcome: "ok", connects: 1, spawned: true });
    expect(got?.accepted).toBeGreaterThan(0);
    expect(got?.questions).toEqual(
      expect.arrayContaining(["SRV _mongodb._tcp.cluster0.ab1cd.test.example", "A s0.ab1cd.test.example"]),
    );
  });
});
