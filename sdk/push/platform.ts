/** Can this browser do web push at all? */

/** iOS and iPadOS allow web push only in an app added to the home screen (iOS 16.4+). */
export function isIosBrowserTab(): boolean {
  const ios = /iP(hone|od|ad)/.test(navigator.userAgent) || (/Macintosh/.test(navigator.userAgent) && navigator.maxTouchPoints > 1);
  const standalone = ("standalone" in navigator && navigator.standalone === true) || matchMedia("(display-mode: standalone)").matches;
  return ios && !standalone;
}

export function pushSupported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window && !isIosBrowserTab();
}
