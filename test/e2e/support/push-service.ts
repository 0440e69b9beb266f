/**
 * A stand-in for the push service on 127.0.0.1: the Worker's web push adapter POSTs here when the
 * workspace's `web_push.baseUrl` points at it (development only: the endpoint's path is kept).
 * Every request is recorded and answered 201 with a Location, as a real push service does.
 *
 * It cannot decrypt what Chromium's subscription gets (the private key stays in the browser), so
 * it also hands out observer subscriptions of its own (a second device of the same user): their
 * copies are decrypted per RFC 8291 to learn the exact payload the Worker sent.
 */
import { createServer } from "node:http";
import { decryptWebPush, subscriber } from "../../channels-pure/channels/helpers/web-push-decrypt.ts";

export interface PushRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface FakePushService {
  origin: string;
  requests: PushRequest[];
  /** A subscription whose pushes this service can read (POST it to /v1/push/subscriptions); they arrive at `/observer/<name>`. */
  observer(name: string): { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
  /** The plaintext of a request made to an observer's endpoint. */
  read(request: PushRequest): string;
  close(): Promise<void>;
}

export async function startFakePushService(): Promise<FakePushService> {
  const requests: PushRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201, { location: `/messages/${requests.length}` }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  if (!address || typeof address == "string") throw new Error("fake push service: no port");
  const keys = subscriber();
  return {
    origin: `http://127.0.0.1:${address.port}`,
    requests,
    // Any https endpoint: the Worker swaps its origin for baseUrl and keeps the path.
    observer: (name) => ({ endpoint: `https://push.observer.test/observer/${name}`, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth } }),
    read: (request) => decryptWebPush(request.body, keys.privateKey, keys.authSecret).plaintext.toString("utf8"),
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
