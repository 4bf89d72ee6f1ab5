import { describe, expect, it, vi } from "vitest";
import { signUserToken, verifyUserToken } from "./user-tokens";

const claims = {
  endUserId: "7c0b7a4e-3f4a-4e8e-9d55-1b7f6b1c2d3e",
  tenantId: "0b7a4e3f-4a4e-4e9d-951b-7f6b1c2d3e7c",
  username: "u",
};

describe("user tokens", () => {
  it("round-trips claims, also from the verification cache", async () => {
    const { token } = await signUserToken(claims, 60);
    expect(await verifyUserToken(token)).toEqual(claims);
    expect(await verifyUserToken(token)).toEqual(claims);
  });

  it("refuses a cached token once it expires", async () => {
    const { token } = await signUserToken(claims, 60);
    expect(await verifyUserToken(token)).toEqual(claims);
    vi.useFakeTimers({ now: Date.now() + 61_000 });
    try {
      expect(await verifyUserToken(token)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a tampered token even after the genuine one was cached", async () => {
    const { token } = await signUserToken(claims, 60);
    await verifyUserToken(token);
    const [h, p, sig] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, "base64url").toString()), usr: "admin" }),
    ).toString("base64url");
    expect(await verifyUserToken(`${h}.${forged}.${sig}`)).toBeNull();
  });
});
