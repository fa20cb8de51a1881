import { baseName, callArguments, extension, factHit, isCode, isDockerfile, isScript, isYaml, lineIndex, matchesWithLines, mentions, mergeHits, packageHits, signalHit, type PackageNames } from '../detect.js';
import { ciConfig, ciLinesMatching, isCiFile } from '../formats/ci.js';
import { finalStage } from '../formats/dockerfile.js';
import { containerCommands, kubernetesObjects } from '../formats/kubernetes.js';
import { at, isPlain } from '../formats/yaml.js';
import type { Detector, Hit, Inventory, SourceFile } from '../types.js';

// Versioned schema migrations: which tool, whether a way back is written, how and where they
// are applied, lock timeouts, linters and online schema change (catalog M1–M8).

const TOOL = 'datastores[].migration_tool';
const ROLLBACK = 'migrations.rollback';
const RUN_AT = 'migrations.run_at';

const TOOL_PACKAGES: [string, PackageNames][] = [
  ['flyway', { maven: ['org.flywaydb:*'], npm: ['node-flywaydb'] }],
  ['liquibase', { maven: ['org.liquibase:*'] }],
  ['alembic', { pypi: ['alembic'] }],
  ['prisma', { npm: ['prisma'] }],
  ['knex', { npm: ['knex'] }],
  ['typeorm', { npm: ['typeorm'] }],
  ['sequelize', { npm: ['sequelize-cli', 'umzug'] }],
  ['node-pg-migrate', { npm: ['node-pg-migrate'] }],
  ['goose', { go: ['github.com/pressly/goose'] }],
  ['golang-migrate', { go: ['github.com/golang-migrate/migrate'] }],
  ['atlas', { go: ['ariga.io/atlas'] }],
  ['diesel', { cargo: ['diesel_migrations'] }],
  ['efcore', { nuget: ['Microsoft.EntityFrameworkCore.Design', 'Microsoft.EntityFrameworkCore.Tools'] }],
  ['fluentmigrator', { nuget: ['FluentMigrator', 'FluentMigrator.Runner'] }],
  ['dbup', { nuget: ['dbup-core', 'DbUp', 'dbup-*'] }],
];

const LINTERS: [string, PackageNames, 'weak' | 'medium'][] = [
  ['squawk', { npm: ['squawk-cli'], pypi: ['squawk-cli'] }, 'weak'],
  // strong_migrations raises on unsafe operations as soon as it is installed
  ['strong_migrations', { rubygems: ['strong_migrations'] }, 'medium'],
  ['django-migration-linter', { pypi: ['django-migration-linter'] }, 'weak'],
  ['django-pg-zero-downtime-migrations', { pypi: ['django-pg-zero-downtime-migrations'] }, 'medium'],
];

/** Commands that apply pending migrations, per tool. */
const MIGRATE_COMMAND = /\bflyway\b[^\n]*\bmigrate\b|\bliquibase\b[^\n]*\bupdate\b|\balembic\b[^\n]*\bupgrade\b|\bmanage\.py\s+migrate\b|\b(rails|rake)\s+db:migrate\b|\bprisma\s+migrate\s+deploy\b|\bknex\b[^\n]*\bmigrate:latest\b|\bsequelize(-cli)?\b[^\n]*\bdb:migrate\b|\btypeorm\b[^\n]*\bmigration:run\b|\bnode-pg-migrate\b[^\n]*\bup\b|\bmigrate\b[^\n]*-database\b[^\n]*\bup\b|\bgoose\b[^\n]*\bup\b|\bsqlx\s+migrate\s+run\b|\bdiesel\s+migration\s+run\b|\bdotnet\s+ef\s+database\s+update\b|\batlas\s+migrate\s+apply\b/;

