/**
 * Channel benchmark (`npm run bench:channels`): sends per second through each provider adapter
 * to a local HTTP sink, and the cost of web push encryption per message, as ratios against a
 * baseline measured in the same run.
 *
 * Baseline: a bare `fetch` POST of a small JSON body to the same sink with the same concurrency —
 * the least any send costs. A channel's ratio says how many bare requests one send costs
 * (request building, crypto, JSON, classification). Sends are pre-rendered, except the
 * "render + send" row, which goes through `sendTemplate` (Liquid render, addressing, send).
 * The sink answers each provider's success shape at once, so the numbers are our overhead,
 * not a provider's latency. Nothing here is asserted: speed is measured, not tested.
 */
import { createECDH, generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import { createDelivery, type Delivery } from "../worker/channels/registry.ts";
import type { Recipient } from "../worker/channels/types.ts";
import { encryptForSubscription } from "../worker/channels/web-push-encrypt.ts";
import type { Template } from "../worker/templates/schema.ts";
import { templateVars } from "../worker/templates/vars.ts";

const SENDS = Number(process.env.BENCH_SENDS ?? 1500);
const CONCURRENCY = 8;

function startSink(): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const path = req.url ?? "";
      const [status, body] = path === "/token" ? [200, { access_token: "ya29.bench", expires_in: 3600 }]
        : path.startsWith("/push/") ? [201, null]
        : path.endsWith("/messages") ? [200, { messages: [{ id: "wamid.1" }] }]
        : path.includes("/Messages.json") ? [201, { sid: "SM1" }]
        : path.endsWith("/users") ? [200, { audience_id: "1", num_received: 1, num_invalid_entries: 0 }]
        : [200, { id: "id-1", MessageID: "m-1", name: "projects/p/messages/1" }];
      res.writeHead(status, body === null ? {} : { "content-type": "application/json" });
      res.end(body === null ? "" : JSON.stringify(body));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}

/** Runs `task` `count` times with CONCURRENCY in flight; returns completions per second. */
async function rate(count: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) await task(next++);
  }));
  return count / ((performance.now() - start) / 1000);
}

function keys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const vapid = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pub = vapid.publicKey.export({ format: "jwk" });
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    subscriber: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: Buffer.alloc(16, 7).toString("base64url") },
    vapid: {
      publicKey: Buffer.concat([Buffer.of(4), Buffer.from(pub.x ?? "", "base64url"), Buffer.from(pub.y ?? "", "base64url")]).toString("base64url"),
      privateKey: vapid.privateKey.export({ format: "jwk" }).d ?? "",
      subject: "mailto:bench@nudge.test",
    },
    pem: rsa.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  };
}

function deliveryFor(base: string, k: ReturnType<typeof keys>, email: "resend" | "sendgrid" | "postmark"): Delivery {
  const emailSettings = email === "postmark" ? { provider: email, serverToken: "t", from: "hi@shop.test", baseUrl: base } : { provider: email, apiKey: "k", from: "Shop <hi@shop.test>", baseUrl: base };
  return createDelivery({
    email: emailSettings,
    sms: { provider: "twilio", accountSid: `AC${"0".repeat(32)}`, authToken: "t", from: "+15005550006", baseUrl: base },
    whatsapp: { provider: "meta", accessToken: "t", phoneNumberId: "1", baseUrl: base },
    web_push: { ...k.vapid, baseUrl: base },
    mobile_push: { provider: "fcm", serviceAccount: { project_id: "p", client_email: "b@p.iam.gserviceaccount.com", private_key: k.pem, token_uri: `${base}/token` }, baseUrl: base },
    audiences: { facebook: { accessToken: "t", baseUrl: base } },
    webhook: { secret: "whsec_0123456789abcdef" },
  });
}

