/**
 * Performs a `fetch_data` row: one request within the node's timeout. The outcome is not retried
 * here: it goes back to the run as a `data` input, and the journey's `on_error` decides.
 */
import type { Input } from "../../journey/types.ts";
import type { IoEffect } from "../store/outbox-store.ts";
import { httpRequest } from "./http-request.ts";

type FetchEffect = Extract<IoEffect, { type: "fetch_data" }>;

export async function fetchData(effect: FetchEffect, fetchFn: typeof fetch): Promise<Extract<Input, { type: "data" }>> {
  const request = { url: effect.url, method: effect.method, headers: effect.headers, body: effect.body, timeoutMs: effect.timeoutMs };
  const result = await httpRequest(request, fetchFn);
  if (result.type === "ok") return { type: "data", requestKey: effect.key, ok: true, data: result.body };
  return { type: "data", requestKey: effect.key, ok: false, error: result.reason };
}
