import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ToastProvider } from "@/components/ui/toast";
import { AuditDetails, detailLabel } from "./audit-details";

const render = (value: Record<string, unknown>) =>
  renderToStaticMarkup(createElement(ToastProvider, null, createElement(AuditDetails, { value })));

describe("audit details", () => {
  it("labels keys as words", () => {
    expect(detailLabel("targetType")).toBe("Target type");
    expect(detailLabel("status_detail")).toBe("Status detail");
  });

  it("shows nested objects and lists of objects as labelled values, not JSON", () => {
    const html = render({
      verification: { class: "auth_failed", httpStatus: 401 },
      changes: [{ field: "name" }, { field: "value" }],
    });
    expect(html).toContain('<dt class="text-slate-500">Verification</dt>');
    expect(html).toContain(">Class</dt>");
    expect(html).toContain(">auth_failed<");
    expect(html).toContain(">Http status</dt>");
    expect(html).toContain(">401<");
    expect(html.match(/>Field<\/dt>/g)).toHaveLength(2);
    expect(html).not.toContain("{&quot;");
    expect(html).not.toContain('{"');
  });

  it("falls back to compact JSON below three levels, and for mixed lists", () => {
    const html = render({ a: { b: { c: { d: { e: 1 } } } }, mixed: [1, { x: 2 }] });
    expect(html).toContain(">C</dt>");
    expect(html).toContain("{&quot;e&quot;:1}");
    expect(html).toContain("[1,{&quot;x&quot;:2}]");
  });

  it("shortens ids, with the whole id kept for the copy button", () => {
    const id = "0b5c2f0e-8d4a-4a57-9a3e-2f1d8c7b6a59";
    const html = render({ secretId: id });
    expect(html).toContain(">0b5c2f0e…<");
    expect(html).toContain(`title="${id}"`);
  });
});
