"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { messages as m } from "@/app/embed/messages";
import { ApiRequestError, bearerRequester, type ApiRequester } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import type { OAuthResultMessage } from "@/lib/oauth/flow-schemas";
import { AddConnection } from "./add-connection-client";
import { listConnections } from "./embed-api";
import { EmbedFrame } from "./embed-frame";
import { ConnectionGroups } from "./connection-groups";
import { PickList } from "./pick-list-client";
import { Problem } from "./problem";
import { commandFrom, hostWindow, postToHost, type EmbedEvent } from "./protocol";
import type { Connection, EmbedConfig } from "./types";
import type { RowActions } from "./connection-row-client";

type View = { kind: "list" } | { kind: "add" };
type Notice = { ok: boolean; text: string };

/**
 * Takes the connect-session token out of the address bar (history.replaceState) and keeps it
 * in memory only: no cookie, no storage, so the iframe works where third-party cookies are
 * blocked and the token is not left in the history or a bookmark. Read once per page load.
 */
function useSessionToken(): string | null | undefined {
  const taken = useRef<string | null | undefined>(undefined);
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (taken.current === undefined) {
      const url = new URL(window.location.href);
      taken.current = url.searchParams.get("session");
      if (taken.current !== null) {
        url.searchParams.delete("session");
        window.history.replaceState(null, "", `${url.pathname}${url.search}${url.hash}`);
      }
    }
    // Only the browser knows the address; the server render has no token by design.
    setToken(taken.current);
  }, []);
  return token;
}

/**
 * The embedded connect UI: the end user's connections grouped by app, adding one (OAuth,
 * client credentials, a session-auth login, or the per-type form with its dry run), test, re-authorize and delete; in pick mode, choosing
 * one credential of a component. Every change is reported to the host page at its exact
 * origin (protocol.ts), and only that origin's commands are heard.
 */
export function EmbedApp({ config }: { config: EmbedConfig }) {
  const token = useSessionToken();
  const [problem, setProblem] = useState<"ended" | "network" | null>(null);
  const request = useMemo<ApiRequester | null>(() => {
    if (!token) return null;
    const send = bearerRequester(token);
    // A session that ends while the page is open (expired, or ended by the tenant) ends the UI, whichever call noticed.
    return async (path, method, body) => {
      try {
        return await send(path, method, body);
      } catch (err) {
        if (err instanceof ApiRequestError && err.status === 401) setProblem("ended");
        throw err;
      }
    };
  }, [token]);
  const [theme, setTheme] = useState(config.theme);
  const [connections, setConnections] = useState<Connection[] | null>(null);
  const [view, setView] = useState<View>({ kind: "list" });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const [hosted, setHosted] = useState(false);
  const readySent = useRef(false);
  const byId = useMemo(() => new Map(config.components.map((c) => [c.form.id, c])), [config.components]);
  const post = useCallback((event: EmbedEvent) => postToHost(config.hostOrigins, event), [config.hostOrigins]);
  const pickComponent = config.view === "pick" ? config.pickComponent : null;

  const load = useCallback(async () => {
    if (!request) return;
    try {
      setConnections(await listConnections(request, { componentId: pickComponent }));
      setProblem(null);
      if (!readySent.current) {
        readySent.current = true;
        post({ type: "ready" });
      }
    } catch (err) {
      setProblem(err instanceof ApiRequestError && err.status === 401 ? "ended" : "network");
    }
  }, [request, pickComponent, post]);

  useEffect(() => {
    // Whether a host page is there to hear events is only known in the browser.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setHosted(hostWindow() !== null);
    void load();
  }, [load]);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const command = commandFrom(event, config.hostOrigins);
      if (!command) return;
      if (command.command === "theme") setTheme(command.theme);
      else void load();
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [config.hostOrigins, load]);

  const showList = () => setView({ kind: "list" });
  const created = (secretId: string, componentId: string | null, text: string) => {
    post({ type: "connection.created", secretId, componentId });
    setNotice({ ok: true, text });
    setHighlight(secretId);
    showList();
    void load();
  };
  const onOAuthResult = (result: OAuthResultMessage, componentId: string | null, existing?: Connection) => {
    if (!result.ok) {
      post({ type: "connection.failed", code: result.error, componentId });
      return;
    }
    if (existing) {
      post({ type: "connection.updated", secretId: result.secretId, componentId });
      setNotice({ ok: true, text: m.oauthReauthorized });
      void load();
    } else {
      created(result.secretId, componentId, m.oauthDone);
    }
  };
  const actions: Omit<RowActions, "request"> = {
    oauthMode: config.oauthMode,
    returnTo: config.returnTo,
    onNotice: setNotice,
    onTested: (c) => {
      void load().then(() => post({ type: "connection.updated", secretId: c.id, componentId: c.componentId }));
    },
    onDeleted: (c) => {
      post({ type: "connection.deleted", secretId: c.id, componentId: c.componentId });
      void load();
    },
    onReauthorized: (c, result) => onOAuthResult(result, c.componentId, c),
  };

  let body: React.ReactNode;
  if (token === null) body = <Problem title={m.sessionMissing} help={m.sessionMissingHelp} />;
  else if (problem === "ended") body = <Problem title={m.sessionInvalid} help={m.sessionInvalidHelp} />;
  else if (problem === "network")
    body = (
      <Problem title={m.networkError}>
        <Button variant="secondary" onClick={() => void load()}>
          {m.retry}
        </Button>
      </Problem>
    );
  else if (!request || connections === null)
    body = (
      <p role="status" className="text-sm text-slate-600">
        {m.loading}
      </p>
    );
  else if (view.kind === "add")
    body = (
      <AddConnection
        components={pickComponent ? config.components.filter((c) => c.form.id === pickComponent) : config.components}
        request={request}
        workspace={config.workspace}
        oauthMode={config.oauthMode}
        returnTo={config.returnTo}
        initialComponent={pickComponent}
        locked={!!pickComponent}
        onCancel={showList}
        onCreated={(secret, componentId, text) =>
          created(
            secret.id,
            componentId,
            text ?? (byId.get(componentId)?.form.hasDryRun ? m.savedAndTested(secret.name) : m.saved(secret.name)),
          )
        }
        onFailed={(code, componentId) => post({ type: "connection.failed", code, componentId })}
        onOAuthResult={(result, componentId) => onOAuthResult(result, componentId)}
      />
    );
  else if (pickComponent)
    body = (
      <PickList
        component={byId.get(pickComponent)!}
        connections={connections}
        highlight={highlight}
        actions={{ ...actions, request }}
        onAdd={() => setView({ kind: "add" })}
        onSelect={(c) => {
          post({ type: "connection.selected", secretId: c.id, componentId: c.componentId });
          setNotice({ ok: true, text: m.pickSelected(c.name) });
        }}
      />
    );
  else
    body = (
      <ConnectionGroups
        connections={connections}
        components={byId}
        highlight={highlight}
        actions={{ ...actions, request }}
        onAdd={() => setView({ kind: "add" })}
      />
    );

  return (
    <EmbedFrame
      branding={config.branding}
      theme={theme}
      onClose={hosted ? () => post({ type: "close" }) : undefined}
      notice={notice}
      focusKey={`${view.kind}:${problem ?? ""}`}
    >
      {body}
    </EmbedFrame>
  );
}
