/**
 * The User Durable Object's Performer backed by the channel adapters: `send` rows are rendered
 * from the catalog's template and sent on the workspace's providers, `webhook` and `fetch_data`
 * rows are rendered and performed, `audience` rows update the ad platform with the user's e-mail
 * and phone. Plug it into the outbox in place of the dev sink. Delivery policy (caps, quiet
 * hours) is not decided here: wrap this performer for that.
 */
import type { Input } from "../journey/types.ts";
import { templateVars, type TemplateVars } from "../templates/vars.ts";
import type { PerformContext, PerformOutcome, Performer } from "../user/outbox/performer.ts";
import type { OutboxRow } from "../user/store/outbox-store.ts";
import type { ContactProfile } from "./contact.ts";
import type { Delivery } from "./registry.ts";
import type { Recipient } from "./types.ts";

export interface ChannelPerformerOptions {
  /** The workspace's Delivery (create it once per workspace and keep it: it caches tokens). */
  delivery(context: PerformContext): Delivery | Promise<Delivery>;
  /** Profile state beyond traits: push subscriptions, FCM tokens, dead channels, last SDK session. */
  contact?(context: PerformContext): Partial<Omit<ContactProfile, "userId" | "traits">> | Promise<Partial<Omit<ContactProfile, "userId" | "traits">>>;
  /** Told about each address found dead while sending (delete that push subscription or token). */
  onUnreachable?(recipient: Recipient, reason: string, context: PerformContext): void | Promise<void>;
}

/**
 * @example
 * routingPerformer({ send: performer, webhook: performer, audience: performer })
 * // with performer = channelPerformer({ delivery: () => delivery, contact: (c) => ({ webPush: subscriptionsOf(c) }) })
 */
export function channelPerformer(options: ChannelPerformerOptions): Performer {
  return {
    async perform(row: OutboxRow, context: PerformContext): Promise<PerformOutcome> {
      const effect = row.effect;
      const delivery = await options.delivery(context);
      const attempt = { attempt: context.attempt };
      const key = context.idempotencyKey;
      switch (effect.type) {
        case "send": {
          const template = await context.catalog.template(context.workspace, effect.template);
          if (template === null) return { type: "failed", reason: `template ${effect.template} not found` };
          const contact: ContactProfile = { ...(await options.contact?.(context)), userId: context.userId, traits: context.traits };
          const vars = varsOf(context, effect, { id: effect.journeyId, version: effect.version, node: effect.node, runId: effect.runId });
          const send = { key, channel: effect.channel, kind: effect.kind, to: effect.to, transactional: effect.transactional };
          const report = await delivery.sendTemplate(send, template, contact, vars, attempt);
          for (const r of report.results) if (r.outcome.type === "unreachable") await options.onUnreachable?.(r.recipient, r.outcome.reason, context);
          return report.outcome;
        }
        case "webhook":
          return delivery.webhook({ ...effect, key }, varsOf(context, effect, { node: effect.node, runId: effect.runId }), attempt);
        case "audience":
          return delivery.audience({ ...effect, key }, [{ email: text(context.traits["email"]), phone: text(context.traits["phone"]) }], attempt);
        case "fetch_data":
          return { type: "failed", reason: "fetch_data rows go through fetchData()" };
      }
    },
    async fetchData(row, context): Promise<Extract<Input, { type: "data" }>> {
      const effect = row.effect;
      const delivery = await options.delivery(context);
      const result = await delivery.fetchData({ ...effect, key: context.idempotencyKey }, varsOf(context, effect, { node: effect.node, runId: effect.runId }));
      return result.ok ? { type: "data", requestKey: effect.key, ok: true, data: result.data } : { type: "data", requestKey: effect.key, ok: false, error: result.error };
    },
  };
}

function varsOf(context: PerformContext, effect: { event: { name: string; properties: Record<string, unknown>; at: number; id?: string | undefined }; data: Record<string, unknown> }, journey: NonNullable<Parameters<typeof templateVars>[0]["journey"]>): TemplateVars {
  return templateVars({ userId: context.userId, traits: context.traits, event: effect.event, data: effect.data, journey });
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
