/**
 * Milliseconds since an arbitrary start. process.hrtime rather than `performance.now()`: the
 * first use of the `performance` global loads Node's perf_hooks, a dozen modules, at every start.
 */
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Time spent per stage, for `--debug`: where an audit's milliseconds go. */
export class Timings {
  private readonly spent = new Map<string, number>();
  private readonly start = now();

  measure<T>(stage: string, work: () => T): T {
    const begin = now();
    try {
      return work();
    } finally {
      this.add(stage, now() - begin);
    }
  }

  async measureAsync<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const begin = now();
    try {
      return await work();
    } finally {
      this.add(stage, now() - begin);
    }
  }

  summary(): string {
    const parts = [...this.spent].map(([stage, ms]) => `${stage} ${ms.toFixed(1)} ms`);
    return [...parts, `total ${(now() - this.start).toFixed(1)} ms`].join(', ');
  }

  private add(stage: string, ms: number): void {
    this.spent.set(stage, (this.spent.get(stage) ?? 0) + ms);
  }
}
