import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { CodeBlock } from "./code-block";
import { describeSchema, type Operation } from "./openapi-view";

const methodTones: Record<string, string> = {
  get: "bg-sky-50 text-sky-800 ring-sky-600/30",
  post: "bg-green-50 text-green-800 ring-green-600/30",
  patch: "bg-amber-50 text-amber-800 ring-amber-600/30",
  put: "bg-amber-50 text-amber-800 ring-amber-600/30",
  delete: "bg-red-50 text-red-700 ring-red-600/30",
};

/** One method on one path: summary, who may call it, parameters, and the request and response schemas. */
export function OperationCard({ op, serverUrl }: { op: Operation; serverUrl: string }) {
  const method = op.method.toUpperCase();
  const body = Object.entries(op.requestBody?.content ?? {});
  // The success answers' schemas; the shared error shape is described once, in the page's intro.
  const answers = Object.entries(op.responses).flatMap(([status, r]) =>
    status === "default"
      ? []
      : Object.entries(r.content ?? {}).map(([type, c]) => ({ status, type, schema: c.schema })),
  );
  return (
    <article id={op.anchor} aria-labelledby={`${op.anchor}-title`} className="space-y-3 px-5 py-4">
      <h4 id={`${op.anchor}-title`} className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
        <span
          className={`inline-flex w-16 justify-center rounded-md px-2 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset ${methodTones[op.method] ?? ""}`}
        >
          {method}
        </span>
        {/* wrap-anywhere: a full URL has no break opportunity and would widen a phone's page. */}
        <code className="font-mono text-xs wrap-anywhere text-slate-600">
          {serverUrl}
          {op.path}
        </code>
        <span className="sr-only"> – </span>
        <span>{op.summary}</span>
      </h4>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">Auth</dt>
        <dd className="flex flex-wrap gap-1.5">
          {op.callers.length > 0
            ? op.callers.map((c) => (
                <code key={c.scheme} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">
                  {c.scheme}
                  {/* The session scheme lists the dashboard roles the route admits. */}
                  {c.roles.length > 0 ? ` (${c.roles.join(", ")})` : null}
                </code>
              ))
            : "None"}
        </dd>
        <dt className="text-slate-600">Responses</dt>
        <dd className="text-slate-800">
          {Object.entries(op.responses)
            .map(([status, r]) => `${status} ${r.description}`)
            .join(" · ")}
        </dd>
      </dl>
      {op.parameters.length > 0 ? (
        <div className="overflow-hidden rounded-md ring-1 ring-slate-200">
          <Table caption={`Parameters of ${method} ${op.path}`}>
            <THead>
              <tr>
                <Th>Parameter</Th>
                <Th>In</Th>
                <Th>Required</Th>
                <Th>Schema</Th>
                <Th>Description</Th>
              </tr>
            </THead>
            <TBody>
              {op.parameters.map((p) => (
                <tr key={`${p.in}-${p.name}`}>
                  <Td className="font-mono text-xs">{p.name}</Td>
                  <Td>{p.in}</Td>
                  <Td>{p.required ? "Yes" : "No"}</Td>
                  <Td className="font-mono text-xs break-all">{describeSchema(p.schema)}</Td>
                  <Td>{p.description ?? ""}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        </div>
      ) : null}
      {body.map(([type, { schema }]) => (
        <details key={type} className="group rounded-md ring-1 ring-slate-200">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800 select-none hover:bg-slate-50">
            Request body schema <span className="font-normal text-slate-600">({type})</span>
          </summary>
          <div className="border-t border-slate-200 p-3">
            <CodeBlock label={`Copy the request body schema of ${method} ${op.path}`}>
              {JSON.stringify(schema, null, 2)}
            </CodeBlock>
          </div>
        </details>
      ))}
      {answers.map((a) => (
        <details key={`${a.status}-${a.type}`} className="group rounded-md ring-1 ring-slate-200">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800 select-none hover:bg-slate-50">
            Response schema{" "}
            <span className="font-normal text-slate-600">
              ({a.status}, {a.type})
            </span>
          </summary>
          <div className="border-t border-slate-200 p-3">
            <CodeBlock label={`Copy the ${a.status} response schema of ${method} ${op.path}`}>
              {JSON.stringify(a.schema, null, 2)}
            </CodeBlock>
          </div>
        </details>
      ))}
    </article>
  );
}
