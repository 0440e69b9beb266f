/** Lazy overlays chunk (public/sdk/overlays.js): loaded only when a message must show. */
export { mount, type MountOptions } from "./mount.tsx";
export type { OverlayHandlers } from "./message-view.tsx";
export type { SurveyAnswer } from "./survey-view.tsx";
export { sanitize } from "./sanitize.ts";
