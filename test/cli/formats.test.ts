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
    const markdown = readFileSync(out('md'), 'utf8');
    expect(markdown).toContain(report.project.name);
    expect(markdown).toContain(score);
    expect(markdown.split('\n')[0]).toBe(`# Engineering readiness: ${report.project.name}`);
    const html = readFileSync(out('html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain(score);
    expect(html).toContain(`<p class="kpi-label">Score</p><p class="kpi-value">${score}<small> / 100</small></p>`);
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
    // a JUnit failure per SARIF finding: the same failing or unanswered rules and items
    expect(Number(junit.testsuites['@_failures'])).toBe(findings);
  });
});

describe('report metadata from the command line', () => {
  it('--client and --report-date replace the manifest\'s client and the audit date in Markdown and HTML', () => {
    const args = ['audit', 'examples/saas-api.yaml', '--date', '2026-11-25', '--client', 'Globex', '--report-date', '2027-01-15'];
    const markdown = cli([...args, '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('- **Client:** Globex\n');
    expect(markdown.stdout).toContain('- **Date:** 2027-01-15\n');
    expect(markdown.stdout).not.toContain('Acme Invoicing'); // the manifest's project.metadata.client
    const html = cli([...args, '--format', 'html']);
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('<div><dt>Client</dt><dd>Globex</dd></div>');
    expect(html.stdout).toContain('<div><dt>Date</dt><dd>2027-01-15</dd></div>');
    expect(html.stdout).not.toContain('Acme Invoicing');
  });
});
