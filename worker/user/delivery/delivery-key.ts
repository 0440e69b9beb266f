/**
 * Delivery keys: every send's idempotency key is `<object id>.<first seen, base 36>.<outbox key>`
 * (outbox/perform-context.ts). The object id (64 hex characters) routes a provider callback, a
 * browser report or an unsubscribe link back to the user's object without any index; the outbox
 * key finds the message-log row there. A row that carries its key (moved by an identity merge, or
 * pinned before the merge changed the first-seen time: OutboxRow.deliveryKey) keeps it. Pure.
 */

export interface DeliveryKeyParts {
  /** The User Durable Object's id (`DurableObjectId.toString()`). */
  objectId: string;
  /** The outbox / message-log key. */
  rowKey: string;
}

/** The key of outbox row `rowKey` of the object `objectId` whose profile was first seen at `firstSeen`. */
export function deliveryKey(objectId: string, firstSeen: number, rowKey: string): string {
  return deliveryKeyPrefix(objectId, firstSeen) + rowKey;
}

/** What every delivery key of that object and first-seen time starts with. */
export function deliveryKeyPrefix(objectId: string, firstSeen: number): string {
  return `${objectId}.${firstSeen.toString(36)}.`;
}

const KEY = /^([0-9a-f]{64})\.([0-9a-z]+)\.(.+)$/;

/** The parts of a delivery key, or null when `key` is not one. */
export function parseDeliveryKey(key: string): DeliveryKeyParts | null {
  const match = KEY.exec(key);
  if (match === null) return null;
  const [, objectId = "", , rowKey = ""] = match;
  return { objectId, rowKey };
}
