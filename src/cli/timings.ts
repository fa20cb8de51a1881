/** Time spent per stage, for `--debug`: where an audit's milliseconds go. */
export class Timings {
  private readonly spent = new Map<string, number>();
  private readonly start = performance.now();

  measure<T>(stage: string, work: () => T): T {
    const begin = performance.now();
    try {
      return work();
    } finally {
      this.add(stage, performance.now() - begin);
    }
  }

  async measureAsync<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const begin = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, performance.now() - begin);
    }
  }

  summary(): string {
    const parts = [...this.spent].map(([stage, ms]) => `${stage} ${ms.toFixed(1)} ms`);
    return [...parts, `total ${(performance.now() - this.start).toFixed(1)} ms`].join(', ');
  }

  private add(stage: string, ms: number): void {
    this.spent.set(stage, (this.spent.get(stage) ?? 0) + ms);
  }
}
