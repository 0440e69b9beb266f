/**
 * Finds the user a provider callback is about when the callback does not carry our delivery key:
 * Resend and Twilio callbacks name the provider's message id and the recipient address only. After
 * each e-mail, SMS or WhatsApp send the User Durable Object records, in KV, its provider message id
 * (kept 35 days) and the address it used (kept 400 days; rewritten only when it changes) → its
 * object id. The webhook route reads them. KV is eventually consistent across locations: a
 * callback that arrives within seconds at another edge location may find nothing and is then
 * answered 200 and counted as unmatched.
 */

const MESSAGE_TTL_S = 35 * 86_400;
const ADDRESS_TTL_S = 400 * 86_400;

export function providerMessageIndexKey(workspace: string, providerMessageId: string): string {
  return `pmsg:${workspace}:${providerMessageId}`;
}

export function addressIndexKey(workspace: string, address: string): string {
  return `addr:${workspace}:${address.trim().toLowerCase()}`;
}

/** Records which object sent `providerMessageId` (and, when given, uses `address`). */
export async function indexSentMessage(kv: KVNamespace, workspace: string, objectId: string, providerMessageId: string | undefined, address: string | undefined): Promise<void> {
  const writes: Promise<void>[] = [];
  if (providerMessageId !== undefined) writes.push(kv.put(providerMessageIndexKey(workspace, providerMessageId), objectId, { expirationTtl: MESSAGE_TTL_S }));
  if (address !== undefined) writes.push(kv.put(addressIndexKey(workspace, address), objectId, { expirationTtl: ADDRESS_TTL_S }));
  await Promise.all(writes);
}

/** The object id recorded for a provider message id, else for an address; null when neither is known. */
export async function lookupIndexedObject(kv: KVNamespace, workspace: string, ref: { providerMessageId?: string | undefined; address?: string | undefined }): Promise<string | null> {
  if (ref.providerMessageId !== undefined) {
    const found = await kv.get(providerMessageIndexKey(workspace, ref.providerMessageId));
    if (found !== null) return found;
  }
  if (ref.address !== undefined) return kv.get(addressIndexKey(workspace, ref.address));
  return null;
}
