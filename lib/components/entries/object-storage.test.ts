import { describe, expect, it } from "vitest";
import { renderRequestAuth } from "@/lib/secrets/render";
import { awsSchema } from "@/lib/secrets/types/aws";
import { awsRequest } from "@/lib/verify/native/aws";
import { getComponent, resolveConfig } from "../index";

/*
 * The S3-compatible entries without the network: the config a form or API caller gives is
 * checked against the provider's endpoint form, the check is HeadBucket path-style at that
 * endpoint, and request-auth answers the SDK options for it. The checks themselves run against
 * s3rver and a SigV4-verifying fake (lib/verify/native/aws.test.ts, tests/connectors-object-storage.test.ts).
 */
const byId = (id: string) => {
  const entry = getComponent(id);
  if (!entry) throw new Error(`missing ${id}`);
  return entry;
};

const cases = [
  {
    id: "digitalocean-spaces",
    endpoint: "https://nyc3.digitaloceanspaces.com",
    host: "nyc3.digitaloceanspaces.com",
    region: "us-east-1",
    elsewhere: [
      "https://nyc3.digitaloceanspaces.com.evil.example",
      "http://nyc3.digitaloceanspaces.com",
      "https://photos.nyc3.digitaloceanspaces.com",
      "https://nyc3.digitaloceanspaces.com/path",
      "https://s3.amazonaws.com",
    ],
  },
  {
    id: "backblaze-b2-s3",
    endpoint: "https://s3.us-west-004.backblazeb2.com",
    host: "s3.us-west-004.backblazeb2.com",
    region: "us-west-004",
    elsewhere: [
      "https://s3.us-west-004.backblazeb2.com.evil.example",
      "http://s3.us-west-004.backblazeb2.com",
      "https://api.backblazeb2.com",
      "https://s3.us-west-004.backblazeb2.com/bucket",
      "https://nyc3.digitaloceanspaces.com",
    ],
  },
];

describe.each(cases)("$id", (c) => {
  const entry = byId(c.id);
  const value = awsSchema.parse({
    accessKeyId: "004a1b2c3d4e5f0000000001",
    secretAccessKey: "K004secret",
    region: c.region,
  });
  const resolved = (config: Record<string, string>) => resolveConfig(entry, config);

  it("takes AWS keys with the native dry run, a required bucket and the provider's endpoint", () => {
    expect(entry).toMatchObject({ authTypes: ["AWS"], dryRun: { kind: "native" }, baseUrl: "{{endpoint}}" });
    expect(entry.fields.map((f) => [f.name, f.required])).toEqual([
      ["bucket", true],
      ["endpoint", true],
    ]);
    expect(resolved({ bucket: "backups", endpoint: c.endpoint })).toEqual({
      ok: true,
      values: { bucket: "backups", endpoint: c.endpoint },
    });
  });

  it("refuses a missing bucket or endpoint", () => {
    const paths = (config: Record<string, string>) => {
      const r = resolved(config);
      return r.ok ? [] : r.issues.map((i) => i.path);
    };
    expect(paths({ endpoint: c.endpoint })).toEqual(["config.bucket"]);
    expect(paths({ bucket: "backups" })).toEqual(["config.endpoint"]);
  });

  it.each(c.elsewhere)("refuses the endpoint %s", (endpoint) => {
    const r = resolved({ bucket: "backups", endpoint });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(["config.endpoint"]);
  });

  it("checks with HeadBucket, path-style at the endpoint, dialling only the endpoint's host", () => {
    const r = resolved({ bucket: "backups", endpoint: c.endpoint });
    if (!r.ok) throw new Error("config refused");
    expect(awsRequest(value, r.values)).toEqual({
      action: "head-bucket",
      url: `${c.endpoint}/backups`,
      target: { host: c.host, port: 443 },
    });
  });

  it("answers request-auth with the SigV4 parts, the bucket and the endpoint, path-style", () => {
    const r = resolved({ bucket: "backups", endpoint: c.endpoint });
    if (!r.ok) throw new Error("config refused");
    expect(renderRequestAuth({ type: "AWS", value, entry, config: r.values })).toEqual({
      headers: {},
      query: {},
      cookies: {},
      connection: {
        accessKeyId: value.accessKeyId,
        secretAccessKey: value.secretAccessKey,
        region: c.region,
        bucket: "backups",
        endpoint: c.endpoint,
        forcePathStyle: true,
      },
    });
  });
});
