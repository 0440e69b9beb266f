export { capHistorySince, decideDelivery, type DeliveryDecision, type DeliveryRequest } from "./decide-delivery.ts";
export { checkCap, parseCap, type CapCheck, type FrequencyCap } from "./frequency-cap.ts";
export { DEFAULT_QUIET_CHANNELS, isQuietAt, quietCovers, quietEndsAt } from "./quiet-hours.ts";
export { CapText, DeliveryPolicy, FrequencyCaps, NO_POLICY, QuietHours } from "./schema.ts";
