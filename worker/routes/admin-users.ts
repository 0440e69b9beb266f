/**
 * Admin user routes (secret key), under /v1/admin/users/{id}: profile (segments, active runs),
 * message log, trace, and erase. `{id}` is a user id, or `anon:<anonymousId>` for a visitor.
 * Reads first wait for the sends the user's object already has in flight (it answers events at
 * commit and sends in the background), so a track followed by a read sees its message.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { HttpError } from "../http/errors.ts";
import { userObjectNameFromPath } from "../workspace/user-object-name.ts";
import { userObjects } from "../workspace/user-objects.ts";

export const adminUsers = new Hono<AppEnv>();

/** The user's object name, once its in-flight outbox work is done. */
async function settled(env: Env, workspace: string, id: string): Promise<string> {
  const name = nameOf(workspace, id);
  await userObjects(env).flush(name);
  return name;
}

const nameOf = (workspace: string, id: string): string => {
  if (id === "" || id.length > 256) throw new HttpError(400, "invalid_id", "a user id has 1 to 256 characters", { path: "id" });
  return userObjectNameFromPath(workspace, id);
};

adminUsers.get("/:id", async (c) => {
  const id = c.req.param("id");
  const profile = await userObjects(c.env).profile(await settled(c.env, c.get("workspace"), id));
  if (profile === null) throw new HttpError(404, "user_not_found", `No user "${id}" has been seen.`, { path: "id" });
  return c.json(profile);
});

adminUsers.get("/:id/messages", async (c) => {
  const messages = await userObjects(c.env).messages(await settled(c.env, c.get("workspace"), c.req.param("id")));
  return c.json({ messages });
});

adminUsers.get("/:id/trace", async (c) => {
  const trace = await userObjects(c.env).trace(await settled(c.env, c.get("workspace"), c.req.param("id")));
  return c.json({ trace });
});

adminUsers.delete("/:id", async (c) => {
  const id = c.req.param("id");
  await userObjects(c.env).erase(nameOf(c.get("workspace"), id));
  return c.json({ deleted: true, id });
});
