import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { verifySignature } from "@/lib/webhooks/signing";

/**
 * A tenant backend's webhook receiver on 127.0.0.1. It verifies every request's Standard
 * Webhooks signature with the secret it was given (as the README tells a tenant to), and
 * records the request: headers, raw body, parsed body and whether the signature held.
 * `respond` scripts its answers: a list of status codes used in turn (the last one repeats),
 * or "hang" to never answer.
 */
export type Received = {
  headers: Record<string, string | undefined>;
  raw: string;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
  verified: boolean;
  status: number;
};

export type WebhookReceiver = {
  url: string;
  received: Received[];
  /** Only the requests whose signature verified. */
  verified: () => Received[];
  setSecret: (secret: string) => void;
  respond: (codes: (number | "hang")[]) => void;
  reset: () => void;
  close: () => Promise<void>;
};

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let secret = "";
  let script: (number | "hang")[] = [204];
  let served = 0;
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const h = (name: string) => req.headers[name] as string | undefined;
    const verified = verifySignature({
      secret,
      headers: { id: h("webhook-id"), timestamp: h("webhook-timestamp"), signature: h("webhook-signature") },
      body: raw,
    });
    const answer = script[Math.min(served++, script.length - 1)];
    let body: Received["body"];
    try {
      body = JSON.parse(raw);
    } catch {
      body = { type: "", timestamp: "", data: {} };
    }
    received.push({
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      raw,
      body,
      verified,
      status: answer === "hang" ? 0 : answer,
    });
    if (answer === "hang") return;
    // A receiver's answer body is never stored by the sender; this one says so if it were.
    res.writeHead(answer, { "content-type": "text/plain" }).end(`receiver answered ${answer}`);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    verified: () => received.filter((r) => r.verified),
    setSecret: (s) => {
      secret = s;
    },
    respond: (codes) => {
      script = codes;
      served = 0;
    },
    reset: () => {
      received.length = 0;
      script = [204];
      served = 0;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
