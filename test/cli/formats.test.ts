import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, tempDir } from '../helpers.js';

const EXAMPLES = ['prototype', 'internal-admin', 'saas-api', 'payments-platform'];
const sarifSchema = JSON.parse(readFileSync(join(FIXTURES, 'report', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const validateSarif = new Ajv({ strict: false, strictRequired: false, unicodeRegExp: false, validateFormats: false }).compile(sarifSchema);

describe('every format from one run, for every example', () => {
  it.each(EXAMPLES)('%s', (name) => {
    const dir = tempDir();
    const out = (ext: string) => join(dir, `report.${ext}`);
    const run = cli(['audit', `examples/${name}.yaml`, '--date', '2026-11-25',
      '-o', `json=${out('json')}`, '-o', `markdown=${out('md')}`, '-o', `html=${out('html')}`,
      '-o', `sarif=${out('sarif')}`, '-o', `junit=${out('xml')}`]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`readiness · `); // the text report still on the terminal

    const report = JSON.parse(readFileSync(out('json'), 'utf8')) as {
      score: number; project: { name: string }; results: { inScope: boolean; status: string; items?: { status: string }[] }[];
    };
    const score = String(report.score);
    expect(readFileSync(out('md'), 'utf8')).toContain(report.project.name);
    expect(readFileSync(out('md'), 'utf8')).toContain(score);
    const html = readFileSync(out('html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain(score);
    expect(html).not.toMatch(/<(script|link|img)\b[^>]*\b(src|href)=["']?https?:/i);

    const sarif = JSON.parse(readFileSync(out('sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 2))).toBe(true);
    // one SARIF result per failing or unanswered rule in scope, per item for per-item rules
    const open = (status: string) => status === 'fail' || status === 'unknown';
    const findings = report.results.filter((r) => r.inScope)
      .reduce((n, r) => n + (r.items ? r.items.filter((i) => open(i.status)).length : Number(open(r.status))), 0);
    expect(sarif.runs[0]!.results).toHaveLength(findings);

    const xml = readFileSync(out('xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const junit = new XMLParser({ ignoreAttributes: false }).parse(xml) as { testsuites: Record<string, string> };
    expect(Number(junit.testsuites['@_tests'])).toBeGreaterThan(0);
  });
});
