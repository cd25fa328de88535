/** Discord's epoch, 2015-01-01T00:00:00Z, in milliseconds since the Unix epoch. */
export const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/**
 * Generates Discord snowflakes: the milliseconds since Discord's epoch in the top 42 bits, then
 * 5 bits of worker, 5 bits of process and a 12-bit increment. IDs from one generator increase
 * strictly, so sorting them by value sorts them by creation, as Discord's do.
 */
export class SnowflakeGenerator {
  #lastTimestamp = 0n;
  #increment = 0n;

  next(now: number = Date.now()): string {
    let timestamp = BigInt(now) - DISCORD_EPOCH_MS;

    if (timestamp < this.#lastTimestamp) {
      timestamp = this.#lastTimestamp;
    }

    if (timestamp === this.#lastTimestamp) {
      this.#increment += 1n;
    } else {
      this.#increment = 0n;
    }

    // 4096 IDs per millisecond fit in the increment; borrow the next millisecond past that.
    if (this.#increment > 0xfffn) {
      timestamp += 1n;
      this.#increment = 0n;
    }

    this.#lastTimestamp = timestamp;
    const workerAndProcess = 1n << 17n;
    return ((timestamp << 22n) | workerAndProcess | this.#increment).toString();
  }
}

/** Returns the creation time, in Unix milliseconds, encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS);
}
