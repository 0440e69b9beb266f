/**
 * Turns zod issues into path-addressed problems a marketer can act on: "a wait node needs
 * \"duration\"", "unknown node type \"wiat\"; did you mean \"wait\"?", one problem per unknown field.
 * Pure; reads the raw input only to describe what was actually written.
 */
import type { z } from "zod";
import { DURATION_PATTERN, OFFSET_PATTERN } from "../schema/duration.ts";
import { allowedFields, NODE_TYPES, TRIGGER_TYPES } from "./known-shapes.ts";
import { didYouMean, expectedKind, kindOf, listOf, show, withArticle } from "./messages.ts";
import { joinPath, stringField, valueAt } from "./path.ts";
import type { PathSegments, Problem } from "./problem.ts";
import { unionForm, unionProblems } from "./union-problems.ts";

export type Issue = z.core.$ZodIssue;

/** What the issues are about, and where the filter checks already speak. */
export interface ZodContext {
  subject: "journey" | "segment";
  /** The raw input the issues were found in. */
  root: unknown;
  /** Issues at or below these paths are dropped (another check family reports them better). */
  skip?: readonly PathSegments[];
}

/** Every zod issue as one or more problems (an issue listing several unknown keys becomes one per key). */
export function zodProblems(issues: readonly Issue[], context: ZodContext): Problem[] {
  const skip = context.skip ?? [];
  return issues
    .filter((issue) => !skip.some((prefix) => startsWith(issue.path, prefix)))
    .flatMap((issue) => issueProblems(issue, [], context));
}

/** The problems for one issue whose path is relative to `base`. */
export function issueProblems(issue: Issue, base: readonly PropertyKey[], context: ZodContext): Problem[] {
  const path = [...base, ...issue.path];
  const at = joinPath(path);
  const value = valueAt(context.root, path);
  // Zod collapses some unions to one alternative's complaint ("increment": "x" → "a signed
  // duration"); a field that takes several forms should list them all.
  const form = value === undefined ? undefined : unionForm(path);
  if (form !== undefined && issue.path.length > 0 && issue.code !== "invalid_union") {
    return [{ path: at, code: "invalid_value", message: `${label(path, context)} must be ${form}, not ${show(value)}` }];
  }
  switch (issue.code) {
    case "invalid_type":
      return [invalidType(issue.expected, path, value, context)];
    case "invalid_value":
      return [{ path: at, code: "invalid_value", message: `${label(path, context)} must be ${oneOf(issue.values)}, not ${show(value)}${didYouMean(value, issue.values.filter(isString))}` }];
    case "invalid_format":
      return [invalidFormat(issue, path, value, context)];
    case "too_small":
    case "too_big":
      return [{ path: at, code: issue.code, message: `${label(path, context)} ${sizeRule(issue)}` }];
    case "unrecognized_keys":
      return issue.keys.map((key) => unknownField(key, path, context));
    case "invalid_union":
      if (issue.discriminator !== undefined && issue.errors.length === 0) return [unknownType(path, value)];
      return unionProblems(issue, path, context, issueProblems);
    case "invalid_key":
      return [invalidKey(path, issue.issues[0]?.message)];
    default:
      return [{ path: at, code: issue.code, message: issue.message }];
  }
}

function invalidType(expected: string, path: readonly PropertyKey[], value: unknown, context: ZodContext): Problem {
  if (path.length === 0) {
    return { path: "", code: "invalid_type", message: `a ${context.subject} must be a JSON object ({ … }), not ${kindOf(value)}` };
  }
  if (value === undefined) {
    const owner = ownerLabel(path.slice(0, -1), context.root);
    const name = `"${String(path[path.length - 1])}"`;
    return { path: joinPath(path), code: "required", message: owner === "" ? `${name} is required` : `${owner} needs ${name}` };
  }
  return { path: joinPath(path), code: "invalid_type", message: `${label(path, context)} must be ${expectedKind(expected)}, not ${kindOf(value)}` };
}

const DURATION_SOURCES = new Set([String(DURATION_PATTERN), String(OFFSET_PATTERN)]);
const FORMATS: Record<string, string> = {
  datetime: 'an ISO date-time such as "2025-03-01T09:00:00Z"',
  date: 'an ISO date such as "2025-03-01"',
};

