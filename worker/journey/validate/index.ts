export * from "./validate-journey.ts";
export * from "./validate-segment.ts";
export { joinPath } from "./path.ts";