export const migrationsDetector: Detector = {
  name: 'migrations',
  covers: {
    [TOOL]: [...TOOL_PACKAGES.map(([tool]) => tool), 'django', 'rails', 'sqlx'], [ROLLBACK]: ['down_migration'], [RUN_AT]: ['pipeline', 'release_job', 'app_start'],
    'migrations.lock_timeout_ms': 'any', 'migrations.statement_timeout_ms': 'any', 'migrations.checksums_verified': [true],
    'migrations.linter': ['squawk', 'strong_migrations', 'django-migration-linter', 'django-pg-zero-downtime-migrations', 'other'],
    'migrations.large_tables[].online_schema_change': ['gh-ost', 'pt-online-schema-change', 'pg_repack', 'pgroll', 'native-online-ddl'],
  },
  wants: (path) => extension(path) === 'sql' || isCode(path) || isYaml(path) || isDockerfile(path) || isScript(path) || isCiFile(path) ||
    /(^|\/)(alembic\.ini|flyway\.(conf|toml)|liquibase\.properties|atlas\.hcl|diesel\.toml|\.squawk\.toml|schema\.prisma)$/.test(path) || /\.(xml|json)$/.test(path),
  inspect: (file, inventory) => [
    ...toolHits(file, inventory), ...runAtHits(file), ...timeoutHits(file), ...ciHits(file), ...onlineChangeHits(file),
  ],
  conclude: (found, inventory) => mergeHits([...found, ...packageFacts(inventory)]),
};

function packageFacts({ packages }: Inventory): Hit[] {
  const hits = [
    ...TOOL_PACKAGES.flatMap(([tool, names]) => packageHits(packages, names, TOOL, tool)),
    ...LINTERS.flatMap(([linter, names, strength]) => packageHits(packages, names, 'migrations.linter', linter, strength)),
  ];
  // Spring Boot runs Flyway and Liquibase on start-up unless it is switched off
  const boot = packages.some((p) => p.ecosystem === 'maven' && p.name.startsWith('org.springframework.boot:'));
  if (boot) {
    hits.push(...packageHits(packages, { maven: ['org.flywaydb:flyway-core', 'org.liquibase:liquibase-core'] }, RUN_AT, 'app_start', 'weak',
      (signal) => `${signal} with Spring Boot, which migrates on start-up by default`));
  }
  return hits;
}

/** Where migrations and their tools' files live; other code is not worth the patterns below. */
const MIGRATION_PLACE = /migrat|versions\/|alembic|flyway|liquibase|changelog|knexfile|atlas\.hcl|diesel\.toml|\.(sql|xml|ya?ml|json)$/i;

