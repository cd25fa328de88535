/** A pino destination that keeps every line, so tests can read what the bot logged. */
export class LogCapture {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  text(): string {
    return this.lines.join('');
  }

  /** Parsed log records whose `msg` equals `message`. */
  records(message?: string): Array<Record<string, unknown>> {
    const records = this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return message === undefined ? records : records.filter((record) => record.msg === message);
  }
}
