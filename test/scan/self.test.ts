import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/rules/load-rule-set.js';
import { DETECTORS } from '../../src/scan/scan.js';
import { packagesDetector } from '../../src/scan/detectors/packages.js';
import { scanRepository } from '../../src/scan/scan.js';
import type { ScanResult } from '../../src/scan/types.js';
import { ROOT } from '../helpers.js';
import { placesOf, signalsOf, valuesOf } from './scan-helpers.js';

let result: ScanResult;

beforeAll(async () => {
  result = await scanRepository(ROOT);
});

describe('a scan of readiness\'s own repository', () => {
  it('finds its npm lockfile, its ADRs, its pinned Node.js version and its test framework', () => {
    expect(placesOf(result, 'security.lockfile', true)).toEqual(['package-lock.json:1']);
    expect(valuesOf(result, 'operations.adrs')[0]).toBeGreaterThanOrEqual(4);
    expect(placesOf(result, 'operations.adrs', valuesOf(result, 'operations.adrs')[0])).toContain('docs/adr/0001-expression-language.md:1');
    expect(valuesOf(result, 'delivery.toolchain_pinned')).toEqual([true]);
    expect(signalsOf(result).some((s) => /^package\.json:\d+ test framework vitest in package\.json$/.test(s))).toBe(true);
  });

  it('knows it is a git repository when it is one', () => {
    if (existsSync(join(ROOT, '.git'))) expect(valuesOf(result, 'delivery.version_control')).toEqual([true]);
  });

  it('skips what is not the project: installed packages, build output, test fixtures', () => {
    const skipped = result.skipped.map((s) => s.path);
    expect(skipped).toContain('test/fixtures');
    if (existsSync(join(ROOT, 'node_modules'))) expect(skipped).toContain('node_modules');
    const files = result.facts.flatMap((f) => f.evidence.map((e) => e.file));
    expect(files.filter((f) => /^(test\/fixtures|node_modules|dist)\//.test(f))).toEqual([]);
  });

  it('does not mistake the scanner\'s own patterns, or the rules\' prose, for practices', () => {
    const claimed = result.facts.map((f) => f.path);
    for (const path of ['security.secrets_in_repo', 'dependencies[].circuit_breaker', 'dependencies[].timeout_ms', 'resilience.fault_injection_tests',
      'migrations.lock_timeout_ms', 'migrations.statement_timeout_ms', 'load_testing.tool', 'observability.logs.format']) {
      expect(claimed, path).not.toContain(path);
    }
  });
});

describe('the detectors', () => {
  it('cover only facts that the built-in rule packs define', () => {
    const facts = loadRuleSet().facts;
    for (const detector of [packagesDetector, ...DETECTORS]) {
      for (const [path, values] of Object.entries(detector.covers)) {
        const fact = facts.get(path);
        expect(fact, `${detector.name}: ${path}`).toBeDefined();
        if (fact?.type === 'enum' && values !== 'any') for (const value of values) expect(fact.choices, `${detector.name}: ${path}`).toContain(value);
      }
    }
  });
});
