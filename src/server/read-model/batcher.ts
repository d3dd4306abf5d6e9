/**
 * Coalesces concurrent lookups into one call (the server's reads of version
 * records on PostgreSQL, where each query is a round trip): every key asked for during one
 * turn of the event loop is read by a single `readMany`, run on the next turn
 * (setImmediate, after the pending I/O callbacks and promise reactions).
 * A server under load then sends one query for the twenty requests that
 * arrived together instead of twenty, each of which would cost a round trip
 * and a wake-up of the database. A key asked for twice in one turn is read
 * once. A lookup is never answered from an earlier read: each turn reads anew.
 */
interface Waiter<V> {
  resolve: (value: V | undefined) => void;
  reject: (error: unknown) => void;
}

export class Batcher<K, V> {
  private pending = new Map<K, Array<Waiter<V>>>();
  private scheduled = false;

  constructor(
    private readonly readMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxBatch = 100,
  ) {}

  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    const keys = [...batch.keys()];
    for (let start = 0; start < keys.length; start += this.maxBatch) this.run(keys.slice(start, start + this.maxBatch), batch);
  }

  private run(keys: K[], waiters: Map<K, Array<Waiter<V>>>): void {
    this.readMany(keys).then(
      (values) => {
        for (const key of keys) for (const w of waiters.get(key)!) w.resolve(values.get(key));
      },
      (error: unknown) => {
        for (const key of keys) for (const w of waiters.get(key)!) w.reject(error);
      },
    );
  }
}