function toolHits(file: SourceFile, inventory: Inventory): Hit[] {
  const { path, text } = file;
  if (!MIGRATION_PLACE.test(path)) return [];
  const name = baseName(path);
  const hits: Hit[] = [];
  const tool = (value: string, signal: string, line = 1) => hits.push(factHit(TOOL, value, 'medium', path, line, signal));
  const down = (signal: string, line = 1) => hits.push(factHit(ROLLBACK, 'down_migration', 'medium', path, line, signal));
  const sql = extension(path) === 'sql';

  if (sql && /^V\d+([._]\d+)*__.+\.sql$/.test(name)) tool('flyway', `Flyway migration ${name}`);
  if (sql && /^R__.+\.sql$/.test(name)) tool('flyway', `Flyway repeatable migration ${name}`);
  if (sql && /^U\d+([._]\d+)*__.+\.sql$/.test(name)) {
    tool('flyway', `Flyway undo migration ${name}`);
    down(`Flyway undo migration ${name}`);
  }
  if (/^flyway\.(conf|toml)$/.test(name)) tool('flyway', `Flyway configuration ${name}`);
  if (name === 'liquibase.properties') tool('liquibase', 'Liquibase configuration');
  if (/\.(xml|ya?ml|json|sql)$/.test(path) && /databaseChangeLog|^--\s*liquibase formatted sql/m.test(text)) {
    tool('liquibase', `Liquibase changelog ${name}`);
    const rollback = /<rollback\b|^\s*-?\s*rollback:|^--\s*rollback\s/m.exec(text);
    if (rollback) down(`Liquibase rollback in ${name}`, lineIndex(text)(rollback.index));
  }
  if (name === 'alembic.ini') tool('alembic', 'Alembic configuration');
  if (extension(path) === 'py' && /(^|\/)versions\/[^/]+\.py$/.test(path) && /^def upgrade\(/m.test(text)) {
    tool('alembic', `Alembic revision ${name}`);
    const downgrade = /^def downgrade\([^)]*\)[^:]*:\s*\n((?:[ \t]+.*\n?|\s*\n)+)/m.exec(text);
    const body = downgrade?.[1]?.replace(/^\s*(#.*|"""[\s\S]*?"""|pass)?\s*$/gm, '').trim();
    if (downgrade && body) down(`Alembic downgrade() in ${name}`, lineIndex(text)(downgrade.index));
  }
  if (extension(path) === 'py' && /(^|\/)migrations\/\d{4}_\w+\.py$/.test(path) && text.includes('migrations.Migration')) tool('django', `Django migration ${name}`);
  if (/(^|\/)db\/migrate\/\d+_\w+\.rb$/.test(path)) {
    tool('rails', `Rails migration ${name}`);
    const m = /^\s*def down\b/m.exec(text);
    if (m) down(`Rails down method in ${name}`, lineIndex(text)(m.index));
  }
  if (name === 'migration.sql' && /(^|\/)migrations\/[^/]+\/migration\.sql$/.test(path)) tool('prisma', 'Prisma migration');
  if (/^knexfile\.[cm]?[jt]s$/.test(name)) tool('knex', `Knex configuration ${name}`);
  if (isCode(path) && /(^|\/)migrations?\//.test(path)) hits.push(...jsMigrationHits(file));
  if (sql && /-- \+goose Up/.test(text)) {
    tool('goose', `goose migration ${name}`);
    const m = /-- \+goose Down\s*\n\s*[^\s-]/.exec(text);
    if (m) down(`goose Down section in ${name}`, lineIndex(text)(m.index));
  }
  const diesel = sql && /(^|\/)migrations\/[^/]+\/(up|down)\.sql$/.test(path);
  if (sql && /\.(up|down)\.sql$/.test(name) || diesel) {
    const value = diesel ? 'diesel'
      : inventory.packages.some((p) => p.ecosystem === 'cargo' && p.name === 'sqlx') ? 'sqlx' : 'golang-migrate';
    tool(value, `${value} migration ${name}`);
    if (/(^|[./])down\.sql$/.test(name)) down(`down migration ${name}`);
  }
  if (name === 'atlas.hcl') tool('atlas', 'Atlas project file');
  if (name === 'diesel.toml') tool('diesel', 'Diesel configuration');
  if (extension(path) === 'cs') hits.push(...dotnetMigrationHits(file));
  return hits;
}

/** Knex, Sequelize, node-pg-migrate and TypeORM migrations: the tool from the API, down() when it does something. */
function jsMigrationHits({ path, text }: SourceFile): Hit[] {
  const name = baseName(path);
  const value = /implements MigrationInterface/.test(text) ? 'typeorm' : /\bqueryInterface\b/.test(text) ? 'sequelize'
    : /\bpgm\.\w+\(/.test(text) ? 'node-pg-migrate' : /\bknex\.schema\b/.test(text) ? 'knex' : undefined;
  if (!value) return [];
  const hits = [factHit(TOOL, value, 'medium', path, 1, `${value} migration ${name}`)];
  const down = /\b(exports\.down\s*=|(async\s+)?function\s+down\s*\(|(public\s+)?async\s+down\s*\(|down\s*:\s*(async\s*)?(function\s*)?\()/.exec(text);
  if (down) {
    const brace = text.indexOf('{', down.index);
    const body = brace < 0 ? '' : callArguments(text, brace).slice(1, -1);
    if (/\w+\.\w+\s*\(/.test(body)) hits.push(factHit(ROLLBACK, 'down_migration', 'medium', path, lineIndex(text)(down.index), `down migration in ${name}`));
  }
  return hits;
}

function dotnetMigrationHits({ path, text }: SourceFile): Hit[] {
  const name = baseName(path);
  const hits: Hit[] = [];
  const ef = /\bUp\s*\(\s*MigrationBuilder\b/.test(text);
  const fluent = /\[Migration\(/.test(text) && /override void Up\s*\(\s*\)/.test(text);
  if (!ef && !fluent) return [];
  hits.push(factHit(TOOL, ef ? 'efcore' : 'fluentmigrator', 'medium', path, 1, `${ef ? 'EF Core' : 'FluentMigrator'} migration ${name}`));
  const down = /override void Down\s*\([^)]*\)\s*\{/.exec(text);
  if (down) {
    const body = callArguments(text, down.index + down[0].length - 1).slice(1, -1);
    if (/\w+\.\w+/.test(body)) hits.push(factHit(ROLLBACK, 'down_migration', 'medium', path, lineIndex(text)(down.index), `Down() in ${name}`));
  }
  return hits;
}

/** Where the migrate command runs: in the pipeline, a release job, or every instance's start-up. */
function runAtHits(file: SourceFile): Hit[] {
  const { path, text } = file;
  const hits: Hit[] = [];
  const record = (value: string, line: number, signal: string) => hits.push(factHit(RUN_AT, value, 'medium', path, line, signal));
  if (isDockerfile(path)) {
    for (const i of finalStage(file).filter((i) => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && MIGRATE_COMMAND.test(i.args))) {
      record('app_start', i.line, `migrations run by the container's ${i.keyword}`);
    }
  } else if (isCiFile(path)) {
    for (const l of ciLinesMatching(ciConfig(file), MIGRATE_COMMAND)) record('pipeline', l.line, 'migrations applied by a CI job');
  } else if (/(^|\/)(docker-)?entrypoint[^/]*\.sh$|(^|\/)start[^/]*\.sh$/.test(path)) {
    shortLines(text).forEach((l, i) => {
      if (MIGRATE_COMMAND.test(l)) record('app_start', i + 1, `migrations run by the start-up script ${baseName(path)}`);
    });
  } else if (baseName(path) === 'Procfile') {
    shortLines(text).forEach((l, i) => {
      if (!MIGRATE_COMMAND.test(l)) return;
      if (/^release:/.test(l)) record('release_job', i + 1, 'migrations in the Procfile release phase');
      else record('app_start', i + 1, 'migrations started with the web process');
    });
  } else if (baseName(path) === 'package.json') {
    hits.push(...packageScriptHits(file));
  } else if (isYaml(path)) {
    for (const object of kubernetesObjects(file)) {
      const hook = String(at(object.body, 'metadata', 'annotations', 'helm.sh/hook') ?? '');
      const init = object.kind === 'Job' || object.kind === 'CronJob' || hook.includes('install') || hook.includes('upgrade');
      for (const command of containerCommands(object).filter((c) => MIGRATE_COMMAND.test(c.text))) {
        if (init) record('release_job', command.line, `migrations run by ${object.kind} ${object.name}`);
        else record('app_start', command.line, `migrations run by every pod of ${object.kind} ${object.name}`);
      }
      const initContainers = at(object.body, 'spec', 'template', 'spec', 'initContainers');
      if (Array.isArray(initContainers) && initContainers.some((c) => MIGRATE_COMMAND.test(JSON.stringify(at(c, 'command') ?? '') + JSON.stringify(at(c, 'args') ?? '')))) {
        record('app_start', object.lineOf(['spec', 'template', 'spec', 'initContainers']), `migrations run by an init container of every ${object.kind} ${object.name} pod`);
      }
    }
  } else if (isCode(path) && mentions(text, ['Migrate', 'migrate!'])) {
    for (const { line } of matchesWithLines(text, /\bDatabase\.Migrate(Async)?\s*\(|\bsqlx::migrate!\([^)]*\)\s*\.run\(/g)) record('app_start', line, 'migrations applied by the application on start-up');
  }
  return hits;
}

/** Lines cut to a length commands never reach, so the patterns stay cheap on hostile files. */
function shortLines(text: string): string[] {
  return text.split('\n').map((l) => (l.length > 2000 ? l.slice(0, 2000) : l));
}

function packageScriptHits(file: SourceFile): Hit[] {
  let scripts: unknown;
  try {
    scripts = (JSON.parse(file.text) as { scripts?: unknown }).scripts;
  } catch {
    return [];
  }
  if (!isPlain(scripts)) return [];
  return ['prestart', 'start'].flatMap((name) => {
    const command = scripts[name];
    if (typeof command !== 'string' || !MIGRATE_COMMAND.test(command.slice(0, 2000))) return [];
    const line = lineIndex(file.text)(file.text.search(new RegExp(`"${name}"\\s*:`)));
    return [factHit(RUN_AT, 'app_start', 'medium', file.path, line, `migrations run by npm ${name}`)];
  });
}

function toMs(amount: string, unit = 'ms'): number {
  const n = Number(amount);
  return unit.startsWith('min') ? n * 60_000 : unit === 's' ? n * 1000 : n;
}

const TIMEOUT_SETTINGS = (['lock', 'statement'] as const).map((kind) =>
  [kind, new RegExp(`\\b${kind}_timeout\\b\\s*(?:=|\\bTO\\b|:)\\s*['"]?(\\d+)\\s*(ms|s|min)?\\b`, 'gi')] as const);

/** Lock and statement timeouts set where migrations run (SQL files, migration code, tool configuration). */
function timeoutHits({ path, text }: SourceFile): Hit[] {
  const where = extension(path) === 'sql' || (isCode(path) && /(^|\/)(migrations?|migrate|alembic|db)\/|(^|\/)knexfile\./.test(path)) ||
    /(^|\/)(flyway\.(conf|toml)|liquibase\.properties|alembic\.ini)$/.test(path);
  if (!where || !/_timeout/i.test(text)) return [];
  return TIMEOUT_SETTINGS.flatMap(([kind, pattern]) =>
    matchesWithLines(text, pattern).map(({ match, line }) =>
      factHit(`migrations.${kind}_timeout_ms`, toMs(match[1]!, match[2]?.toLowerCase()), 'medium', path, line, `${kind}_timeout set for migrations`)));
}

function ciHits(file: SourceFile): Hit[] {
  if (baseName(file.path) === '.squawk.toml') return [factHit('migrations.linter', 'squawk', 'medium', file.path, 1, 'squawk configuration')];
  if (!isCiFile(file.path)) return [];
  const hits: Hit[] = [];
  for (const l of ciConfig(file).lines) {
    if (/\bflyway\b[^\n]*\bvalidate\b|\batlas\s+migrate\s+validate\b/.test(l.text)) hits.push(factHit('migrations.checksums_verified', true, 'medium', file.path, l.line, 'migration checksums validated in CI'));
    if (/\bsquawk\b/.test(l.text)) hits.push(factHit('migrations.linter', 'squawk', 'medium', file.path, l.line, 'squawk runs in CI'));
    else if (/\blintmigrations\b/.test(l.text)) hits.push(factHit('migrations.linter', 'django-migration-linter', 'medium', file.path, l.line, 'django-migration-linter runs in CI'));
    else if (/\batlas\s+migrate\s+lint\b/.test(l.text)) hits.push(factHit('migrations.linter', 'other', 'medium', file.path, l.line, 'atlas migrate lint runs in CI'));
    const db = /(?:\bimage:\s*|^\s*-\s*(?:name:\s*)?)["']?((postgres|postgis\/postgis|mysql|mariadb|mongo|mcr\.microsoft\.com\/mssql\/server)(:[\w.-]+)?)["']?\s*$/.exec(l.text);
    if (db) hits.push(signalHit(file.path, l.line, `CI database service ${db[1]}`));
  }
  return hits;
}

const ONLINE_CHANGE_TOOLS: [RegExp, string][] = [[/\bgh-ost\b/g, 'gh-ost'], [/\bpt-online-schema-change\b/g, 'pt-online-schema-change'], [/\bpg_repack\b/g, 'pg_repack'], [/\bpgroll\b/g, 'pgroll']];

/** Tools that change large tables without blocking them (per large table, so in general here). */
function onlineChangeHits(file: SourceFile): Hit[] {
  const { path, text } = file;
  const fact = 'migrations.large_tables[].online_schema_change';
  const hits: Hit[] = [];
  if (isScript(path) || isCiFile(path) || isDockerfile(path)) {
    // global patterns, shared across files: matchesWithLines resets their lastIndex
    for (const [pattern, tool] of ONLINE_CHANGE_TOOLS) {
      for (const { line } of matchesWithLines(text, pattern)) hits.push(factHit(fact, tool, 'medium', path, line, `${tool} used`));
    }
  }
  if ((extension(path) === 'sql' || /(^|\/)(migrations?|migrate)\//.test(path)) && /concurrently|ALGORITHM\s*=\s*(INPLACE|INSTANT)/i.test(text)) {
    for (const { line } of matchesWithLines(text, /\bCREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b|algorithm:\s*:concurrently|\bALGORITHM\s*=\s*(INPLACE|INSTANT)\b/gi)) {
      hits.push(factHit(fact, 'native-online-ddl', 'medium', path, line, 'non-blocking DDL in a migration'));
    }
  }
  return hits;
}

