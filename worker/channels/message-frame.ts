/**
 * Turns a rendered in-app / web overlay / survey message into the frame the browser SDK renders
 * (sdk/protocol.ts `MessageFrame`, sent over `GET /v1/connect` or listed by `GET /v1/inbox`).
 * The User DO calls it in its `browser` sink. Pure.
 */
import type { BrowserMessage } from "./send-message.ts";

/** Mirrors sdk/protocol.ts `MessageFrame` (kept structural: the worker does not compile the SDK). */
export interface MessageFrame {
  type: "message";
  id: string;
  channel: "in_app" | "web_overlay";
  journey?: string;
  template?: string;
  layout: "modal" | "banner" | "slide_in" | "fullscreen";
  title?: string;
  body?: string;
  imageUrl?: string;
  buttons?: Array<{ id: string; label: string; url?: string; style?: "primary" | "secondary" }>;
  survey?: { type: "nps" | "csat" | "question"; question: string; options?: string[] };
  rules?: Record<string, unknown>;
  priority?: number;
  expiresAt?: string;
}

/**
 * The SDK frame for `message`. Buttons get ids: an `event` button's id is its event name (the
 * SDK reports the clicked button id), others `button-<n>`; `rules` and `priority` pass through
 * from the template when present.
 * @example toMessageFrame(message, { journey: "cart", template: "cart-overlay" }).buttons // [{ id: "button-0", label: "Shop", url: "…" }]
 */
export function toMessageFrame(message: BrowserMessage, meta: { journey?: string; template?: string; expiresAt?: string } = {}): MessageFrame {
  const c = message.content;
  const base = { type: "message" as const, id: message.key, channel: message.channel, ...meta };
  const rules: unknown = Reflect.get(c, "rules");
  const priority: unknown = Reflect.get(c, "priority");
  const extra = {
    ...(typeof rules === "object" && rules !== null && !Array.isArray(rules) ? { rules: { ...rules } } : {}),
    ...(typeof priority === "number" ? { priority } : {}),
  };
  if (c.channel === "survey") {
    const survey = { type: c.kind, question: c.question, ...(c.options !== undefined ? { options: c.options } : {}) };
    return { ...base, layout: "modal", ...(c.title !== undefined ? { title: c.title } : {}), survey, ...extra };
  }
  const buttons = c.buttons?.map((b, i) => ({
    id: b.action === "event" && b.value !== undefined ? b.value : `button-${i}`,
    label: b.label,
    ...(b.action === "url" && b.value !== undefined ? { url: b.value } : {}),
  }));
  return { ...base, layout: c.layout, title: c.title, body: c.body, ...(c.image !== undefined ? { imageUrl: c.image } : {}), ...(buttons !== undefined ? { buttons } : {}), ...extra };
}
