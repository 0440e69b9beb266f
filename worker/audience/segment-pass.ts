/**
 * One segment re-evaluation pass in a User Durable Object, made cheap for many segments: it
 * picks the segments whose inputs changed since their stored verdict, and only those are
 * evaluated (worker/user/runtime/segment-sync.ts). A segment is evaluated when
 * - its stored `changesAt` is due (a time window flips: the exact instant the alarm wakes for);
 * - an event its rules count was added and matches one of those rules' filters (or the filter
 *   reads the clock), or that name's history changed otherwise (events pruned by retention, an
 *   event added with an earlier timestamp);
 * - an attribute it reads changed;
 * - for `inactive_for`, the last activity changed — except newer activity for a non-member,
 *   which only keeps it out longer (its stored, earlier re-check stays valid);
 * - or there is no memory to compare with: the first pass of the object (after eviction), a new
 *   catalog version or time zone, or a pass whose transaction did not commit. Then every segment
 *   is evaluated, and stored rows of unpublished segments are returned as `gone`.
 * Segments are found through an index per catalog snapshot (segment-index.ts), and the stored
 * rows are kept in memory in step with the table, so an event touches only the segments it can
 * affect, not all of them. The memory is tied to a counter in the object's storage bumped in each
 * pass's transaction: if that transaction rolls back, the stored counter no longer matches and the
 * memory is dropped, so it never outlives the rows it describes.
 */
import { evaluateFilter } from "../journey/filter/evaluate-filter.ts";
import type { Segment } from "../journey/schema/segment.ts";
import { addedSince, historyState, type HistoryState } from "../journey/segments/history-state.ts";
import type { SegmentFacts } from "../journey/segments/segment-facts.ts";
import type { SegmentIndex } from "../journey/segments/segment-index.ts";
import { changedAttributeKeys } from "../journey/segments/segment-inputs.ts";
import type { Attributes, Millis } from "../journey/types.ts";
import type { Turn } from "../user/runtime/turn.ts";
import type { Membership } from "../user/store/segment-store.ts";
import { passFacts, type PassFacts } from "./pass-facts.ts";
import { segmentIndex } from "./segment-index.ts";

export interface Candidate {
  segment: Segment;
  /** Its stored row (undefined: never evaluated for this user). */
  stored: Membership | undefined;
}

export interface SegmentPass {
  facts: SegmentFacts;
  /** The live segments to evaluate, in catalog order; the others keep their stored verdicts. */
  readonly candidates: readonly Candidate[];
  /** Stored rows of segments no longer published. */
  readonly gone: readonly Membership[];
  /** Records that `segment` was just evaluated on this pass's inputs. */
  evaluated(segment: Segment): void;
  /** Writes a row (the pass keeps its copy in step). */
  save(row: Membership): void;
  /** Deletes a row. */
  remove(segmentId: string): void;
  /** Ends the pass (bumps the stored pass counter the memory is tied to). */
  finish(): void;
}

/** Meta counter: one per pass. */
const PASS = "segments:pass";

interface Memo {
  version: string;
  /** The index of that catalog version's segments. */
  index: SegmentIndex;
  timeZone: string;
  /** The stored pass counter this memory is valid for; undefined while a pass runs. */
  generation: string | null | undefined;
  attributesJson: string;
  attributes: Attributes;
  /** Each counted event name's history as of the last pass. */
  histories: Map<string, HistoryState>;
  /** The last activity each `inactive_for` segment was last evaluated with. */
  activity: Map<string, Millis>;
  /** The stored rows. */
  rows: Map<string, Membership>;
  /** No stored `changesAt` is earlier than this (null: none is set). */
  nextDue: Millis | null;
}

const memos = new WeakMap<object, Memo>();

