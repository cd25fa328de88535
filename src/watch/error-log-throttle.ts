/**
 * Limits repeated log lines: the first error of a kind is logged, then at
 * most one per `intervalMs`, carrying how many were left out meanwhile.
 * A host that is down for an hour then costs a line a minute per user, not
 * one per poll.
 */
export class ErrorLogThrottle {
  readonly #last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns whether to log now, and how many errors of this kind were not logged since the last line. */
  check(kind: string): { log: boolean; suppressed: number } {
    const now = this.now();
    const last = this.#last.get(kind);

    if (last !== undefined && now - last.at < this.intervalMs) {
      last.suppressed += 1;
      return { log: false, suppressed: last.suppressed };
    }

    this.#last.set(kind, { at: now, suppressed: 0 });
    return { log: true, suppressed: last?.suppressed ?? 0 };
  }
}
