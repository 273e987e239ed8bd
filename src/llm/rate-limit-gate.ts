import { sleep as defaultSleep } from "./sleep.js";

export interface GateDeps {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * A cooldown shared by every call to one provider: when any call is told to back off (a 429 with
 * `retry-after`), the others wait too instead of spending their own attempts on the same limit.
 */
export class RateLimitGate {
  private until = 0;
  private readonly deps: GateDeps;

  constructor(deps: Partial<GateDeps> = {}) {
    this.deps = { now: deps.now ?? Date.now, sleep: deps.sleep ?? defaultSleep };
  }

  /** Holds every caller of `wait` for at least `ms` from now. */
  pause(ms: number): void {
    this.until = Math.max(this.until, this.deps.now() + ms);
  }

  /** Milliseconds left in the current cooldown (0 when open). */
  remaining(): number {
    return Math.max(0, this.until - this.deps.now());
  }

  /** Resolves once no cooldown is in force; rejects when `signal` aborts. */
  async wait(signal?: AbortSignal): Promise<void> {
    let waitedFor = -1;
    // Sleeps again only when another 429 extended the cooldown meanwhile, so a stalled clock cannot spin.
    while (this.until !== waitedFor && this.remaining() > 0) {
      waitedFor = this.until;
      await this.deps.sleep(this.remaining(), signal);
    }
  }
}
