/**
 * The validator's report format, shared by the admin API (publish errors), the dashboard and
 * the tests. A problem names where it is (`path`), what kind it is (`code`, stable, for tools)
 * and what to do about it (`message`, for a marketer).
 */

/**
 * One thing wrong with a definition.
 * `path` addresses the offending value: `"nodes.wait_checkout.timeout"`, `"triggers[0].event"`,
 * `'nodes["my node"]'` for keys that are not plain identifiers, and `""` for the whole definition.
 */
export interface Problem {
  path: string;
  code: string;
  message: string;
}

/** Optional lookups into the workspace catalog; a missing lookup skips that check. */
export interface Catalog {
  /** The template's channel, or undefined when no template has this id. */
  template?(id: string): { channel: string } | undefined;
  /** Whether a segment with this id exists. */
  segment?(id: string): boolean;
  /** Whether a geofence with this id exists. */
  geofence?(id: string): boolean;
}

/** The parsed definition, or every problem found in it (never both, never neither). */
export type Validated<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** A path while it is being built: object keys and array indices, outermost first. */
export type PathSegments = readonly (string | number)[];
