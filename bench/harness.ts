/**
 * A minimal benchmark harness. Every bench pairs the cases with a baseline measured in the same
 * process, interleaved round by round, and reports each case as a ratio to that baseline: these
 * machines are shared and absolute speeds vary by ±30 % between runs, ratios much less. There are
 * deliberately no pass/fail thresholds.
 */
export type BenchFn = () => unknown;

export interface BenchDefinition {
  /** The operation the cases are compared against (e.g. a plain insert for an audit-log append). */
  baseline: BenchFn;
  /** How the baseline is labelled in the report (default `baseline`). */
  baselineName?: string;
  cases: Record<string, BenchFn>;
  /** Runs before warm-up (create databases, tables); its result is not timed. */
  setup?: () => unknown;
  teardown?: () => unknown;
  /** Timed calls per function, split over the rounds (default 2000, or BENCH_ITERATIONS). */
  iterations?: number;
  /** Untimed calls per function before measuring (default 10 % of iterations). */
  warmup?: number;
  /** Rounds; each function runs once per round in turn so drift hits all of them alike (default 10). */
  rounds?: number;
}

export interface Bench extends BenchDefinition {
  name: string;
}

export interface CaseResult {
  name: string;
  /** Median over rounds. */
  opsPerSecond: number;
  /** opsPerSecond / baseline opsPerSecond: 0.5 means half as fast as the baseline. */
  ratio: number;
  /** Spread over rounds: (max - min) / median ops/s, a rough noise indicator. */
  spread: number;
}

export interface BenchResult {
  name: string;
  iterations: number;
  baseline: CaseResult;
  cases: CaseResult[];
}

export function defineBench(name: string, definition: BenchDefinition): Bench {
  return { name, ...definition };
}

export async function runBench(bench: Bench): Promise<BenchResult> {
  const iterations = bench.iterations ?? (Number(process.env.BENCH_ITERATIONS) || 2000);
  const rounds = Math.max(1, Math.min(bench.rounds ?? 10, iterations));
  const perRound = Math.max(1, Math.floor(iterations / rounds));
  const warmup = bench.warmup ?? Math.ceil(iterations / 10);
  const fns: [string, BenchFn][] = [['baseline', bench.baseline], ...Object.entries(bench.cases)];

  await bench.setup?.();
  try {
    for (const [, fn] of fns) await repeat(fn, warmup);
    const samples = new Map<string, number[]>(fns.map(([n]) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      for (const [name, fn] of fns) {
        const start = process.hrtime.bigint();
        await repeat(fn, perRound);
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        samples.get(name)!.push(perRound / seconds);
      }
    }
    const summarise = (name: string, baselineOps: number): CaseResult => {
      const s = [...samples.get(name)!].sort((a, b) => a - b);
      const median = s[Math.floor(s.length / 2)]!;
      return {
        name,
        opsPerSecond: median,
        ratio: median / baselineOps,
        spread: (s.at(-1)! - s[0]!) / median,
      };
    };
    const baseline = { ...summarise('baseline', 1), name: bench.baselineName ?? 'baseline', ratio: 1 };
    return {
      name: bench.name,
      iterations: perRound * rounds,
      baseline,
      cases: Object.keys(bench.cases).map((n) => summarise(n, baseline.opsPerSecond)),
    };
  } finally {
    await bench.teardown?.();
  }
}

async function repeat(fn: BenchFn, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const result = fn();
    if (result instanceof Promise) await result;
  }
}

export function formatResult(result: BenchResult): string {
  const rows = [result.baseline, ...result.cases].map((c) => [
    c === result.baseline ? `${c.name} (baseline)` : c.name,
    c.opsPerSecond.toFixed(0),
    `${c.ratio.toFixed(2)}×`,
    `±${((c.spread / 2) * 100).toFixed(0)} %`,
  ]);
  const header = ['case', 'ops/s', 'vs baseline', 'spread'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [`${result.name} (${result.iterations} calls each)`, line(header), ...rows.map(line)].join('\n');
}
