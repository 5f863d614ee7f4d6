/**
 * Runs asynchronous tasks one at a time per key (a document id), in arrival order. Creating a link
 * reads the live text and the existing links, then writes; two requests doing that at once could
 * both find no duplicate and both write. One server runs per data directory (the data-dir lock), so
 * a queue in this process is enough.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    // A failed task must not block the ones after it: they wait for it to settle, either way.
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