export function segmentPass(turn: Turn): SegmentPass {
  const { store, now, profile } = turn;
  const version = turn.catalog.live.version;
  const known = memos.get(store);
  // The same version is the same content: the isolate's catalog cache may hand out a new copy.
  const index = known !== undefined && known.version === version ? known.index : segmentIndex(turn.catalog.live.segments);
  const read = passFacts(turn);
  const timeZone = profile.timeZone ?? "UTC";
  const generation = store.meta.get(PASS);
  const fresh = known === undefined || known.generation !== generation || known.version !== version || known.timeZone !== timeZone;
  const memo: Memo = fresh ? freshMemo(turn, index, read) : known;
  // Until finish(), the memory is not valid: a pass that throws leaves it unusable.
  memo.generation = undefined;
  memos.set(store, memo);
  const selected = fresh ? new Set(index.segments) : changedSegments(turn, index, read, memo);
  const rescan = fresh || (memo.nextDue !== null && now >= memo.nextDue);
  if (rescan && !fresh) {
    for (const row of memo.rows.values()) {
      const at = index.position.get(row.segmentId);
      const segment = at === undefined ? undefined : index.segments[at];
      if (segment !== undefined && row.changesAt !== null && row.changesAt <= now) selected.add(segment);
    }
  }
  const position = (s: Segment): number => index.position.get(s.id) ?? 0;
  const candidates = [...selected].sort((a, b) => position(a) - position(b)).map((segment) => ({ segment, stored: memo.rows.get(segment.id) }));
  const gone = fresh ? [...memo.rows.values()].filter((row) => !index.position.has(row.segmentId)) : [];
  return {
    facts: read.facts,
    candidates,
    gone,
    evaluated: (segment) => {
      if (segment.inactive_for !== undefined) memo.activity.set(segment.id, profile.lastSeen);
    },
    save: (row) => {
      store.segments.save(row);
      memo.rows.set(row.segmentId, row);
      if (row.changesAt !== null && (memo.nextDue === null || row.changesAt < memo.nextDue)) memo.nextDue = row.changesAt;
    },
    remove: (segmentId) => {
      store.segments.remove(segmentId);
      memo.rows.delete(segmentId);
    },
    finish: () => {
      if (rescan) memo.nextDue = earliestChange(memo.rows);
      memo.generation = String(store.meta.next(PASS));
    },
  };
}

/** A memory read from storage: every segment will be evaluated. */
function freshMemo(turn: Turn, index: SegmentIndex, read: PassFacts): Memo {
  const attributes = turn.profile.traits;
  return {
    version: turn.catalog.live.version,
    index,
    timeZone: turn.profile.timeZone ?? "UTC",
    generation: undefined,
    attributesJson: JSON.stringify(attributes),
    attributes: structuredClone(attributes),
    histories: new Map(index.names.map((name) => [name, historyState(read.history(name))])),
    activity: new Map(),
    rows: new Map(turn.store.segments.all().map((row) => [row.segmentId, row])),
    nextDue: null,
  };
}

/** The segments whose inputs changed since the memory was taken (and brings it up to date). */
function changedSegments(turn: Turn, index: SegmentIndex, read: PassFacts, memo: Memo): Set<Segment> {
  const { store, now, profile } = turn;
  const attributes = profile.traits;
  const selected = new Set<Segment>();
  const add = (segments: readonly Segment[] | undefined): void => {
    for (const segment of segments ?? []) selected.add(segment);
  };
  const attributesJson = JSON.stringify(attributes);
  if (attributesJson !== memo.attributesJson) {
    for (const key of changedAttributeKeys(memo.attributes, attributes)) add(index.byAttribute.get(key));
    memo.attributesJson = attributesJson;
    memo.attributes = structuredClone(attributes);
  }
  const scope = { attributes, timeZone: memo.timeZone, now };
  for (const name of index.names) {
    const before = memo.histories.get(name);
    if (before !== undefined && store.events.count(name, undefined, now) === before.count) continue;
    const events = read.history(name);
    const after = historyState(events);
    const added = before === undefined ? null : addedSince(before, after, events);
    memo.histories.set(name, after);
    for (const group of index.rules.get(name) ?? []) {
      const where = group.where;
      if (added === null || group.clock || added.some((event) => where === undefined || evaluateFilter(where, { ...scope, event }).ok)) add(group.segments);
    }
  }
  for (const segment of index.activity) {
    const was = memo.activity.get(segment.id);
    if (was === profile.lastSeen) continue;
    const row = memo.rows.get(segment.id);
    if (was !== undefined && row !== undefined && !row.member && profile.lastSeen >= was) continue;
    selected.add(segment);
  }
  return selected;
}

function earliestChange(rows: ReadonlyMap<string, Membership>): Millis | null {
  let earliest: Millis | null = null;
  for (const row of rows.values()) if (row.changesAt !== null && (earliest === null || row.changesAt < earliest)) earliest = row.changesAt;
  return earliest;
}
