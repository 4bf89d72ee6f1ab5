import { describe, expect, it } from "vitest";
import type { ComponentField } from "@/lib/components/schema";
import { listLabels, movedRoutingFields } from "./routing-change";

const fields: ComponentField[] = [
  { name: "baseUrl", label: "Base URL", required: true },
  { name: "region", label: "Region", required: false, default: "eu" },
  { name: "testPath", label: "Test path", required: false, default: "/" },
];
const routing = ["baseUrl", "region"];
const stored = { baseUrl: "https://a.example", region: "eu", testPath: "/" };
const names = (f: ComponentField[]) => f.map((x) => x.name);

describe("movedRoutingFields", () => {
  it.each([
    [{ ...stored }, []],
    [{ ...stored, baseUrl: " https://a.example " }, []],
    [{ ...stored, testPath: "/me" }, []],
    [{ ...stored, region: "" }, []], // emptied: the default, which is what is stored
    [{ ...stored, baseUrl: "https://b.example" }, ["baseUrl"]],
    [{ ...stored, baseUrl: "https://b.example", region: "us" }, ["baseUrl", "region"]],
  ])("%j → %j", (current, expected) => {
    expect(names(movedRoutingFields(fields, routing, stored, current))).toEqual(expected);
  });
});

describe("listLabels", () => {
  it.each([
    [[], ""],
    [["Base URL"], "Base URL"],
    [["Host", "Port"], "Host and Port"],
    [["A", "B", "C"], "A, B and C"],
  ])("%j → %s", (labels, expected) => {
    expect(listLabels(labels.map((label) => ({ label })))).toBe(expected);
  });
});
