/**
 * The variables a template sees: `user`, `event`, `data`, `journey`. Built by the User Durable
 * Object for each send, webhook and fetch, so every template reads the same names.
 */

export interface TemplateVars {
  /** The profile's traits plus `id` (the user id). */
  user: Record<string, unknown>;
  /** The event that started the run: `name`, `properties`, `at` (ISO), `id`?. */
  event: Record<string, unknown>;
  /** `fetch_data` results by `store_as`. */
  data: Record<string, unknown>;
  /** `id`, `version`, `node`, `run` of the journey sending it. */
  journey: Record<string, unknown>;
}

export interface TemplateVarsInput {
  userId: string;
  traits: Record<string, unknown>;
  event?: { name: string; properties: Record<string, unknown>; at: number; id?: string | undefined } | undefined;
  data?: Record<string, unknown> | undefined;
  journey?: { id?: string | undefined; version?: number | undefined; node?: string | undefined; runId?: string | undefined } | undefined;
}

/**
 * Builds the render variables from what the DO has at hand. Pure.
 * @example templateVars({ userId: "u1", traits: { first_name: "Ada" } }).user // { first_name: "Ada", id: "u1" }
 */
export function templateVars(input: TemplateVarsInput): TemplateVars {
  const event = input.event;
  return {
    user: { ...input.traits, id: input.userId },
    event: event === undefined ? {} : { name: event.name, properties: event.properties, at: new Date(event.at).toISOString(), ...(event.id !== undefined ? { id: event.id } : {}) },
    data: input.data ?? {},
    journey: journeyVars(input.journey),
  };
}

function journeyVars(journey: TemplateVarsInput["journey"]): Record<string, unknown> {
  if (journey === undefined) return {};
  const all = { id: journey.id, version: journey.version, node: journey.node, run: journey.runId };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}
