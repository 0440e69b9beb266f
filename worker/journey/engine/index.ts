export { advance } from "./advance.ts";
export { startRun, type StartRunArgs } from "./start-run.ts";
export { decideEntry, entryKey, type EntryDecision, type PriorEntry } from "./entry.ts";
export { journeyTriggers, triggerEvent, type Signal, type TriggerScope } from "./triggers.ts";
export { hash32, pickBranch, splitPoint } from "./split-hash.ts";
export { MAX_PATH, MAX_STEPS_PER_ADVANCE } from "./context.ts";
export { DEFAULT_BEST_HOUR } from "./nodes/waits.ts";
export { DEFAULT_FETCH_TIMEOUT_MS } from "./nodes/actions.ts";
