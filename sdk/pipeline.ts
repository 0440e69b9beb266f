/** Runs an event through the plugins in the fixed order (see plugin.ts). */
import type { Host, Plugin } from "./plugin.ts";
import type { NudgeEvent } from "./protocol.ts";

const warn = (p: Plugin, e: unknown): void => console.warn(`nudge: plugin ${p.name} failed`, e);

/**
 * Returns the event as delivered, or null when a `before` plugin dropped it. A throwing `before`
 * plugin drops the event too (it asked to inspect it and could not).
 */
export async function runPipeline(plugins: readonly Plugin[], event: NudgeEvent, host: Host): Promise<NudgeEvent | null> {
  const of = (t: Plugin["type"]): Plugin[] => plugins.filter((p) => p.type == t);
  for (const p of of("before")) {
    let r: NudgeEvent | null | void;
    try {
      r = await p.run(event, host);
    } catch (e) {
      warn(p, e);
      r = null;
    }
    if (r === null) return null;
    if (r) event = r;
  }
  for (const p of of("enrichment")) {
    try {
      event = (await p.run(event, host)) || event;
    } catch (e) {
      warn(p, e);
    }
  }
  const final = event;
  const settle = (p: Plugin): Promise<unknown> =>
    Promise.resolve()
      .then(() => p.run(final, host))
      .catch((e: unknown) => warn(p, e));
  await Promise.all(of("destination").map(settle));
  await Promise.all(of("after").map(settle));
  return final;
}
