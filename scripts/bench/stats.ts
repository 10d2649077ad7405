// Order statistics of latency samples. Medians, not means: one GC pause or scheduler hiccup
// moves a mean but not a median; p99 is reported beside it to show the tail.

/** A case's latency distribution, in milliseconds. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p99: number;
  readonly min: number;
}

/** The nearest-rank percentile `p` (0–100) of ascending `sorted`. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

// A tenth of a microsecond: finer than a timer around an awaited call resolves, fine enough
// for ratios of 20 µs medians.
const micros = (ms: number) => Math.round(ms * 10_000) / 10_000;

/** Summarises samples in milliseconds; with fewer than 100 samples `p99` is the maximum. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: micros(percentile(sorted, 50)),
    p99: micros(percentile(sorted, 99)),
    min: micros(sorted[0] ?? Number.NaN),
  };
}

/** `a / b`, rounded to two decimals as the report prints it. */
export function ratio(a: number, b: number): number {
  return Math.round((a / b) * 100) / 100;
}