function invalidFormat(issue: Extract<Issue, { code: "invalid_format" }>, path: readonly PropertyKey[], value: unknown, context: ZodContext): Problem {
  const custom = issue.message.startsWith("Invalid") ? undefined : issue.message;
  const pattern = "pattern" in issue && typeof issue.pattern === "string" ? issue.pattern : undefined;
  const wanted = custom ?? FORMATS[issue.format] ?? (pattern === undefined ? `a valid ${issue.format}` : `text matching ${pattern}`);
  const code = pattern !== undefined && DURATION_SOURCES.has(pattern) ? "invalid_duration" : "invalid_format";
  return { path: joinPath(path), code, message: `${label(path, context)} must be ${wanted}, not ${show(value)}` };
}

function sizeRule(issue: Extract<Issue, { code: "too_small" | "too_big" }>): string {
  const small = issue.code === "too_small";
  const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case "string":
      if (small && Number(limit) === 1) return "must not be empty";
      return `must have ${small ? "at least" : "at most"} ${String(limit)} characters`;
    case "array":
    case "set":
      return `needs ${small ? "at least" : "at most"} ${String(limit)} ${Number(limit) === 1 ? "item" : "items"}`;
    default:
      if (inclusive) return `must be ${small ? "at least" : "at most"} ${String(limit)}`;
      return `must be ${small ? "greater" : "less"} than ${String(limit)}`;
  }
}

function unknownField(key: string, parent: readonly PropertyKey[], context: ZodContext): Problem {
  const allowed = allowedFields(context.subject, parent, context.root);
  const owner = ownerLabel(parent, context.root);
  const hint = didYouMean(key, allowed) || (allowed.length > 0 ? `; allowed: ${allowed.join(", ")}` : "");
  return { path: joinPath([...parent, key]), code: "unknown_field", message: `unknown field "${key}"${owner === "" ? "" : ` on ${owner}`}${hint}` };
}

function unknownType(path: readonly PropertyKey[], value: unknown): Problem {
  const isNode = path[0] === "nodes";
  const what = isNode ? "node" : "trigger";
  const types = isNode ? NODE_TYPES : TRIGGER_TYPES;
  if (value === undefined) {
    return { path: joinPath(path), code: "required", message: `a ${what} needs a "type": one of ${types.join(", ")}` };
  }
  return {
    path: joinPath(path),
    code: isNode ? "unknown_node_type" : "unknown_trigger_type",
    message: `unknown ${what} type ${show(value)}${didYouMean(value, types)}; ${what} types are: ${types.join(", ")}`,
  };
}

function invalidKey(path: readonly PropertyKey[], rule: string | undefined): Problem {
  const key = String(path[path.length - 1]);
  const isNode = path.length === 2 && path[0] === "nodes";
  return {
    path: joinPath(path),
    code: isNode ? "invalid_node_id" : "invalid_key",
    message: `${JSON.stringify(key)} is not a valid ${isNode ? "node id" : "key"}${rule === undefined ? "" : `: use ${rule}`}`,
  };
}

/** `"timeout"`, `"days" item 2`, `node "f"`, or "the journey" for the root. */
export function label(path: readonly PropertyKey[], context: ZodContext): string {
  const last = path[path.length - 1];
  if (last === undefined) return `the ${context.subject}`;
  if (path.length === 2 && path[0] === "nodes") return `node ${JSON.stringify(String(last))}`;
  if (typeof last === "number") return `${label(path.slice(0, -1), context)} item ${last + 1}`;
  return `"${String(last)}"`;
}

/** "a wait node", "a segment trigger", "the goal", or "" when the owner has no name of its own. */
function ownerLabel(owner: readonly PropertyKey[], root: unknown): string {
  const type = stringField(valueAt(root, owner), "type");
  const [first, second] = owner;
  if (owner.length === 2 && first === "nodes") return type === undefined ? "a node" : `${withArticle(type)} node`;
  const isTrigger = (owner.length === 1 && first === "trigger") || (owner.length === 2 && first === "triggers");
  if (isTrigger) return type === undefined ? "a trigger" : `${withArticle(type)} trigger`;
  if (owner.length === 1 && first === "goal") return "the goal";
  if (owner.length === 3 && first === "exit" && second === "events") return "an exit event";
  if (owner.length === 2 && first === "events") return "an event rule";
  return "";
}

function oneOf(values: readonly unknown[]): string {
  return values.length === 1 ? show(values[0]) : `one of ${listOf(values)}`;
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function startsWith(path: readonly PropertyKey[], prefix: PathSegments): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}
