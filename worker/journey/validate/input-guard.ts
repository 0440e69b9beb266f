/**
 * The validator's first pass over untrusted input: finds what would make a recursive parser
 * overflow or loop (circular references, absurd nesting, absurd size) without recursing itself.
 * When it reports anything, the schema parse is skipped and only shallow checks run.
 */
import { joinPath } from "./path.ts";
import type { Problem } from "./problem.ts";

/** Deeper than any real definition (filters nest a few levels); keeps parsing far from stack limits. */
export const MAX_DEPTH = 100;
/** More values than any hand-written definition has; bounds the work done on junk. */
export const MAX_VALUES = 200_000;

interface Frame {
  value: object;
  path: (string | number)[];
  /** Set once the frame's children are pushed: popping it again means leaving it. */
  leaving: boolean;
}

/** Problems that stop a safe parse (circular, too deep, too large); empty when the input is tree-shaped and bounded. */
export function guardInput(input: unknown): Problem[] {
  if (typeof input !== "object" || input === null) return [];
  const problems: Problem[] = [];
  const ancestors = new Set<object>();
  const stack: Frame[] = [{ value: input, path: [], leaving: false }];
  let seen = 0;
  while (stack.length > 0) {
    const frame = stack.pop();
    if (frame === undefined) break;
    if (frame.leaving) {
      ancestors.delete(frame.value);
      continue;
    }
    if (++seen > MAX_VALUES) break;
    if (frame.path.length > MAX_DEPTH) {
      problems.push({ path: joinPath(frame.path), code: "too_deep", message: `nested more than ${MAX_DEPTH} levels deep` });
      continue;
    }
    ancestors.add(frame.value);
    stack.push({ ...frame, leaving: true });
    for (const [key, child] of entriesOf(frame.value)) {
      if (typeof child !== "object" || child === null) {
        seen++;
        continue;
      }
      const path = [...frame.path, key];
      if (ancestors.has(child)) {
        problems.push({ path: joinPath(path), code: "circular", message: "this value contains itself (a circular reference); a definition must be plain JSON" });
        continue;
      }
      stack.push({ value: child, path, leaving: false });
    }
  }
  if (seen > MAX_VALUES) {
    problems.push({ path: "", code: "too_large", message: `more than ${MAX_VALUES} values: far larger than any real definition, so it was not checked further` });
  }
  return problems;
}

function entriesOf(value: object): [string | number, unknown][] {
  if (Array.isArray(value)) return value.map((child, index): [number, unknown] => [index, child]);
  return Object.entries(value);
}
