export * from "./channels.ts";
export * from "./duration.ts";
export * from "./filter.ts";
export * from "./journey.ts";
export * from "./key-scope.ts";
export * from "./nodes.ts";
export * from "./segment.ts";
export * from "./triggers.ts";
