/**
 * Inputs on an object that may have been merged into a known user (docs/identity.md): a merged
 * visitor's object holds nothing but the forwarding mark, so every call acting on the user's data
 * must be made on the known user's object instead. Used by the User DO's RPC methods.
 */
import type { InputRunner, Session } from "../shell/input-runner.ts";
import type { UserRef } from "../types.ts";

/** Where an input ran: here (null: no profile here, only possible without a `ref`), or nowhere, because it must go to `to`. */
export type FollowedInput<T, F> = { type: "here"; value: T | null } | { type: "forward"; to: F };

/**
 * Runs `body` as one input session here, unless `mergedInto()` names the object this one was merged
 * into. Checked before the session and again inside it: a merge's export can run while the call
 * waits for its turn, and whatever were applied here after it would be erased by finishMerge.
 */
export async function followMerge<T, F>(inputs: InputRunner, mergedInto: () => F | null, ref: UserRef | null, body: (session: Session) => T): Promise<FollowedInput<T, F>> {
  const before = mergedInto();
  if (before !== null) return { type: "forward", to: before };
  const done = await inputs.session(ref, (s) => (mergedInto() === null ? { value: body(s) } : null));
  if (done === null) return { type: "here", value: null };
  if (done.value !== null) return { type: "here", value: done.value.value };
  const to = mergedInto();
  return to === null ? { type: "here", value: null } : { type: "forward", to };
}
