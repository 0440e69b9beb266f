/**
 * Delivery keys: every send's idempotency key is `<object id>.<first seen, base 36>.<outbox key>`
 * (user-durable-object.ts `#performContext`). The object id (64 hex characters) routes a provider
 * callback, a browser report or an unsubscribe link back to the user's object without any index;
 * the outbox key finds the message-log row there. Pure.
 */

export interface DeliveryKeyParts {
  /** The User Durable Object's id (`DurableObjectId.toString()`). */
  objectId: string;
  /** The outbox / message-log key. */
  rowKey: string;
}

const KEY = /^([0-9a-f]{64})\.([0-9a-z]+)\.(.+)$/;

/** The parts of a delivery key, or null when `key` is not one. */
export function parseDeliveryKey(key: string): DeliveryKeyParts | null {
  const match = KEY.exec(key);
  if (match === null) return null;
  const [, objectId = "", , rowKey = ""] = match;
  return { objectId, rowKey };
}
