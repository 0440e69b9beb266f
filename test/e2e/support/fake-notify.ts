/**
 * Starts a private D-Bus session bus and the fake notification daemon on it (Debian's
 * dbus-daemon, /usr/bin/python3 with python3-dbus and gi). Chromium launched with `env` shows
 * its notifications there; click() and dismiss() fire trusted notificationclick/close events.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface NotifyCall {
  call: "Notify" | "CloseNotification";
  id: number;
  summary?: string;
  body?: string;
  actions?: string[];
}

export interface FakeNotify {
  env: NodeJS.ProcessEnv;
  calls: NotifyCall[];
  click(id: number, key?: string): void;
  dismiss(id: number): void;
  close(): void;
}

const firstLine = (p: ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    if (!p.stdout) return reject(new Error("no stdout"));
    createInterface({ input: p.stdout }).once("line", resolve);
    p.once("exit", (code) => reject(new Error(`exited with ${code}`)));
  });

export async function startFakeNotify(): Promise<FakeNotify> {
  const bus = spawn("dbus-daemon", ["--session", "--nofork", "--print-address=1", "--nopidfile"], { stdio: ["ignore", "pipe", "ignore"] });
  const address = (await firstLine(bus)).trim();
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, NO_AT_BRIDGE: "1" };
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "fake-notify-server.py");
  const daemon = spawn("/usr/bin/python3", [script], { env, stdio: ["ignore", "pipe", "inherit"] });
  const calls: NotifyCall[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    if (!daemon.stdout) return reject(new Error("no stdout"));
    createInterface({ input: daemon.stdout }).on("line", (line) => {
      const msg = JSON.parse(line);
      if (msg.ready) resolve();
      else calls.push(msg);
    });
    daemon.once("exit", (code) => reject(new Error(`fake notify daemon exited with ${code}`)));
  });
  await ready;
  const call = (method: string, ...args: string[]): void => {
    spawnSync("gdbus", ["call", "--session", "--dest", "org.freedesktop.Notifications", "--object-path", "/org/freedesktop/Notifications", "--method", `org.freedesktop.Notifications.${method}`, ...args], { env });
  };
  return {
    env,
    calls,
    click: (id, key = "default") => call("TestClick", String(id), key),
    dismiss: (id) => call("TestDismiss", String(id)),
    close: () => {
      daemon.kill();
      bus.kill();
    },
  };
}
