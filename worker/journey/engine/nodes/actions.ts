/**
 * Action nodes: send, survey, update_attribute, fetch_data, webhook, audience. They emit an
 * effect keyed by the node execution (the idempotency key) and go on, except fetch_data, which
 * parks the run until its result comes back.
 */
import type { NodeOf } from "../../schema/nodes.ts";
import { applyPlanned, planAttributeChange } from "../attribute-change.ts";
import { note, type Context } from "../context.ts";
import { go, type Outcome } from "../outcome.ts";
import { durationOr } from "../time-text.ts";

/** `fetch_data` gives up after this long unless the node says otherwise. */
export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;

/** `send` and `survey`: ask the shell to deliver a message (policy and rendering happen there). */
export function runSend(ctx: Context, id: string, node: NodeOf<"send"> | NodeOf<"survey">, key: string): Outcome {
  const run = ctx.run;
  const kind = node.type === "survey" ? "survey" : "message";
  const transactional = node.type === "send" ? node.transactional === true : false;
  ctx.effects.push({
    type: "send",
    key,
    runId: run.id,
    journeyId: run.journeyId,
    version: run.version,
    node: id,
    channel: node.channel,
    template: node.template,
    transactional,
    ...(node.type === "send" && node.to !== undefined ? { to: node.to } : {}),
    kind,
    event: run.trigger,
    data: { ...run.data },
  });
  const what = node.type === "survey" ? "survey" : `send${transactional ? " (transactional)" : ""}`;
  return go("next", node.next, `${what} ${node.channel} template ${node.template}`);
}

/** `update_attribute`: emit the change and apply it to the attributes later nodes of this call see. */
export function runUpdateAttribute(ctx: Context, node: NodeOf<"update_attribute">, key: string): Outcome {
  const planned = planAttributeChange(node, ctx.attributes[node.attribute], ctx.user.timeZone);
  if (!planned.ok) return go("next", node.next, `update_attribute ${node.attribute} not changed: ${planned.why}`);
  ctx.effects.push({ type: "update_attribute", key, attribute: node.attribute, change: planned.change });
  applyPlanned(ctx.attributes, node.attribute, planned.value);
  return go("next", node.next, `update_attribute ${planned.describe}`);
}

/** `fetch_data`: ask the shell to fetch, and park until the `data` input with this request key. */
export function runFetchData(ctx: Context, id: string, node: NodeOf<"fetch_data">, key: string): Outcome {
  const run = ctx.run;
  const timeoutMs = durationOr(node.timeout, DEFAULT_FETCH_TIMEOUT_MS);
  ctx.effects.push({
    type: "fetch_data",
    key,
    runId: run.id,
    node: id,
    url: node.url,
    method: node.method ?? "GET",
    headers: { ...node.headers },
    ...(node.body !== undefined ? { body: node.body } : {}),
    timeoutMs,
    event: run.trigger,
    data: { ...run.data },
  });
  run.waiting = { type: "data", node: id, requestKey: key };
  note(ctx, { node: id, kind: "wait", reason: `fetch_data ${node.method ?? "GET"} ${node.url}: waiting for the response (up to ${timeoutMs / 1000}s) to store as data.${node.store_as}` });
  return { type: "park" };
}

/** `webhook`: fire-and-forget request; the run goes on at once. */
export function runWebhook(ctx: Context, id: string, node: NodeOf<"webhook">, key: string): Outcome {
  const run = ctx.run;
  const method = node.method ?? "POST";
  ctx.effects.push({
    type: "webhook",
    key,
    runId: run.id,
    node: id,
    url: node.url,
    method,
    headers: { ...node.headers },
    ...(node.body !== undefined ? { body: node.body } : {}),
    event: run.trigger,
    data: { ...run.data },
  });
  return go("next", node.next, `webhook ${method} ${node.url}`);
}

/** `audience`: add the user to / remove them from an ad platform audience. */
export function runAudience(ctx: Context, id: string, node: NodeOf<"audience">, key: string): Outcome {
  ctx.effects.push({ type: "audience", key, runId: ctx.run.id, node: id, provider: node.provider, audience: node.audience, op: node.op });
  const verb = node.op === "add" ? "add to" : "remove from";
  return go("next", node.next, `audience: ${verb} ${node.provider} audience ${node.audience}`);
}
