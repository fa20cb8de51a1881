import { Ajv } from 'ajv';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { auditManifest } from '../../src/audit.js';
import { runInterview, type InterviewFlags } from '../../src/cli/commands/interview.js';
import { ReadinessError } from '../../src/errors.js';
import { parseManifest } from '../../src/manifest/load-manifest.js';
import { manifestSchema } from '../../src/manifest/schema.js';
import { loadRuleSet } from '../../src/rules/load-rule-set.js';
import type { Assessment } from '../../src/scoring/assessment.js';
import { ROOT, tempDir, TODAY } from '../helpers.js';
import { memoryIo, scriptedPrompter, type Script } from './scripted-prompter.js';

const ruleSet = loadRuleSet();

/** Runs the interview in a fresh folder named `support-admin`, answering from the script. */
async function interview(script: Script, flags: Partial<InterviewFlags> = {}, options: { dir?: string; interruptAt?: string } = {}) {
  const dir = options.dir ?? join(tempDir(), 'support-admin');
  mkdirSync(dir, { recursive: true });
  const io = memoryIo(dir);
  const prompter = scriptedPrompter(script, options);
  const code = await runInterview({ output: 'readiness.yaml', date: TODAY, ...flags }, io, prompter);
  const file = join(dir, flags.output ?? 'readiness.yaml');
  const manifest = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  return { code, dir, io, prompter, manifest, file };
}

const audit = (text: string) => auditManifest(parseManifest(text, 'readiness.yaml', ruleSet, { now: TODAY }), ruleSet, { now: TODAY });

/** What an audit concluded, rule by rule and item by item: the result to compare. */
function outcome(assessment: Assessment) {
  return {
    score: assessment.score,
    coverage: assessment.coverage,
    level: assessment.achieved.level,
    results: Object.fromEntries(assessment.results.map((r) => [r.id, [r.status, ...(r.items ?? []).map((i) => `${i.name}:${i.status}`)].join(' ')])),
  };
}

// An internal admin tool, answered the way a tech lead would: some yes, some no, some numbers,
// a few "don't know", one dependency and one database added through the loops.
const SUPPORT_ADMIN: Script = {
  'project.profile': 'internal',
  'context.stores_data': 'true',
  'context.public_endpoints': 'false',
  'context.browser_ui': 'true',
  'context.runtime': 'containers',
  'dependencies[0]': 'add', 'dependencies[0].name': 'accounts-api', 'dependencies[1]': 'done',
  'dependencies[0].timeout_ms': '5000',
  'datastores[0]': 'add', 'datastores[0].name': 'admin-postgres', 'datastores[1]': 'done',
  'datastores[0].engine': 'postgresql',
  'datastores[0].primary_data': 'true',
  'datastores[0].migration_tool': 'flyway',
  'datastores[0].backup': 'true',
  'datastores[0].last_restore_test': '~',
  'datastores[0].backup_retention_days': '14',
  'observability.logs.unhandled_errors': 'true',
  'observability.logs.destination': 'stdout',
  'observability.logs.format': 'json',
  'observability.logs.utc': '~',
  'observability.error_tracking': 'false',
  'observability.health.liveness': 'true',
  'migrations.checksums_verified': 'true',
  'migrations.ci_engine_matches_prod': 'false',
  'security.endpoint_groups[0]': 'done',
  'security.self_contained_tokens': 'false',
  'security.secrets_in_repo': 'false',
  'security.lockfile': 'true',
  'security.parameterized_queries': 'true',
  'security.secret_scanning': 'false',
  'security.tls_external': 'true',
  'security.dependency_scanning': 'true',
  'security.dependency_updates': '~',
  'delivery.version_control': 'true',
  'delivery.ci_tests': 'true',
  'delivery.merge_requires_green_ci': 'true',
  'delivery.review_required': 'false',
  'delivery.deploy_method': 'pipeline',
  'operations.docs.readme': 'true',
  'operations.owner': 'support-tools',
  'operations.config_in_environment': 'true',
  'operations.docs.in_repo': 'true',
  'operations.adrs': '0',
};

