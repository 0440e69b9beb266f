/** The hono environment of every Nudge route: bindings plus what middleware puts on the context. */
import type { KeyKind } from "../workspace/keys.ts";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** The workspace the request's key belongs to (set by the key-auth middleware). */
    workspace: string;
    /** Which kind of key authenticated the request. */
    keyKind: KeyKind;
    /** The parsed JSON body (set by `jsonBody()`). */
    body: unknown;
  };
}
