import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { serverNodeOptions } from "./node-options";

describe("serverNodeOptions", () => {
  it("adds the old-space limit to what the caller set", () => {
    expect(serverNodeOptions(undefined, 256)).toBe("--max-old-space-size=256");
    expect(serverNodeOptions(" --enable-source-maps ", 512)).toBe("--enable-source-maps --max-old-space-size=512");
  });

  it("keeps an explicit --max-old-space-size, and 0 leaves Node's own", () => {
    expect(serverNodeOptions("--max-old-space-size=1024", 256)).toBe("--max-old-space-size=1024");
    expect(serverNodeOptions("--max-old-space-size 1024", 256)).toBe("--max-old-space-size 1024");
    expect(serverNodeOptions("--max_old_space_size=1024", 256)).toBe("--max_old_space_size=1024");
    expect(serverNodeOptions("--trace-gc", 0)).toBe("--trace-gc");
    expect(serverNodeOptions(undefined, 0)).toBeUndefined();
  });

  it("is a limit Node accepts in NODE_OPTIONS and applies", () => {
    const limitMb = Number(
      execFileSync(
        process.execPath,
        ["-e", "console.log(require('v8').getHeapStatistics().heap_size_limit / 1048576)"],
        {
          env: { ...process.env, NODE_OPTIONS: serverNodeOptions(undefined, 256) },
          encoding: "utf8",
        },
      ),
    );
    // The old space plus the young generation (a few tens of MB), far below Node's default.
    expect(limitMb).toBeGreaterThanOrEqual(256);
    expect(limitMb).toBeLessThan(400);
  });
});
