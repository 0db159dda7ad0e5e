import type { Plan } from '../model/plan';

interface Entry<P extends Plan> {
  readonly plan: Promise<P>;
  users: number;
  lastUse: number;
}

/**
 * Plans by input shape, so repeated calls at one size reuse their buffers and bind groups. Holds at most
 * `capacity` idle plans; a plan in use by a call is never destroyed under it.
 */
export class PlanCache<P extends Plan> {
  readonly #entries = new Map<string, Entry<P>>();
  #clock = 0;
  constructor(private readonly capacity: number) {}

  /** The plan for `key` (built by `create` on a miss) and the function that hands it back. */
  async acquire(key: string, create: () => Promise<P>): Promise<{ plan: P; release: () => void }> {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { plan: create(), users: 0, lastUse: 0 };
      this.#entries.set(key, entry);
      entry.plan.catch(() => this.#entries.delete(key));
    }
    entry.users++;
    entry.lastUse = ++this.#clock;
    const held = entry;
    try {
      const plan = await held.plan;
      return { plan, release: () => this.#release(held) };
    } catch (error) {
      held.users--;
      throw error;
    }
  }

  /** GPU memory held by the plans built so far. */
  async bytes(): Promise<number> {
    const plans = await Promise.allSettled([...this.#entries.values()].map((e) => e.plan));
    return plans.reduce((sum, p) => sum + (p.status === 'fulfilled' ? p.value.bytes : 0), 0);
  }

  destroyAll(): void {
    for (const entry of this.#entries.values()) entry.plan.then((p) => p.destroy(), () => {});
    this.#entries.clear();
  }

  #release(entry: Entry<P>): void {
    entry.users--;
    const idle = [...this.#entries].filter(([, e]) => e.users === 0).sort(([, a], [, b]) => a.lastUse - b.lastUse);
    while (this.#entries.size > this.capacity && idle.length > 0) {
      const [key, oldest] = idle.shift()!;
      this.#entries.delete(key);
      oldest.plan.then((p) => p.destroy(), () => {});
    }
  }
}
