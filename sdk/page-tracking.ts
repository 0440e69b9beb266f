/**
 * Notices SPA navigations: wraps history.pushState/replaceState and listens to popstate. Calls
 * `onChange(previousUrl)` when the path or query changed (hash-only changes and replaceState
 * calls that keep the URL are not navigations).
 */
export function watchNavigation(onChange: (previousUrl: string) => void): void {
  const key = (): string => location.pathname + location.search;
  let last = key();
  let lastUrl = location.href;
  const check = (): void => {
    if (key() == last) return;
    const prev = lastUrl;
    last = key();
    lastUrl = location.href;
    onChange(prev);
  };
  for (const m of ["pushState", "replaceState"] as const) {
    const orig = history[m];
    history[m] = function (this: History, ...args: Parameters<History["pushState"]>) {
      orig.apply(this, args);
      check();
    };
  }
  addEventListener("popstate", check);
}
