/**
 * The state of one simulation and how each thing that happens is processed: timeline events and
 * trait changes, run timers, segment re-checks, and the knock-on work they cause (fetch results,
 * attribute changes, segment entries), drained from a FIFO queue at the same virtual instant.
 */
import { advance, decideEntry, startRun, triggerEvent, type PriorEntry, type Signal } from "../engine/index.ts";
import type { Journey } from "../schema/journey.ts";
import { sendGate } from "../send-gate.ts";
import type { Input, Millis, Run, Step, TraceEntry, UserEvent } from "../types.ts";
import type { SimUser, TraitChange } from "./sim-user.ts";
import { TimerQueue, type Timer } from "./timer-queue.ts";
import type { SimulatedMessage, SimulationResult } from "./types.ts";

/** Engine calls (advance/startRun) one simulation may make before it is stopped as runaway. */
export const MAX_SIMULATION_STEPS = 10_000;

type Work =
  | { type: "input"; runId: string; input: Input }
  | { type: "signal"; signal: Signal }
  | { type: "traits"; changes: TraitChange[] }
  | { type: "segments" };

const iso = (at: Millis): string => new Date(at).toISOString();

export class Simulation {
  readonly timers = new TimerQueue();
  readonly runs = new Map<string, Run>();
  readonly out: Omit<SimulationResult, "runs" | "ended" | "traits"> = { path: [], messages: [], effects: [], trace: [], segmentChanges: [] };
  stoppedAt: Millis | null = null;
  readonly #membership = new Map<string, boolean>();
  /** Entry history for decideEntry, kept in step with `runs` (index by run id) so entries stay O(1). */
  readonly #prior: PriorEntry[] = [];
  readonly #priorIndex = new Map<string, number>();
  readonly #active = new Set<string>();
  readonly #queue: Work[] = [];
  #steps = 0;
  #runCount = 0;
  readonly #definition: Journey;
  readonly #user: SimUser;
  readonly #version: number;

  constructor(definition: Journey, user: SimUser, version: number) {
    this.#definition = definition;
    this.#user = user;
    this.#version = version;
  }

  /** Memberships at `now` without firing anything (the state the simulation starts from). */
  initSegments(now: Millis): void {
    for (const id of this.#user.segmentIds()) {
      const verdict = this.#user.segment(id, now);
      this.#membership.set(id, verdict.member);
      this.#scheduleSegment(id, verdict.changesAt);
    }
  }

  /** A timeline event: to every run that may care, then to the triggers, then segments. */
  event(event: UserEvent): void {
    this.#user.record(event);
    for (const run of this.runs.values()) {
      const goalOpen = run.goalUntil !== undefined && run.goalAt === undefined && event.at <= run.goalUntil;
      if (run.status === "active" || goalOpen) this.#queue.push({ type: "input", runId: run.id, input: { type: "event", event } });
    }
    this.#queue.push({ type: "signal", signal: { type: "event", event } }, { type: "segments" });
    this.#drain(event.at);
  }

  /** A timeline trait change. */
  traits(traits: Record<string, unknown>, at: Millis): void {
    const changes = this.#user.setTraits(traits);
    if (changes.length > 0) this.#queue.push({ type: "traits", changes });
    this.#drain(at);
  }

  /** A due timer: resume its run, or re-check its segment. */
  timer(timer: Timer): void {
    if (timer.type === "run") {
      if (this.runs.get(timer.runId)?.status === "active") {
        this.#queue.push({ type: "input", runId: timer.runId, input: { type: "timer", timerId: timer.timerId } });
      }
    } else this.#queue.push({ type: "segments" });
    this.#drain(timer.at);
  }

