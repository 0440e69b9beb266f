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
 * affect, not all of them. A name's history is only re-read when the event store's in-memory
 * revision for it changed since the last pass, or an event of that name was stored with a time
 * after that pass (it may have come into the window since); otherwise it cannot have changed.
 * The memory is tied to a counter in the object's storage bumped in each
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
import { type StoredVerdict, VerdictTable } from "./verdict-table.ts";

export type { StoredVerdict } from "./verdict-table.ts";

export interface Candidate {
  segment: Segment;
  /** Its stored row (undefined: never evaluated for this user). */
  stored: StoredVerdict | undefined;
}

export interface SegmentPass {
  facts: SegmentFacts;
  /** The live segments to evaluate, in catalog order; the others keep their stored verdicts. */
  readonly candidates: readonly Candidate[];
  /** Stored rows of segments no longer published. */
  readonly gone: readonly StoredVerdict[];
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
  /** Each counted name's event-store revision when its history was last compared, and the pass's time. */
  seen: Map<string, { revision: string; at: Millis }>;
  /** The stored rows of the live segments, by catalog position. */
  table: VerdictTable;
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
  const gone: StoredVerdict[] = [];
  const memo: Memo = fresh ? freshMemo(turn, index, read, gone) : known;
  // Until finish(), the memory is not valid: a pass that throws leaves it unusable.
  memo.generation = undefined;
  memos.set(store, memo);
  const selected = fresh ? new Set(index.segments.keys()) : changedSegments(turn, index, read, memo);
  const rescan = fresh || (memo.nextDue !== null && now >= memo.nextDue);
  if (rescan && !fresh) for (const position of memo.table.due(now)) selected.add(position);
  const candidates: Candidate[] = [];
  for (const position of [...selected].sort((a, b) => a - b)) {
    const segment = index.segments[position];
    if (segment !== undefined) candidates.push({ segment, stored: memo.table.get(position, segment.id) });
  }
  const positionOf = (segmentId: string): number | undefined => index.position.get(segmentId);
  return {
    facts: read.facts,
    candidates,
    gone,
    evaluated: (segment) => {
      const position = positionOf(segment.id);
      if (segment.inactive_for !== undefined && position !== undefined) memo.table.setActivity(position, profile.lastSeen);
    },
    save: (row) => {
      store.segments.save(row);
      const position = positionOf(row.segmentId);
      // Only live segments are saved; anything else would leave the copy behind: start afresh.
      if (position === undefined) memos.delete(store);
      else memo.table.set(position, row);
      if (row.changesAt !== null && (memo.nextDue === null || row.changesAt < memo.nextDue)) memo.nextDue = row.changesAt;
    },
    remove: (segmentId) => {
      store.segments.remove(segmentId);
      const position = positionOf(segmentId);
      if (position !== undefined) memo.table.delete(position);
    },
    finish: () => {
      if (rescan) memo.nextDue = memo.table.earliest();
      if (memos.get(store) === memo) memo.generation = String(store.meta.next(PASS));
    },
  };
}

/** A memory read from storage (every segment will be evaluated); rows of unpublished segments go to `gone`. */
function freshMemo(turn: Turn, index: SegmentIndex, read: PassFacts, gone: StoredVerdict[]): Memo {
  const attributes = turn.profile.traits;
  const table = new VerdictTable(index.segments.length);
  for (const { reason: _reason, ...row } of turn.store.segments.all()) {
    const position = index.position.get(row.segmentId);
    if (position === undefined) gone.push(row);
    else table.set(position, row);
  }
  return {
    version: turn.catalog.live.version,
    index,
    timeZone: turn.profile.timeZone ?? "UTC",
    generation: undefined,
    attributesJson: JSON.stringify(attributes),
    attributes: structuredClone(attributes),
    histories: new Map(index.names.map((name) => [name, historyState(read.history(name))])),
    seen: new Map(index.names.map((name) => [name, { revision: turn.store.events.revision(name).revision, at: turn.now }])),
    table,
    nextDue: null,
  };
}

/** The segments whose inputs changed since the memory was taken (and brings it up to date). */
function changedSegments(turn: Turn, index: SegmentIndex, read: PassFacts, memo: Memo): Set<number> {
  const { store, now, profile } = turn;
  const attributes = profile.traits;
  const selected = new Set<number>();
  const add = (segments: readonly Segment[] | undefined): void => {
    for (const segment of segments ?? []) {
      const position = index.position.get(segment.id);
      if (position !== undefined) selected.add(position);
    }
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
    const mark = store.events.revision(name);
    const seen = memo.seen.get(name);
    if (before !== undefined && seen !== undefined && seen.revision === mark.revision && mark.latestAt <= seen.at) continue;
    memo.seen.set(name, { revision: mark.revision, at: now });
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
    const position = index.position.get(segment.id);
    if (position === undefined) continue;
    const was = memo.table.activity(position);
    if (was === profile.lastSeen) continue;
    // Newer activity only keeps a non-member out longer (its stored, earlier re-check stays valid).
    if (was !== undefined && memo.table.get(position, segment.id)?.member === false && profile.lastSeen >= was) continue;
    selected.add(position);
  }
  return selected;
}
