export { simulate } from "./simulate.ts";
export { MAX_SIMULATION_STEPS } from "./simulation.ts";
export {
  SimulationInputError,
  type SimTime,
  type SimulatedMessage,
  type SimulatedRun,
  type SimulationOptions,
  type SimulationProfile,
  type SimulationResult,
  type TimelineItem,
} from "./types.ts";
