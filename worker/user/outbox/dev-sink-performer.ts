/**
 * The development sink: "delivers" sends and audience updates by logging one line, and reports
 * them sent by provider "dev-sink". In development, channels without provider settings use it
 * (worker/user/delivery/delivery-performer.ts).
 *
 * Every send is in the message log; the terminal gets at most DEV_SINK_LINES_PER_SECOND lines a
 * second, then one line saying how many more there were. A load test would otherwise print
 * thousands of lines a second, and under `wrangler dev` each line costs more CPU (log forwarding
 * and the debug log file) than the send it reports.
 */
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import type { OutboxRow } from "../store/outbox-store.ts";
import type { PerformContext, Performer } from "./performer.ts";

export const DEV_SINK_PROVIDER = "dev-sink";
export const DEV_SINK_LINES_PER_SECOND = 20;

/**
 * Prints `line` unless this second's lines are used up; the first line of a later second is
 * preceded by the count of those not printed. `now` is the caller's clock (epoch ms).
 */
export function createLinePrinter(print: (line: string) => void, perSecond = DEV_SINK_LINES_PER_SECOND): (line: string, now: number) => void {
  let second = Number.NEGATIVE_INFINITY;
  let printed = 0;
  let skipped = 0;
  return (line, now) => {
    const current = Math.floor(now / 1000);
    if (current !== second) {
      if (skipped > 0) print(`[nudge] … and ${skipped} more (every send is in its user's message log)`);
      second = current;
      printed = 0;
      skipped = 0;
    }
    if (printed < perSecond) {
      printed += 1;
      print(line);
    } else skipped += 1;
  };
}

const printLine = createLinePrinter((line) => console.log(line));

export const devSinkPerformer: Performer = {
  async perform(row: OutboxRow, context: PerformContext): Promise<DeliveryOutcome> {
    const e = row.effect;
    if (e.type === "send") {
      printLine(`[nudge] send ${e.channel} ${e.template} → ${context.userId} (${e.journeyId}/${e.node})`, context.now);
    } else if (e.type === "audience") {
      printLine(`[nudge] audience ${e.provider} ${e.op} ${e.audience} → ${context.userId} (${e.node})`, context.now);
    } else {
      return { type: "failed", reason: `the dev sink does not perform ${e.type}` };
    }
    return { type: "sent", providerId: `${DEV_SINK_PROVIDER}:${context.idempotencyKey}`, detail: DEV_SINK_PROVIDER };
  },
};
