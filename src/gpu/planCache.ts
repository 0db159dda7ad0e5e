/** Bound dispatches for one call shape, owning its buffers (scratch comes from the arena). */
export interface Plan {
  /** Bytes of GPU memory this plan owns. */
  readonly bytes: number;
  destroy(): void;
}

/**
 * Plans by key (call kind and shapes), so repeated calls at one size reuse their buffers and bind groups; the
 * least recently used beyond `capacity` are destroyed. Calls on an instance run one at a time, so a plan is never
 * destroyed while a call uses it.
 */
export class PlanCache<P extends Plan> {
  readonly #entries = new Map<string, Promise<P>>();
  constructor(private readonly capacity: number) {}

  async get<T extends P>(key: string, create: () => Promise<T>): Promise<T> {
    let entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key); // re-insert: Map order is the recency order
    } else {
      entry = create();
      entry.catch(() => this.#entries.delete(key));
    }
    this.#entries.set(key, entry);
    while (this.#entries.size > this.capacity) {
      const [oldestKey, oldest] = this.#entries.entries().next().value!;
      this.#entries.delete(oldestKey);
      oldest.then(
        (p) => p.destroy(),
        () => {},
      );
    }
    return entry as Promise<T>;
  }

  async bytes(): Promise<number> {
    const plans = await Promise.allSettled(this.#entries.values());
    return plans.reduce((sum, p) => sum + (p.status === 'fulfilled' ? p.value.bytes : 0), 0);
  }

  destroyAll(): void {
    for (const entry of this.#entries.values())
      entry.then(
        (p) => p.destroy(),
        () => {},
      );
    this.#entries.clear();
  }
}
