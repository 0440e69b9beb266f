/**
 * Calls made before the SDK loaded, recorded by the snippet (or by the ESM `nudge` facade before
 * load()) as `[method, args, resolve?, reject?]`; `method` may be dotted ("push.optIn").
 */
export type BufferedCall = [method: string, args: ArrayLike<unknown>, resolve?: (v: unknown) => void, reject?: (e: unknown) => void];

type Callable = (...args: unknown[]) => unknown;

/** Finds `a.b` on `target` as a bound function, or undefined. */
export function resolveMethod(target: object, path: string): Callable | undefined {
  let owner: unknown;
  let v: unknown = target;
  for (const k of path.split(".")) {
    owner = v;
    v = v !== null && typeof v == "object" ? Reflect.get(v, k) : undefined;
  }
  return typeof v == "function" ? (...args: unknown[]) => Reflect.apply(v, owner, args) : undefined;
}

/** Replays `calls` in order against `target`, settling each buffered promise with the real result. */
export function replay(target: object, calls: readonly BufferedCall[]): void {
  for (const [method, args, resolve, reject] of calls) {
    const fn = resolveMethod(target, method);
    try {
      if (!fn) throw new TypeError(`nudge: unknown method ${method}`);
      Promise.resolve(fn(...Array.from(args))).then(resolve, reject ?? ((e: unknown) => console.warn(e)));
    } catch (e) {
      if (reject) reject(e);
      else console.warn(e);
    }
  }
}