// The same facts, written by hand: what the answers mean.
const SUPPORT_ADMIN_MANIFEST = `
version: 1
project: { name: support-admin, profile: internal }
context: { stores_data: true, public_endpoints: false, browser_ui: true, runtime: containers }
dependencies:
  - { name: accounts-api, timeout_ms: 5000 }
datastores:
  - { name: admin-postgres, engine: postgresql, primary_data: true, migration_tool: flyway, backup: true, backup_retention_days: 14 }
observability:
  logs: { unhandled_errors: true, destination: stdout, format: json }
  error_tracking: false
  health: { liveness: true }
migrations: { checksums_verified: true, ci_engine_matches_prod: false }
security:
  endpoint_groups: []
  self_contained_tokens: false
  secrets_in_repo: false
  lockfile: true
  parameterized_queries: true
  secret_scanning: false
  tls_external: true
  dependency_scanning: true
delivery: { version_control: true, ci_tests: true, merge_requires_green_ci: true, review_required: false, deploy_method: pipeline }
operations:
  docs: { readme: true, in_repo: true }
  owner: support-tools
  config_in_environment: true
  adrs: 0
`;

describe('a whole interview, driven by a script', () => {
  it('writes a manifest that audits to the same result as the answers given, then prints the report', async () => {
    const run = await interview(SUPPORT_ADMIN);
    expect(run.code).toBe(0);
    expect(outcome(audit(run.manifest!))).toEqual(outcome(audit(SUPPORT_ADMIN_MANIFEST)));
    expect(run.io.err()).toContain('readiness: wrote readiness.yaml');
    expect(run.io.out()).toContain('readiness · support-admin · internal profile');
    expect(existsSync(join(run.dir, '.readiness.yaml.draft'))).toBe(false);
  });

  it('writes a manifest that validates against `readiness schema`', async () => {
    const run = await interview(SUPPORT_ADMIN);
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true, strict: false }).compile(manifestSchema(ruleSet.facts));
    expect(validate(parse(run.manifest!)), JSON.stringify(validate.errors)).toBe(true);
    const everythingUnknown = await interview({});
    expect(validate(parse(everythingUnknown.manifest!)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('pressing Enter throughout completes it: the folder names the project, everything else is "don\'t know"', async () => {
    const run = await interview({});
    expect(run.code).toBe(0);
    const written = parse(run.manifest!);
    expect(written.project).toEqual({ name: 'support-admin', profile: 'production' });
    expect(written.context.runtime).toBeNull();
    expect(written.dependencies).toBeNull();
    const assessment = audit(run.manifest!);
    expect(assessment.coverage).toBe(0);
    expect(assessment.results.filter((r) => r.inScope).every((r) => r.status === 'unknown')).toBe(true);
  });

  it('records "don\'t know" as ~, and the rules that need it stay unknown, never passed', async () => {
    const run = await interview(SUPPORT_ADMIN);
    expect(run.manifest).toMatch(/^ {4}utc: ~$/m);
    expect(run.manifest).toMatch(/^ {4}last_restore_test: ~$/m);
    const results = audit(run.manifest!).results;
    expect(results.find((r) => r.id === 'OBS-003')!.status).toBe('unknown');
    expect(results.find((r) => r.id === 'REC-002')!.items![0]).toMatchObject({ name: 'admin-postgres', status: 'unknown' });
  });

  it('shows progress, why each question matters, and help on request', async () => {
    const run = await interview({ ...SUPPORT_ADMIN, 'security.lockfile': ['?', 'true'], 'operations.adrs': ['?', '0'] });
    const shown = run.prompter.transcript.join('\n');
    expect(shown).toMatch(/^Project · question 1 of \d+$/m);
    expect(shown).toMatch(/^Security · question \d+ of \d+$/m);
    expect(shown).toContain('Why: SEC-002 Dependencies are pinned by a committed lockfile');
    expect(shown).toContain('Why SEC-002 matters:');
    expect(shown).toContain('More: readiness explain OPS-005');
    expect(parse(run.manifest!).security.lockfile).toBe(true);
    // every question says why it matters before it is first asked
    const firstAsked = new Set<string>();
    let since: string[] = [];
    for (const line of run.prompter.transcript) {
      const key = line.match(/^\? \[([^\]]+)\]/)?.[1];
      if (key === undefined) {
        since.push(line);
        continue;
      }
      if (!firstAsked.has(key) && /^(context|dependencies|datastores|observability|migrations|security|delivery|operations)\b/.test(key) && !key.endsWith('.name')) {
        expect(since.join('\n'), key).toContain('Why: ');
      }
      firstAsked.add(key);
      since = [];
    }
  });

  it('asks the per-item questions of each item added, one item at a time', async () => {
    const run = await interview({
      ...SUPPORT_ADMIN,
      'dependencies[1]': 'add', 'dependencies[1].name': 'crm-vendor', 'dependencies[2]': 'done',
      'dependencies[1].timeout_ms': '0',
    });
    const order = run.prompter.keys.filter((k) => k.startsWith('dependencies['));
    expect(order).toEqual([
      'dependencies[0]', 'dependencies[0].name', 'dependencies[1]', 'dependencies[1].name', 'dependencies[2]',
      'dependencies[0].timeout_ms', 'dependencies[1].timeout_ms',
    ]);
    expect(parse(run.manifest!).dependencies).toEqual([
      { name: 'accounts-api', timeout_ms: 5000 },
      { name: 'crm-vendor', timeout_ms: 0 },
    ]);
    expect(run.prompter.transcript).toContain('  Listed so far: accounts-api');
  });

  it('skips what does not apply: no datastore, no migration or backup questions', async () => {
    const run = await interview({ 'context.stores_data': 'false', 'datastores[0]': 'done' });
    expect(run.prompter.keys.filter((k) => k.startsWith('datastores[') && k !== 'datastores[0]')).toEqual([]);
    expect(run.prompter.keys.filter((k) => /^(migrations|recovery)\./.test(k))).toEqual([]);
    expect(parse(run.manifest!).datastores).toEqual([]);
  });

  it('a set is picked from its choices; "None of them" is an empty list, not "don\'t know"', async () => {
    const picked = await interview({ 'context.stores_data': 'true', 'recovery.runbooks': ['pick', 'restore-from-backup,data-corruption'] });
    expect(parse(picked.manifest!).recovery.runbooks).toEqual(['restore-from-backup', 'data-corruption']);
    const none = await interview({ 'context.stores_data': 'true', 'recovery.runbooks': 'none' });
    expect(parse(none.manifest!).recovery.runbooks).toEqual([]);
  });

  it('lets the person change an answer at the summary before anything is written', async () => {
    const run = await interview({ ...SUPPORT_ADMIN, review: ['change', 'write'], change: 'context.runtime', 'context.runtime': ['containers', 'vm'] });
    expect(run.prompter.transcript.join('\n')).toContain('Your answers:');
    expect(run.prompter.defaults['context.runtime']).toBe('containers');
    expect(parse(run.manifest!).context.runtime).toBe('vm');
  });
});

describe('--from: re-running the interview updates a manifest', () => {
  const original = readFileSync(join(ROOT, 'examples', 'internal-admin.yaml'), 'utf8');
  const withOriginal = () => {
    const dir = join(tempDir(), 'support-admin');
    mkdirSync(dir);
    writeFileSync(join(dir, 'readiness.yaml'), original);
    return dir;
  };

  it('offers every answer of the manifest as the default', async () => {
    const run = await interview({ overwrite: true }, { from: 'readiness.yaml' }, { dir: withOriginal() });
    expect(run.prompter.defaults['project.profile']).toBe('internal');
    expect(run.prompter.defaults['context.runtime']).toBe('containers');
    expect(run.prompter.defaults['dependencies[1].timeout_ms']).toBe('0');
    // its items stand as listed: the loop only offers to add more
    expect(run.prompter.keys).not.toContain('dependencies[0].name');
    expect(run.prompter.defaults['dependencies[2]']).toBe('done');
  });

  it('pressing Enter throughout leaves the file byte for byte as it was', async () => {
    const run = await interview({}, { from: 'readiness.yaml' }, { dir: withOriginal() });
    expect(run.code).toBe(0);
    expect(run.prompter.defaults.overwrite).toBe(true);
    expect(run.manifest).toBe(original);
  });

  it('changes only the lines whose answers changed, keeping comments and key order', async () => {
    const run = await interview({ 'context.runtime': 'kubernetes', 'dependencies[1].timeout_ms': '3000' }, { from: 'readiness.yaml' }, { dir: withOriginal() });
    const before = original.split('\n');
    const after = run.manifest!.split('\n');
    expect(after.length).toBe(before.length);
    const changed = after.flatMap((line, i) => (line !== before[i] ? [[before[i], line]] : []));
    expect(changed).toEqual([
      ['  runtime: containers', '  runtime: kubernetes'],
      ['    timeout_ms: 0               # the vendor SDK\'s default: it never times out', '    timeout_ms: 3000               # the vendor SDK\'s default: it never times out'],
    ]);
  });

  it('adds what the manifest lacked at the end of its section, keeping every comment', async () => {
    const run = await interview({ 'project.profile': 'production', 'observability.logs.correlation_id': 'true' }, { from: 'readiness.yaml', force: true }, { dir: withOriginal() });
    const comments = (text: string) => text.split('\n').map((l) => l.match(/#\s*(.*)$/)?.[1]).filter(Boolean);
    expect(comments(run.manifest!)).toEqual(comments(original));
    const keysOf = (text: string) => Object.keys(parse(text) as object);
    expect(keysOf(run.manifest!).slice(0, keysOf(original).length)).toEqual(keysOf(original));
    const logs = Object.keys(parse(run.manifest!).observability.logs);
    expect(logs.slice(0, Object.keys(parse(original).observability.logs).length)).toEqual(Object.keys(parse(original).observability.logs));
    expect(logs.at(-1)).not.toBe('format');
    expect(parse(run.manifest!).observability.logs.correlation_id).toBe(true);
    expect(parse(run.manifest!).project.profile).toBe('production');
  });

  it('takes in the packs the manifest extends, and keeps their facts', async () => {
    const dir = withOriginal();
    cpSync(join(ROOT, 'test', 'fixtures', 'packs', 'custom'), join(dir, 'acme'), { recursive: true });
    const extended = original.replace('version: 1\n', 'version: 1\nextends: [./acme]\n').replace(/^operations:\n/m, 'operations:\n  acme_catalog_entry: true\n');
    writeFileSync(join(dir, 'readiness.yaml'), extended);
    const run = await interview({}, { from: 'readiness.yaml' }, { dir });
    expect(run.code).toBe(0);
    expect(run.manifest).toBe(extended);
  });
});

describe('Ctrl-C loses nothing', () => {
  it('keeps the answers in a draft, exits 130, and --resume continues from there', async () => {
    const first = await interview(SUPPORT_ADMIN, {}, { interruptAt: 'observability.logs.format' });
    expect(first.code).toBe(130);
    expect(first.manifest).toBeUndefined();
    expect(first.io.err()).toMatch(/^readiness: interrupted; \d+ answers kept in \.readiness\.yaml\.draft: `readiness interview --resume` continues\n$/);
    const draft = parse(readFileSync(join(first.dir, '.readiness.yaml.draft'), 'utf8'));
    expect(draft.answers['datastores[0].migration_tool']).toBe('flyway');
    expect(draft.answers['observability.logs.unhandled_errors']).toBe(true);

    const second = await interview(SUPPORT_ADMIN, { resume: true }, { dir: first.dir });
    expect(second.code).toBe(0);
    expect(second.prompter.keys[0]).toBe('observability.logs.format');
    expect(second.prompter.keys).not.toContain('context.runtime');
    expect(outcome(audit(second.manifest!))).toEqual(outcome(audit(SUPPORT_ADMIN_MANIFEST)));
    expect(existsSync(join(first.dir, '.readiness.yaml.draft'))).toBe(false);
  });

  it('an interrupt in the middle of a list keeps the items already added', async () => {
    const first = await interview({ ...SUPPORT_ADMIN, 'dependencies[1]': 'add', 'dependencies[1].name': 'crm-vendor' }, {}, { interruptAt: 'dependencies[2]' });
    expect(first.code).toBe(130);
    const second = await interview({ ...SUPPORT_ADMIN, 'dependencies[2]': 'done' }, { resume: true }, { dir: first.dir });
    expect(parse(second.manifest!).dependencies.map((d: { name: string }) => d.name)).toEqual(['accounts-api', 'crm-vendor']);
  });

  it('--resume without a draft is a usage error', async () => {
    await expect(interview({}, { resume: true })).rejects.toThrow(/no interview to resume: \.readiness\.yaml\.draft does not exist/);
  });
});

describe('writing the manifest', () => {
  it('never replaces an existing file without confirmation', async () => {
    const dir = join(tempDir(), 'support-admin');
    mkdirSync(dir);
    writeFileSync(join(dir, 'readiness.yaml'), 'mine\n');
    const declined = await interview({}, {}, { dir });
    expect(declined.prompter.defaults.overwrite).toBe(false);
    expect(declined.code).toBe(0);
    expect(readFileSync(join(dir, 'readiness.yaml'), 'utf8')).toBe('mine\n');
    expect(declined.io.err()).toContain('readiness.yaml left as it was; your answers are kept in .readiness.yaml.draft');
    const forced = await interview({}, { force: true }, { dir });
    expect(forced.prompter.keys).not.toContain('overwrite');
    expect(forced.manifest).toContain('version: 1');
  });

  it('stopping at the summary writes nothing and keeps the draft', async () => {
    const run = await interview({ review: 'stop' });
    expect(run.code).toBe(0);
    expect(run.manifest).toBeUndefined();
    expect(existsSync(join(run.dir, '.readiness.yaml.draft'))).toBe(true);
  });
});

describe('without a terminal', () => {
  it('refuses at once with one line and exit 2, asking nothing', async () => {
    const dir = tempDir();
    const io = memoryIo(dir, false);
    const prompter = scriptedPrompter();
    expect(await runInterview({ output: 'readiness.yaml' }, io, prompter)).toBe(2);
    expect(io.err()).toBe('readiness: the interview needs a terminal; in scripts and CI pass --answers <file>, or start from `readiness init`\n');
    expect(prompter.keys).toEqual([]);
  });

  it('--answers runs the interview from a file: whatever it leaves out is "don\'t know"', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), [
      'project.name: support-admin',
      'project.profile: internal',
      'context: { stores_data: true, public_endpoints: false, browser_ui: true, runtime: containers }',
      'dependencies:',
      '  - { name: accounts-api, timeout_ms: 5000 }',
      'datastores[0].name: admin-postgres',
      'datastores[0].engine: postgresql',
      'datastores[0].primary_data: true',
      'datastores[0].migration_tool: flyway',
      'datastores[0].backup: true',
      'datastores[0].backup_retention_days: 14',
      'observability.logs: { unhandled_errors: true, destination: stdout, format: json, utc: ~ }',
      'observability.error_tracking: false',
      'observability.health.liveness: true',
      'migrations: { checksums_verified: true, ci_engine_matches_prod: false }',
      'security: { endpoint_groups: [], self_contained_tokens: false, secrets_in_repo: false, lockfile: true, parameterized_queries: true,',
      '  secret_scanning: false, tls_external: true, dependency_scanning: true }',
      'delivery: { version_control: true, ci_tests: true, merge_requires_green_ci: true, review_required: false, deploy_method: pipeline }',
      'operations: { docs: { readme: true, in_repo: true }, owner: support-tools, config_in_environment: true, adrs: 0 }',
    ].join('\n'));
    const io = memoryIo(dir, false);
    expect(await runInterview({ output: 'readiness.yaml', answers: 'answers.yaml', date: TODAY }, io)).toBe(0);
    const written = readFileSync(join(dir, 'readiness.yaml'), 'utf8');
    expect(outcome(audit(written))).toEqual(outcome(audit(SUPPORT_ADMIN_MANIFEST)));
    expect(parse(written).datastores[0].last_restore_test).toBeNull();
    expect(existsSync(join(dir, '.readiness.yaml.draft'))).toBe(false);
  });

  it('--answers refuses a key that is no question, with its position and a suggestion', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.json'), '{\n  "project.profile": "internal",\n  "context.runtme": "vm"\n}\n');
    const error = await runInterview({ output: 'readiness.yaml', answers: 'answers.json' }, memoryIo(dir, false)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReadinessError);
    expect((error as ReadinessError).message).toBe('"context.runtme" is not a question of the interview; did you mean context.runtime?');
    expect((error as ReadinessError).where).toMatchObject({ file: 'answers.json', line: 3 });
  });

  it('--answers refuses a value of the wrong type, and does not replace a manifest without --force', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), 'context:\n  runtime: mainframe\n');
    await expect(runInterview({ output: 'readiness.yaml', answers: 'answers.yaml' }, memoryIo(dir, false)))
      .rejects.toThrow('context.runtime: must be one of: kubernetes, containers, vm, serverless, paas, desktop, none, or ~');
    writeFileSync(join(dir, 'answers.yaml'), 'context.runtime: vm\n');
    writeFileSync(join(dir, 'readiness.yaml'), 'mine\n');
    await expect(runInterview({ output: 'readiness.yaml', answers: 'answers.yaml' }, memoryIo(dir, false))).rejects.toThrow('already exists');
    expect(readFileSync(join(dir, 'readiness.yaml'), 'utf8')).toBe('mine\n');
  });
});
