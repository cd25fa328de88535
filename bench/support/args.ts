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

const USAGE = `Flags: --runs N, --size-mb N, --quick, --no-build, --no-write`;

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
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }

  const quick = values.quick;
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