  #drain(now: Millis): void {
    for (let work = this.#queue.shift(); work !== undefined && this.stoppedAt === null; work = this.#queue.shift()) {
      switch (work.type) {
        case "input": this.#input(work.runId, work.input, now); break;
        case "signal": this.#signal(work.signal, now); break;
        case "traits": this.#traitChanges(work.changes, now); break;
        case "segments": this.#segments(now); break;
      }
    }
    this.#queue.length = 0;
  }

  #countStep(now: Millis): boolean {
    this.#steps += 1;
    if (this.#steps <= MAX_SIMULATION_STEPS) return true;
    this.stoppedAt = now;
    return false;
  }

  #input(runId: string, input: Input, now: Millis): void {
    const run = this.runs.get(runId);
    if (run === undefined || !this.#countStep(now)) return;
    this.#apply(advance(this.#definition, run, input, now, this.#user.view(now)), now);
  }

  #signal(signal: Signal, now: Millis): void {
    const user = this.#user;
    const trigger = triggerEvent(this.#definition, signal, { attributes: { ...user.traits }, timeZone: user.timeZone, now });
    if (trigger === null) return;
    const decision = decideEntry(this.#definition, trigger, this.#prior, now, user.timeZone);
    if (!decision.enter) {
      this.out.trace.push({ at: now, runId: "", node: null, kind: "ignored", reason: `${trigger.name} did not start a run: ${decision.reason}` });
      return;
    }
    if (!this.#countStep(now)) return;
    const runId = `sim-${++this.#runCount}`;
    const args = { definition: this.#definition, version: this.#version, runId, trigger, key: decision.key, now, user: user.view(now) };
    this.#apply(startRun(args), now);
  }

  #traitChanges(changes: TraitChange[], now: Millis): void {
    const attributes = { ...this.#user.traits };
    for (const id of this.#active) {
      const run = this.runs.get(id);
      if (run?.waiting?.type === "timer") {
        this.#queue.push({ type: "input", runId: run.id, input: { type: "attributes", changed: changes.map((c) => c.attribute) } });
      }
    }
    for (const c of changes) {
      this.#queue.push({ type: "signal", signal: { type: "attribute", attribute: c.attribute, value: c.value, previous: c.previous, at: now, attributes } });
    }
    this.#queue.push({ type: "segments" });
  }

  #segments(now: Millis): void {
    for (const id of this.#user.segmentIds()) {
      const verdict = this.#user.segment(id, now);
      if (this.#membership.get(id) !== verdict.member) {
        this.#membership.set(id, verdict.member);
        const on = verdict.member ? "enter" : "exit";
        this.out.segmentChanges.push({ at: iso(now), segment: id, on });
        this.#queue.push({ type: "signal", signal: { type: "segment", segment: id, on, at: now } });
      }
      this.#scheduleSegment(id, verdict.changesAt);
    }
  }

  #scheduleSegment(segment: string, at: Millis | null): void {
    this.timers.clearSegment(segment);
    if (at !== null) this.timers.add({ type: "segment", at, segment });
  }

  /** Stores the run, records what it did, and queues the knock-on work of its effects. */
  #apply(step: Step, now: Millis): void {
    this.#store(step.run);
    this.#record(step.trace);
    const changes: TraitChange[] = [];
    for (const effect of step.effects) {
      this.out.effects.push({ at: iso(now), effect });
      switch (effect.type) {
        case "send": this.out.messages.push(this.#message(effect, now)); break;
        case "set_timer": this.timers.add({ type: "run", at: effect.at, runId: effect.runId, timerId: effect.timerId }); break;
        case "cancel_timer": this.timers.cancel(effect.timerId); break;
        case "fetch_data":
          // Nothing is called: the run goes on as on success with empty data.
          this.#queue.unshift({ type: "input", runId: effect.runId, input: { type: "data", requestKey: effect.key, ok: true, data: {} } });
          break;
        case "update_attribute": {
          const change = this.#user.applyChange(effect.attribute, effect.change);
          if (change !== null) changes.push(change);
          break;
        }
        default: break; // webhook, audience, goal_reached, run_ended: recorded only
      }
    }
    if (changes.length > 0) this.#queue.push({ type: "traits", changes });
  }

  #store(run: Run): void {
    this.runs.set(run.id, run);
    const entry = { key: run.key, enteredAt: run.enteredAt, active: run.status === "active" };
    const index = this.#priorIndex.get(run.id);
    if (index === undefined) {
      this.#priorIndex.set(run.id, this.#prior.length);
      this.#prior.push(entry);
    } else this.#prior[index] = entry;
    if (entry.active) this.#active.add(run.id);
    else this.#active.delete(run.id);
  }

  #record(trace: TraceEntry[]): void {
    for (const entry of trace) {
      this.out.trace.push(entry);
      if (entry.kind === "entered" && entry.node !== null) this.out.path.push(entry.node);
    }
  }

  /** The message as live would log it: the send gate (send-gate.ts) decides, as in the User DO. */
  #message(effect: Extract<Step["effects"][number], { type: "send" }>, now: Millis): SimulatedMessage {
    const reason = sendGate(effect, this.#user.reach(effect.channel, now), this.#user.traits);
    return {
      at: iso(now),
      node: effect.node,
      channel: effect.channel,
      template: effect.template,
      runId: effect.runId,
      status: reason === null ? "sent" : "suppressed",
      ...(reason === null ? {} : { reason }),
      ...(effect.transactional ? { transactional: true } : {}),
      ...(effect.to === undefined ? {} : { to: effect.to }),
    };
  }
}
