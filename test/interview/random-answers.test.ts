import fc from 'fast-check';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInterview } from '../../src/cli/commands/interview.js';
import { parseManifest } from '../../src/manifest/load-manifest.js';
import type { Prompter } from '../../src/interview/prompter.js';
import { loadRuleSet } from '../../src/rules/load-rule-set.js';
import { tempDir, TODAY } from '../helpers.js';
import { memoryIo } from './scripted-prompter.js';

const ruleSet = loadRuleSet();

/** A prompter that answers from a stream of random numbers: any choice, any subset, two items at most. */
function randomPrompter(picks: number[]): Prompter {
  let turn = 0;
  const next = () => picks[turn++ % picks.length]!;
  return {
    say: () => undefined,
    select: async ({ key, choices }) => {
      if (key === 'review') return 'write';
      const values = choices.map((c) => c.value).filter((v) => v !== '?'); // not the help screen
      const index = /\[(\d+)\]$/.exec(key);
      if (values.includes('add')) return index && Number(index[1]) < 2 && next() % 2 === 0 ? 'add' : 'done';
      return values[next() % values.length]!;
    },
    input: async ({ default: byDefault }) => String(byDefault),
    checkbox: async ({ choices }) => choices.map((c) => c.value).filter(() => next() % 2 === 0),
    confirm: async () => true,
  };
}

describe('any manifest the interview writes', () => {
  it('validates against the schema, whatever the answers', { timeout: 60_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.nat(), { minLength: 50, maxLength: 200 }), async (picks) => {
      const dir = join(tempDir(), 'random-service');
      mkdirSync(dir);
      const code = await runInterview({ output: 'readiness.yaml', date: TODAY, force: true }, memoryIo(dir), randomPrompter(picks));
      expect(code).toBe(0);
      const manifest = parseManifest(readFileSync(join(dir, 'readiness.yaml'), 'utf8'), 'readiness.yaml', ruleSet, { now: TODAY });
      expect(manifest.project.name).toBe('random-service');
    }), { numRuns: 10 });
  });
});
