/**
 * Calls `cb` when the page may be going away: `visibilitychange` to hidden (the last event that
 * reliably fires on mobile) and `pagehide` (desktop unload, bfcache). Both can fire for one
 * unload; the callee must be idempotent.
 */
export function onPageHide(cb: () => void): void {
  addEventListener("pagehide", cb);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState == "hidden") cb();
  });
}
