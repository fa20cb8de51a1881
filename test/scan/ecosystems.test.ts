import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/rules/load-rule-set.js';
import { scanRepository } from '../../src/scan/scan.js';
import type { ScanResult } from '../../src/scan/types.js';
import { tempDir } from '../helpers.js';
import { placesOf, SCAN_FIXTURES, signalsOf, valuesOf } from './scan-helpers.js';

/** [fact path, value, a place that must show it] per fixture repository. */
type Expectation = [string, unknown, string];

const EXPECTED: Record<string, Expectation[]> = {
  npm: [
    ['security.lockfile', true, 'package-lock.json:1'],
    ['dependencies[].circuit_breaker', true, 'package.json:16'],
    ['dependencies[].circuit_breaker', true, 'src/clients.js:13'],
    ['dependencies[].timeout_ms', 0, 'src/clients.js:9'],
    ['observability.logs.format', 'json', 'package.json:17'],
    ['observability.tracing', 'otel', 'package.json:10'],
    ['observability.metrics.red', true, 'package.json:18'],
    ['observability.error_tracking', true, 'package.json:11'],
    ['observability.health.liveness', true, 'k8s/deployment.yaml:32'],
    ['observability.health.liveness', true, 'Dockerfile:9'],
    ['observability.health.readiness', true, 'k8s/deployment.yaml:36'],
    ['resilience.graceful_shutdown', true, 'src/server.js:7'],
    ['resilience.load_shedding', true, 'package.json:14'],
    ['datastores[].migration_tool', 'knex', 'knexfile.js:1'],
    ['migrations.rollback', 'down_migration', 'migrations/20240101120000_create_orders.js:8'],
    ['load_testing.tool', 'k6', 'load/checkout.js:1'],
    ['load_testing.thresholds', true, 'load/checkout.js:7'],
    ['load_testing.runs', 'scheduled', '.github/workflows/load.yml:11'],
    ['load_testing.autoscaling', 'configured', 'k8s/deployment.yaml:53'],
    ['load_testing.resource_limits', true, 'k8s/deployment.yaml:25'],
    ['delivery.ci_tests', true, '.github/workflows/ci.yml:17'],
    ['delivery.strategy', 'rolling', 'k8s/deployment.yaml:9'],
    ['delivery.disruption_budget', true, 'k8s/deployment.yaml:42'],
    ['delivery.pipeline_hardened', false, '.github/workflows/load.yml:10'],
    ['delivery.toolchain_pinned', true, 'package.json:4'],
    ['security.dependency_scanning', true, '.github/workflows/ci.yml:18'],
    ['security.sast', true, '.github/workflows/ci.yml:24'],
    ['security.dependency_updates', true, '.github/dependabot.yml:1'],
    ['security.containers_non_root', true, 'k8s/deployment.yaml:23'],
    ['context.runtime', 'kubernetes', 'k8s/deployment.yaml:2'],
  ],
  python: [
    ['security.lockfile', true, 'uv.lock:1'],
    ['observability.logs.format', 'json', 'app/logging.py:3'],
    ['observability.tracing', 'otel', 'pyproject.toml:13'],
    ['observability.metrics.red', true, 'pyproject.toml:12'],
    ['dependencies[].circuit_breaker', true, 'pyproject.toml:10'],
    ['dependencies[].timeout_ms', 0, 'app/clients.py:11'],
    ['dependencies[].retry_backoff', 'exponential_jitter', 'app/clients.py:5'],
    ['resilience.load_shedding', true, 'pyproject.toml:15'],
    ['datastores[].migration_tool', 'alembic', 'alembic.ini:1'],
    ['migrations.rollback', 'down_migration', 'alembic/versions/0001_create_invoices.py:14'],
    ['migrations.lock_timeout_ms', 3000, 'alembic/versions/0001_create_invoices.py:10'],
    ['migrations.run_at', 'pipeline', '.gitlab-ci.yml:23'],
    ['load_testing.tool', 'locust', 'load/locustfile.py:1'],
    ['load_testing.thresholds', true, 'load/locustfile.py:13'],
    ['load_testing.runs', 'scheduled', '.gitlab-ci.yml:17'],
    ['delivery.ci_tests', true, '.gitlab-ci.yml:9'],
    ['delivery.deploy_method', 'pipeline', '.gitlab-ci.yml:24'],
    ['security.dependency_scanning', true, '.gitlab-ci.yml:10'],
    ['security.sast', true, '.gitlab-ci.yml:11'],
  ],
  go: [
    ['security.lockfile', true, 'go.sum:1'],
    ['dependencies[].circuit_breaker', true, 'go.mod:10'],
    ['dependencies[].circuit_breaker', true, 'cmd/server/main.go:18'],
    ['dependencies[].timeout_ms', 0, 'cmd/server/main.go:21'],
    ['observability.logs.format', 'json', 'cmd/server/main.go:25'],
    ['observability.tracing', 'otel', 'go.mod:11'],
    ['observability.metrics.red', true, 'go.mod:9'],
    ['resilience.graceful_shutdown', true, 'cmd/server/main.go:28'],
    ['datastores[].migration_tool', 'golang-migrate', 'migrations/000001_create_accounts.up.sql:1'],
    ['migrations.rollback', 'down_migration', 'migrations/000001_create_accounts.down.sql:1'],
    ['migrations.lock_timeout_ms', 2000, 'migrations/000001_create_accounts.up.sql:1'],
    ['migrations.large_tables[].online_schema_change', 'native-online-ddl', 'migrations/000002_index_accounts.up.sql:1'],
    ['security.containers_non_root', true, 'Dockerfile:8'],
    ['security.image_scanning', true, '.github/workflows/ci.yml:16'],
    ['security.sast', true, '.github/workflows/ci.yml:11'],
    ['delivery.toolchain_pinned', true, 'go.mod:5'],
  ],
  'java-maven': [
    ['dependencies[].circuit_breaker', true, 'pom.xml:23'],
    ['dependencies[].circuit_breaker', true, 'src/main/java/com/example/shop/InventoryClient.java:6'],
    ['observability.logs.format', 'json', 'src/main/resources/logback-spring.xml:3'],
    ['observability.metrics.red', true, 'pom.xml:28'],
    ['observability.tracing', 'otel', 'pom.xml:41'],
    ['resilience.graceful_shutdown', true, 'src/main/resources/application.properties:1'],
    ['datastores[].migration_tool', 'flyway', 'src/main/resources/db/migration/V1__create_orders.sql:1'],
    ['migrations.checksums_verified', true, 'Jenkinsfile:7'],
    ['migrations.run_at', 'app_start', 'pom.xml:32'],
    ['load_testing.tool', 'gatling', 'src/test/scala/load/CheckoutSimulation.scala:6'],
    ['load_testing.thresholds', true, 'src/test/scala/load/CheckoutSimulation.scala:9'],
    ['security.dependency_scanning', true, 'pom.xml:59'],
    ['delivery.ci_tests', true, 'Jenkinsfile:6'],
  ],
  'java-gradle': [
    ['dependencies[].circuit_breaker', true, 'build.gradle.kts:8'],
    ['observability.error_tracking', true, 'build.gradle.kts:10'],
    ['datastores[].migration_tool', 'liquibase', 'src/main/resources/db/changelog/db.changelog-master.yaml:1'],
    ['migrations.rollback', 'down_migration', 'src/main/resources/db/changelog/db.changelog-master.yaml:12'],
    ['security.lockfile', false, 'build.gradle.kts:1'],
    ['security.dependency_updates', true, 'renovate.json:1'],
    ['security.containers_non_root', true, 'deploy/rollout.yaml:18'],
    ['delivery.strategy', 'canary', 'deploy/rollout.yaml:22'],
    ['delivery.automated_canary_analysis', true, 'deploy/rollout.yaml:22'],
    ['operations.owner', 'group:default/catalog-team', 'catalog-info.yaml:8'],
  ],
  dotnet: [
    ['security.lockfile', true, 'src/Payments.Api/packages.lock.json:1'],
    ['dependencies[].circuit_breaker', true, 'src/Payments.Api/Payments.Api.csproj:7'],
    ['dependencies[].circuit_breaker', true, 'src/Payments.Api/Program.cs:2'],
    ['observability.logs.format', 'json', 'src/Payments.Api/Payments.Api.csproj:9'],
    ['observability.tracing', 'otel', 'src/Payments.Api/Payments.Api.csproj:10'],
    ['observability.metrics.red', true, 'src/Payments.Api/Payments.Api.csproj:11'],
    ['datastores[].migration_tool', 'efcore', 'src/Payments.Api/Migrations/20240101000000_Initial.cs:1'],
    ['migrations.rollback', 'down_migration', 'src/Payments.Api/Migrations/20240101000000_Initial.cs:10'],
    ['delivery.feature_flags', true, 'src/Payments.Api/Payments.Api.csproj:14'],
    ['delivery.toolchain_pinned', true, 'global.json:1'],
    ['security.containers_non_root', false, 'Dockerfile:1'],
    ['security.dependency_scanning', true, '.github/workflows/ci.yml:10'],
  ],
  rust: [
    ['security.lockfile', true, 'Cargo.lock:1'],
    ['observability.logs.format', 'json', 'Cargo.toml:10'],
    ['observability.logs.format', 'json', 'src/main.rs:3'],
    ['observability.error_tracking', true, 'Cargo.toml:15'],
    ['observability.tracing', 'otel', 'Cargo.toml:12'],
    ['resilience.load_shedding', true, 'Cargo.toml:13'],
    ['datastores[].migration_tool', 'sqlx', 'migrations/20240101000000_create_quotes.up.sql:1'],
    ['migrations.rollback', 'down_migration', 'migrations/20240101000000_create_quotes.down.sql:1'],
    ['migrations.run_at', 'app_start', 'src/main.rs:5'],
    ['security.dependency_scanning', true, '.github/workflows/ci.yml:9'],
    ['delivery.toolchain_pinned', true, 'rust-toolchain.toml:1'],
  ],
  platform: [
    ['delivery.strategy', 'recreate', 'k8s/api.yaml:8'],
    ['delivery.disruption_budget', false, 'k8s/api.yaml:2'],
    ['delivery.immutable_artifacts', false, 'k8s/api.yaml:19'],
    ['observability.health.readiness', false, 'k8s/api.yaml:26'],
    ['observability.alerting.runbook_links', false, 'monitoring/alerts.yaml:8'],
    ['observability.alerting.routes_to', 'pager', 'monitoring/alertmanager.yml:4'],
    ['observability.dashboards', true, 'dashboards/reports.json:1'],
    ['security.containers_non_root', false, 'k8s/api.yaml:20'],
    ['security.containers_non_root', false, 'Dockerfile:3'],
    ['security.encryption_at_rest', false, 'terraform/db.tf:6'],
    ['load_testing.resource_limits', false, 'k8s/api.yaml:18'],
    ['migrations.run_at', 'release_job', 'k8s/migrate-job.yaml:14'],
    ['migrations.run_at', 'release_job', 'Procfile:1'],
    ['migrations.run_at', 'app_start', 'Dockerfile:4'],
    ['datastores[].backup', true, 'k8s/backup.yaml:2'],
    ['datastores[].backup', true, 'k8s/backup.yaml:23'],
    ['datastores[].backup', true, 'terraform/db.tf:4'],
    ['datastores[].replicated', true, 'terraform/db.tf:5'],
  ],
};

