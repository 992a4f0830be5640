// Runs asynchronous tasks one after the other, in the order they were queued, whatever
// each one's outcome: the order in which writes reach the backend is the order they were made.

export type SerialQueue = {
  /** Runs `task` once every task queued before it has settled; resolves or rejects as it does. */
  run<T>(task: () => Promise<T>): Promise<T>;
};

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task);
      // A failure belongs to whoever queued that task, not to the tasks after it.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
