/**
 * A fake Google push registration service on 127.0.0.1, so Chromium's real
 * pushManager.subscribe() resolves offline (testing-in-chromium.md §2): answers the protobuf
 * check-in and hands out `token=fake:<hex>` registrations. Messages are delivered through CDP
 * instead (there is no MCS server here).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";

function fixed64(tag: number, big: bigint): Buffer {
  const b = Buffer.alloc(9);
  b[0] = tag;
  b.writeBigUInt64LE(big, 1);
  return b;
}

/** AndroidCheckinResponse { stats_ok(1) = true, android_id(7), security_token(8) }. */
const checkin = (): Buffer => Buffer.concat([Buffer.from([0x08, 0x01]), fixed64(0x39, 0x1234567890abcdefn), fixed64(0x41, 0x0fedcba987654321n)]);

export interface FakeGcm {
  /** Tokens handed out, in order (the web push one appears in the subscription endpoint). */
  tokens: string[];
  /** Chromium switches pointing at this server. */
  args: string[];
  close(): Promise<void>;
}

export async function startFakeGcm(): Promise<FakeGcm> {
  const tokens: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url?.startsWith("/checkin")) return res.writeHead(200, { "content-type": "application/x-protobuf" }).end(checkin());
      if (req.url?.startsWith("/c2dm/register3")) {
        const token = `fake:${randomBytes(16).toString("hex")}`;
        tokens.push(token);
        return res.writeHead(200, { "content-type": "text/plain" }).end(`token=${token}`);
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  if (!address || typeof address == "string") throw new Error("fake GCM: no port");
  const base = `http://127.0.0.1:${address.port}`;
  return {
    tokens,
    args: [`--gcm-checkin-url=${base}/checkin`, `--gcm-registration-url=${base}/c2dm/register3`, "--gcm-mcs-endpoint=https://127.0.0.1:9"],
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
