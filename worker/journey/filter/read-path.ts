/**
 * Reads a value by a dotted path ("address.city", "items.0.sku") from profile attributes or
 * event properties. Only own properties are read, so "__proto__" or "constructor" are missing,
 * never inherited. Pure.
 */

/**
 * The value at `path` in `source`: an exact key wins ("utm.source" stored flat), otherwise each
 * dot-separated segment descends into objects and arrays. Undefined when any step is missing.
 * @example readPath({ address: { city: "Pune" } }, "address.city") // "Pune"
 */
export function readPath(source: unknown, path: string): unknown {
  if (!isContainer(source)) return undefined;
  if (Object.hasOwn(source, path)) return Reflect.get(source, path);
  let current: unknown = source;
  for (const segment of path.split(".")) {
    if (!isContainer(current) || !Object.hasOwn(current, segment)) return undefined;
    current = Reflect.get(current, segment);
  }
  return current;
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