const email: Template = { channel: "email", subject: "Your cart", html: "<p>Hi Ada, your Lamp is waiting.</p>", text: "Hi Ada" };
const cases = (k: ReturnType<typeof keys>): Array<[string, "resend" | "sendgrid" | "postmark", Template, Recipient]> => [
  ["email (Resend)", "resend", email, { channel: "email", email: "ada@example.com" }],
  ["email (SendGrid)", "sendgrid", email, { channel: "email", email: "ada@example.com" }],
  ["email (Postmark)", "postmark", email, { channel: "email", email: "ada@example.com" }],
  ["sms (Twilio)", "resend", { channel: "sms", body: "Hi Ada, 10% off with APP10" }, { channel: "sms", phone: "+14155550100" }],
  ["whatsapp (Meta)", "resend", { channel: "whatsapp", template: { name: "cart", language: "en_US", parameters: ["Ada"] } }, { channel: "whatsapp", phone: "+14155550100" }],
  ["web push (RFC 8291 + VAPID)", "resend", { channel: "web_push", title: "Your cart", body: "Lamp is waiting", url: "https://shop.test/cart" }, { channel: "web_push", subscription: { endpoint: "https://push.example/push/1", keys: k.subscriber } }],
  ["mobile push (FCM v1)", "resend", { channel: "mobile_push", title: "Your cart", body: "Lamp is waiting" }, { channel: "mobile_push", token: "device-1" }],
];

async function main(): Promise<void> {
  const sink = await startSink();
  const k = keys();
  const base = sink.url;
  const bare = () => fetch(`${base}/bare`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"to":"ada@example.com","subject":"Your cart"}' }).then((r) => r.text());
  await rate(SENDS, bare);
  // Each row is paired with a baseline measured just before it: the machine's load drifts.
  const rows: Array<[string, number, number]> = [];
  const measure = async (name: string, task: (i: number) => Promise<unknown>) => {
    await rate(50, task);
    const baseline = await rate(SENDS, bare);
    rows.push([name, await rate(SENDS, task), baseline]);
  };
  for (const [name, provider, rendered, recipient] of cases(k)) {
    const d = deliveryFor(base, k, provider);
    await measure(name, (i) => d.deliver({ key: `bench:${i}`, channel: recipient.channel }, rendered, recipient).then((o) => {
      if (o.type !== "sent") throw new Error(`${name}: ${JSON.stringify(o)}`);
    }));
  }
  const d = deliveryFor(base, k, "resend");
  const vars = templateVars({ userId: "u1", traits: { first_name: "Ada", email: "ada@example.com" }, event: { name: "Added To Cart", properties: { name: "Lamp" }, at: 0 } });
  const template = { channel: "email", subject: "{{ user.first_name }}, your {{ event.properties.name }}", html: "<p>Hi {{ user.first_name | default: 'there' }}</p>{% if event.properties.name %}<b>{{ event.properties.name }}</b>{% endif %}" };
  await measure("email render + send (sendTemplate)", (i) => d.sendTemplate({ key: `bench:${i}`, channel: "email" }, template, { userId: "u1", traits: { email: "ada@example.com" } }, vars));
  await measure("webhook (rendered, HMAC-signed)", (i) => d.webhook({ key: `bench:${i}`, url: `${base}/hook/{{ user.id }}`, method: "POST", headers: {}, body: { name: "{{ user.first_name }}" } }, vars));
  await measure("audience (Meta, 1 user hashed)", (i) => d.audience({ key: `bench:${i}`, provider: "facebook", audience: "1", op: "add" }, [{ email: "ada@example.com", phone: "+14155550100" }]));

  const payload = new TextEncoder().encode(JSON.stringify({ title: "Your cart", body: "Lamp is waiting", url: "https://shop.test/cart", id: "r1:7" }));
  const timeEach = async (count: number, task: () => Promise<unknown>) => {
    const start = performance.now();
    for (let i = 0; i < count; i++) await task();
    return ((performance.now() - start) * 1000) / count;
  };
  await timeEach(200, () => encryptForSubscription(payload, k.subscriber));
  const fetchUs = await timeEach(SENDS, bare);
  const encryptUs = await timeEach(SENDS, () => encryptForSubscription(payload, k.subscriber));
  sink.close();

  console.log(`Channels: ${SENDS} sends per row, ${CONCURRENCY} in flight, local sink (Node ${process.version})\n`);
  console.log("| channel (adapter) | sends/s | bare fetch/s (just before) | ratio (bare fetches per send) |");
  console.log("|---|---|---|---|");
  for (const [name, perSecond, baseline] of rows) console.log(`| ${name} | ${Math.round(perSecond)} | ${Math.round(baseline)} | ${(baseline / perSecond).toFixed(2)} |`);
  console.log(`\nweb push encryption (fresh ECDH key + ECDH + 3 HKDF + AES-128-GCM, ${payload.length}-byte payload): ${encryptUs.toFixed(0)} µs/message; one bare fetch, 1 in flight: ${fetchUs.toFixed(0)} µs; ratio ${(encryptUs / fetchUs).toFixed(2)}`);
}

await main();
