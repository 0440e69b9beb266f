export { BEST_HOUR_HALF_LIFE_MS, MIN_ENGAGEMENTS, bestHour, emptyBestHourModel, readBestHourModel, updateBestHour, type BestHourModel } from "./best-hour.ts";
export { clientSignal, type ClientSignalInput } from "./client-signal.ts";
export { engagementEvent, engagementEventName, type SentMessage } from "./engagement-event.ts";
export { reachabilityPatch, type ReachabilityPatch } from "./reachability-patch.ts";
export { SIGNAL_TYPES, isSignalType, isUserEngagement, type EngagementSignal, type SignalSource, type SignalType, type SignalTypeOf } from "./signal.ts";
export { MIN_VOTERS, aggregateBestHours, emptyVotes, moveVote, workspaceBestHour, type BestHourVotes } from "./workspace-best-hour.ts";
