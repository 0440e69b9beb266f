/**
 * Path helpers: turn path segments into the `Problem.path` text, and read a raw (unvalidated)
 * value at a path without ever throwing. Used by every check family of the validator.
 */
import type { PathSegments } from "./problem.ts";

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/**
 * `["nodes", "a", "branches", 0, "next"]` → `"nodes.a.branches[0].next"`; keys that are not
 * plain identifiers are quoted: `["nodes", "my node"]` → `'nodes["my node"]'`; `[]` → `""`.
 */
export function joinPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "symbol") out += `[${String(segment)}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** A plain JSON-like object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The own property `key` of `value`, or undefined (no prototype lookups, no throwing). */
export function field(value: unknown, key: string | number): unknown {
  if (Array.isArray(value)) return typeof key === "number" ? value[key] : undefined;
  if (!isRecord(value) || typeof key !== "string") return undefined;
  return Object.hasOwn(value, key) ? value[key] : undefined;
}

/** Whether `value` has its own property `key`. */
export function has(value: unknown, key: string): boolean {
  return isRecord(value) && Object.hasOwn(value, key);
}

/** The raw value at `segments` below `root`, or undefined when the path cannot be followed. */
export function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (typeof segment === "symbol") return undefined;
    current = field(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

/** The string at `key` of `value`, or undefined when it is absent or not a string. */
export function stringField(value: unknown, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === "string" ? found : undefined;
}
