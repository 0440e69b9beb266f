/**
 * Runs async tasks one at a time, in call order. The User Durable Object awaits the catalog before
 * each synchronous transaction; serialising those sections keeps inputs in arrival order and lets
 * each one see the definitions it loaded, while outbox IO runs outside the queue.
 */
export function createSerial(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  };
}
