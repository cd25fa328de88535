import { parseArgs } from 'node:util';

/** Flags every benchmark script takes; each script picks the defaults that fit its measure. */
export interface BenchArgs {
  /** Repetitions of the whole measure; every figure is a median with min and max over them. */
  runs: number;
  /** Attachment size in MiB, for the measures that relay one. */
  sizeMb: number;
  /** Fewer runs and smaller sizes, to check that a script works in a minute or so. */
  quick: boolean;
  /** Skip `npm run build`, because the caller built the bot already (`bench/run-all.ts` does). */
  noBuild: boolean;
  /** Leave `docs/benchmarks.md` alone, for trial runs; always true with `--quick`. */
  noWrite: boolean;
}

export interface BenchDefaults {
  runs: number;
  sizeMb: number;
  quickRuns: number;
  quickSizeMb: number;
}

const USAGE =
  'Flags: --runs N (repetitions, whole number), --size-mb N (MiB relayed, where a measure relays a file), ' +
  '--quick (fewer runs and smaller files, never writes the page), --no-build (use the existing dist/), ' +
  '--no-write (leave docs/benchmarks.md alone)';

/** Reads the command-line flags; `--quick` lowers the defaults, and explicit values still win. */
export function parseBenchArgs(argv: string[], defaults: BenchDefaults): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      'size-mb': { type: 'string' },
      quick: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });

  if (values.help) {
    process.stdout.write(
      `${USAGE}\nDefaults here: --runs ${defaults.runs}` +
        (defaults.sizeMb > 0 ? `, --size-mb ${defaults.sizeMb}` : '') +
        `; with --quick: --runs ${defaults.quickRuns}` +
        (defaults.quickSizeMb > 0 ? `, --size-mb ${defaults.quickSizeMb}` : '') +
        '\n',
    );
    process.exit(0);
  }

  // A measure that relays no file has no size default; a size given to it would be ignored.
  if (defaults.sizeMb === 0 && values['size-mb'] !== undefined) {
    throw new Error(`This measure relays no file, so --size-mb does not apply. ${USAGE}`);
  }

  const quick = values.quick;
  if (quick) {
    process.stdout.write(
      'Quick run: fewer runs and smaller files than the recorded figures, too few samples to judge ' +
        'the targets; docs/benchmarks.md is left alone.\n',
    );
  }

  const runs = positiveNumber('--runs', values.runs, quick ? defaults.quickRuns : defaults.runs);
  if (!Number.isInteger(runs))
    throw new Error(`--runs must be a whole number, not "${values.runs}". ${USAGE}`);

  return {
    runs,
    sizeMb: positiveNumber('--size-mb', values['size-mb'], quick ? defaults.quickSizeMb : defaults.sizeMb),
    quick,
    noBuild: values['no-build'],
    // A quick run has too few samples to stand for the recorded figures.
    noWrite: values['no-write'] || quick,
  };
}

function positiveNumber(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;

  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${flag} must be a positive number, not "${raw}". ${USAGE}`);
  }
  return value;
}
