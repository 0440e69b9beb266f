/**
 * JSON values, for data that crosses RPC: Workers RPC types cannot carry `unknown`, so read models
 * convert stored attributes (which came in as JSON) with `toJsonObject`.
 */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}
export interface JsonArray extends Array<JsonValue> {}

/** `value` as JSON: what JSON.stringify would keep (undefined, functions, symbols dropped; bad numbers → null). */
export function toJson(value: unknown, depth = 0): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (depth > 64) return null;
  if (Array.isArray(value)) return value.map((v) => toJson(v, depth + 1));
  if (typeof value === "object") return toJsonObject(value, depth + 1);
  return null;
}

/** An object's own enumerable entries as JSON (entries whose value JSON would drop are left out). */
export function toJsonObject(value: object, depth = 0): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    out[key] = toJson(v, depth);
  }
  return out;
}
