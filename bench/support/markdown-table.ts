/** Formats a Markdown table; cells are used as given. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `median (min to max)` with `digits` decimals and a unit. */
export function formatSummary(
  summary: { median: number; min: number; max: number },
  digits: number,
  unit = '',
): string {
  const fixed = (value: number) => value.toFixed(digits);
  const suffix = unit === '' ? '' : ` ${unit}`;
  return `${fixed(summary.median)}${suffix} (${fixed(summary.min)} to ${fixed(summary.max)})`;
}

export function metOrMissed(met: boolean): string {
  return met ? 'met' : '**missed**';
}
