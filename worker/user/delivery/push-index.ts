/**
 * Which user object holds a push subscription, by endpoint, in KV (`pushsub:<workspace>:<sha-256
 * of the endpoint>`): the service worker's `pushsubscriptionchange` re-subscribes without knowing
 * the user, and names only the old endpoint. Written on every subscription save.
 */
import { hex, utf8 } from "../../webhooks/bytes.ts";

const TTL_S = 400 * 86_400;

async function keyOf(workspace: string, endpoint: string): Promise<string> {
  return `pushsub:${workspace}:${hex(new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(endpoint))))}`;
}

export async function indexPushEndpoint(kv: KVNamespace, workspace: string, endpoint: string, objectName: string): Promise<void> {
  await kv.put(await keyOf(workspace, endpoint), objectName, { expirationTtl: TTL_S });
}

/** The object name recorded for `endpoint`, or null. */
export async function pushEndpointObject(kv: KVNamespace, workspace: string, endpoint: string): Promise<string | null> {
  return kv.get(await keyOf(workspace, endpoint));
}
