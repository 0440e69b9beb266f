/**
 * The validator's first pass over untrusted input: finds what would make a recursive parser
 * overflow or loop (circular references, absurd nesting, absurd size) without recursing itself.
 * When it reports anything, the schema parse is skipped.
 */
import { joinPath } from "./path.ts";
import type { Problem } from "./problem.ts";

/** Deeper than any real definition (filters nest a few levels); keeps parsing far from stack limits. */
export const MAX_DEPTH = 100;
/** More values than any hand-written definition has (a 1,000-node journey has ~10,000); bounds the work done on junk. */
export const MAX_VALUES = 200_000;

interface Frame {
  value: object;
  parent: Frame | undefined;
  key: string | number;
  depth: number;
  /** Set once the frame's children are pushed: popping it again means leaving it. */
  leaving: boolean;
}

/**
 * Problems that stop a safe parse: `circular` (where the reference closes), `too_deep` (at the
 * first level too deep), `too_large` (alone: nothing else is worth checking then). Empty when the
 * input is tree-shaped and bounded.
 */
export function guardInput(input: unknown): Problem[] {
  if (typeof input !== "object" || input === null) return [];
  const problems: Problem[] = [];
  const ancestors = new Set<object>();
  const stack: Frame[] = [{ value: input, parent: undefined, key: "", depth: 0, leaving: false }];
  let seen = 0;
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame.leaving) {
      ancestors.delete(frame.value);
      continue;
    }
    if (frame.depth > MAX_DEPTH) {
      problems.push({ path: pathOf(frame), code: "too_deep", message: `nested more than ${MAX_DEPTH} levels deep` });
      continue;
    }
    ancestors.add(frame.value);
    stack.push({ ...frame, leaving: true });
    const children = Array.isArray(frame.value) ? frame.value.entries() : Object.entries(frame.value);
    for (const [key, child] of children) {
      if (++seen > MAX_VALUES) {
        return [{ path: "", code: "too_large", message: `more than ${MAX_VALUES} values: far larger than any real definition, so it was not checked further` }];
      }
      if (typeof child !== "object" || child === null) continue;
      const next: Frame = { value: child, parent: frame, key, depth: frame.depth + 1, leaving: false };
      if (ancestors.has(child)) {
        problems.push({ path: pathOf(next), code: "circular", message: "this value contains itself (a circular reference); a definition must be plain JSON" });
        continue;
      }
      stack.push(next);
    }
  }
  return problems;
}

function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let at: Frame | undefined = frame; at?.parent !== undefined; at = at.parent) keys.push(at.key);
  return joinPath(keys.reverse());
}