const scans = new Map<string, ScanResult>();

beforeAll(async () => {
  for (const name of Object.keys(EXPECTED)) scans.set(name, await scanRepository(join(SCAN_FIXTURES, name)));
});

describe.each(Object.keys(EXPECTED))('scan of the %s fixture', (name) => {
  it.each(EXPECTED[name]!)('finds %s = %j at %s', (path, value, place) => {
    expect(placesOf(scans.get(name)!, path, value)).toContain(place);
  });

  it('produces only facts the rule packs define, with values its detectors say they can show', () => {
    const facts = loadRuleSet().facts;
    const result = scans.get(name)!;
    for (const fact of result.facts) {
      expect(facts.has(fact.path), fact.path).toBe(true);
      const values = result.covers[fact.path];
      expect(values === 'any' || values?.some((v) => JSON.stringify(v) === JSON.stringify(fact.value)), `${fact.path} = ${JSON.stringify(fact.value)}`).toBe(true);
      expect(fact.evidence.length).toBeGreaterThan(0);
    }
  });
});

describe('what the scan must not claim', () => {
  it('does not call an axios call with a timeout, or a requests call with timeout=, a missing timeout', () => {
    expect(placesOf(scans.get('npm')!, 'dependencies[].timeout_ms', 0)).not.toContain('src/clients.js:5');
    expect(placesOf(scans.get('python')!, 'dependencies[].timeout_ms', 0)).not.toContain('app/clients.py:7');
  });

  it('lets axios.defaults.timeout cover every call through the default instance, bare axios() included, but not axios.create', async () => {
    const repo = tempDir();
    writeFileSync(join(repo, 'package.json'), '{ "dependencies": { "axios": "^1.7.0" } }\n');
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'src', 'client.js'), "axios.defaults.timeout = 5000;\naxios.get(url);\naxios({ url });\nconst other = axios.create({ baseURL: url });\n");
    expect(placesOf(await scanRepository(repo), 'dependencies[].timeout_ms', 0)).toEqual(['src/client.js:4']);
  });

  it('ignores a Go module required only indirectly', () => {
    expect(signalsOf(scans.get('go')!).join('\n')).not.toContain('go-retryablehttp');
  });

  it('lets Kubernetes\' runAsNonRoot override a Dockerfile without USER', () => {
    expect(valuesOf(scans.get('npm')!, 'security.containers_non_root')).toEqual([true]);
  });

  it('keeps only the counter-example for facts that must hold everywhere', () => {
    const platform = scans.get('platform')!;
    expect(valuesOf(platform, 'observability.alerting.runbook_links')).toEqual([false]);
    expect(valuesOf(platform, 'load_testing.resource_limits')).toEqual([false]);
  });

  it('reports signals no fact describes, with their place', () => {
    expect(signalsOf(scans.get('go')!)).toContain('cmd/server/main.go:7 Go pprof handlers registered on the default mux (keep them off public listeners)');
    expect(signalsOf(scans.get('java-maven')!)).toContain('src/main/resources/application.properties:2 every Spring actuator endpoint exposed over HTTP');
    expect(signalsOf(scans.get('npm')!)).toContain('src/server.js:4 health endpoint /healthz');
    expect(signalsOf(scans.get('npm')!)).toContain('package.json:21 test framework vitest in package.json');
  });
});

describe('the same repository', () => {
  it('gives the same scan however its files happen to finish reading', async () => {
    const inOrder = await scanRepository(join(SCAN_FIXTURES, 'platform'), { concurrency: 1 });
    expect(inOrder.facts.length).toBeGreaterThan(10);
    // read 64 at a time, the files finish in whatever order the disk answers; before findings were
    // put back in listing order, about one run in two differed
    for (let run = 0; run < 6; run++) {
      expect(await scanRepository(join(SCAN_FIXTURES, 'platform'), { concurrency: 64 })).toEqual(inOrder);
    }
  });
});
