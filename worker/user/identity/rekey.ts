/**
 * Re-keying a visitor's runs for the known user's object. Run ids are `${journeyId}:${n}` from a
 * per-object counter, and every derived key (timer ids, outbox and message-log keys, fetch
 * request keys) is `${runId}:${seq}` — so two objects' keys collide. Each moved run gets the next
 * id of the target's counter, and every key derived from the old id is rewritten the same way.
 * Pure.
 */

/** Maps old run ids to new ones; `apply` rewrites any run id or run-derived key (others unchanged). */
export interface Rekey {
  set(oldRunId: string, newRunId: string): void;
  apply(value: string): string;
}

const RUN_PREFIX = /^([^:]+:[^:]+)(:.*)?$/s;

export function createRekey(): Rekey {
  const map = new Map<string, string>();
  return {
    set: (oldRunId, newRunId) => void map.set(oldRunId, newRunId),
    apply: (value) => {
      const m = RUN_PREFIX.exec(value);
      const next = m === null ? undefined : map.get(m[1] ?? "");
      return m === null || next === undefined ? value : next + (m[2] ?? "");
    },
  };
}
