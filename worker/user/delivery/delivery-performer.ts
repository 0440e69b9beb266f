/**
 * The User Durable Object's default Performer. A send that cannot reach its recipient is
 * `suppressed` (unreachable-send.ts: a marketing send to an unsubscribed, bounced or not opted-in
 * channel; any send without an address). Before the other non-transactional sends it applies the
 * workspace's delivery policy (`decideDelivery` over the user's recent sends from the message
 * log): send, `deferred` to the end of quiet hours (the outbox re-decides then, on the one
 * alarm), or `suppressed` with the reason. Sends, webhooks, fetch_data and audience updates then
 * go through the channel adapters (`channelPerformer` over the workspace's Delivery). Dead push
 * subscriptions are deleted as the push service reports them. In development a channel without
 * provider settings goes to the dev sink instead (docs/channels.md).
 */
import { readRuntimeSettings, readWorkspaceBestHour, type RuntimeSettings, type SettingsEnv } from "../../catalog/workspace-settings.ts";
import { channelPerformer } from "../../channels/channel-performer.ts";
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import { capHistorySince, decideDelivery } from "../../delivery/policy/decide-delivery.ts";
import { devSinkPerformer } from "../outbox/dev-sink-performer.ts";
import type { PerformContext, PerformOutcome, Performer } from "../outbox/performer.ts";
import type { OutboxRow } from "../store/outbox-store.ts";
import { afterSend } from "./after-send.ts";
import { storeWorkspaceBestHour } from "./best-hour-store.ts";
import type { PerformerHost } from "./performer-host.ts";
import { unreachableSend } from "./unreachable-send.ts";
import { userContact } from "./user-contact.ts";
import { WorkspaceDelivery } from "./workspace-delivery.ts";

export type DeliveryEnv = SettingsEnv & Pick<Env, "NUDGE_ENV">;

export interface DeliveryPerformerDeps {
  env: DeliveryEnv;
  host: PerformerHost;
  /** The fetch in force (the object's test hook). */
  fetch: () => typeof fetch;
  now: () => number;
}

/** Deliveries survive across outbox passes: one per object (host). */
const deliveries = new WeakMap<PerformerHost, WorkspaceDelivery>();

export function deliveryPerformer(deps: DeliveryPerformerDeps): Performer {
  const { env, host } = deps;
  let holder = deliveries.get(host);
  if (holder === undefined) {
    holder = new WorkspaceDelivery({ host, fetch: deps.fetch, now: deps.now });
    deliveries.set(host, holder);
  }
  const workspaceDelivery = holder;
  const settingsOf = (context: PerformContext) => readRuntimeSettings(env, context.workspace);
  const channels = channelPerformer({
    delivery: async (context) => workspaceDelivery.for(context.workspace, await settingsOf(context), context.browser),
    contact: (context) => userContact(host.store, context.now),
    onUnreachable: (recipient, reason, context) => {
      if (recipient.channel !== "web_push") return;
      host.store.transaction(() => {
        if (!host.store.delivery.push.remove(recipient.subscription.endpoint)) return;
        host.store.trace.append([{ at: context.now, runId: "", journeyId: null, version: null, node: null, kind: "delivery", reason: `web push subscription removed (${reason})` }]);
      });
    },
  });

  return {
    async perform(row: OutboxRow, context: PerformContext): Promise<PerformOutcome> {
      const settings = await settingsOf(context);
      // Keep the workspace's best hour at hand for best_time waits (cached an hour per isolate).
      const hour = await readWorkspaceBestHour(env, context.workspace);
      host.store.transaction(() => storeWorkspaceBestHour(host.store.meta, hour));
      const effect = row.effect;
      if (effect.type === "send") {
        const unreachable = unreachableSend(effect, { ...userContact(host.store, context.now), userId: context.userId, traits: context.traits }, context.now);
        if (unreachable !== null) return unreachable;
        const decided = effect.transactional ? null : policyOutcome(settings, effect.channel, context);
        if (decided !== null) return decided;
      }
      if (useDevSink(env, settings, effect)) return devSinkPerformer.perform(row, context);
      const outcome = await channels.perform(row, context);
      if (effect.type !== "send" || outcome.type !== "sent") return outcome;
      await afterSend({ env, host, context, channel: effect.channel, to: effect.to, providerId: outcome.providerId });
      return outcome.detail === undefined ? { ...outcome, detail: providerName(settings, effect.channel) } : outcome;
    },
    fetchData: (row, context) => channels.fetchData?.(row, context) ?? Promise.resolve({ type: "data", requestKey: row.key, ok: false, error: "fetch_data is not supported" }),
  };
}

/** The policy's decision as an outcome, or null to send now. */
function policyOutcome(settings: RuntimeSettings, channel: Parameters<typeof decideDelivery>[0]["channel"], context: PerformContext): PerformOutcome | null {
  const policy = settings.policy ?? undefined;
  if (policy === undefined) return null;
  const since = capHistorySince(policy, channel, context.now, context.timeZone);
  const decision = decideDelivery({
    policy, channel, transactional: false, now: context.now, timeZone: context.timeZone,
    sentAt: since === null ? [] : context.sentAt(channel, since),
  });
  switch (decision.type) {
    case "send": return null;
    case "delay": return { type: "deferred", until: decision.until, reason: decision.reason };
    case "suppress": return { type: "suppressed", reason: decision.reason } satisfies DeliveryOutcome;
  }
}

/** In development, a channel (or audience platform) without provider settings goes to the dev sink. */
function useDevSink(env: DeliveryEnv, settings: RuntimeSettings, effect: OutboxRow["effect"]): boolean {
  if (env.NUDGE_ENV !== "development") return false;
  const channels = settings.channels ?? {};
  if (effect.type === "send") return !(effect.channel === "in_app" || effect.channel === "web_overlay") && channels[effect.channel] === undefined;
  if (effect.type === "audience") {
    const audiences: unknown = channels["audiences"];
    return typeof audiences !== "object" || audiences === null || Reflect.get(audiences, effect.provider) === undefined;
  }
  return false;
}

/** The provider the message log names for a sent message. */
function providerName(settings: RuntimeSettings, channel: string): string {
  const section: unknown = settings.channels?.[channel];
  const provider: unknown = typeof section === "object" && section !== null ? Reflect.get(section, "provider") : undefined;
  if (typeof provider === "string") return provider;
  return channel === "web_push" ? "web_push" : channel;
}
