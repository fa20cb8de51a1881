import { anyOf, baseName, extension, factHit, isCode, isDockerfile, isYaml, matchesWithLines, mentions, mergeHits, onlyCounterExamples, packageHits, signalHit, type PackageNames } from '../detect.js';
import { finalStage } from '../formats/dockerfile.js';
import { containersOf, kubernetesObjects, WORKLOAD_KINDS } from '../formats/kubernetes.js';
import { at, isPlain, yamlDocuments } from '../formats/yaml.js';
import type { Detector, Hit, Inventory, SourceFile } from '../types.js';


// Logs, metrics, traces, error tracking, health checks, dashboards and alerts (catalog O1–O11).

const JSON_LOGGERS: PackageNames = {
  npm: ['pino', 'pino-http', 'bunyan', 'winston'],
  pypi: ['structlog', 'python-json-logger'],
  maven: ['net.logstash.logback:logstash-logback-encoder'],
  go: ['go.uber.org/zap', 'github.com/rs/zerolog'],
  nuget: ['Serilog.Formatting.Compact', 'Serilog.Formatting.Json'],
  cargo: ['slog-json'],
};

const ERROR_TRACKERS: PackageNames = {
  npm: ['@sentry/*', '@bugsnag/*', 'rollbar', '@honeybadger-io/*', 'applicationinsights'],
  pypi: ['sentry-sdk', 'rollbar', 'bugsnag'],
  maven: ['io.sentry:*', 'com.bugsnag:*', 'com.rollbar:*'],
  go: ['github.com/getsentry/sentry-go', 'github.com/rollbar/rollbar-go'],
  nuget: ['Sentry', 'Sentry.*', 'Bugsnag*', 'Rollbar*'],
  cargo: ['sentry'],
  rubygems: ['sentry-ruby', 'sentry-rails', 'bugsnag', 'rollbar'],
};

const METRICS_CLIENTS: PackageNames = {
  npm: ['prom-client', 'express-prom-bundle', '@opentelemetry/exporter-prometheus', 'hot-shots'],
  pypi: ['prometheus-client', 'prometheus-fastapi-instrumentator', 'django-prometheus', 'starlette-exporter'],
  maven: ['io.micrometer:micrometer-registry-prometheus', 'io.prometheus:*'],
  go: ['github.com/prometheus/client_golang'],
  nuget: ['prometheus-net', 'prometheus-net.*', 'OpenTelemetry.Exporter.Prometheus.*'],
  cargo: ['prometheus', 'metrics-exporter-prometheus', 'prometheus-client'],
  rubygems: ['prometheus-client', 'yabeda-prometheus'],
};

const OTEL: PackageNames = {
  npm: ['@opentelemetry/sdk-node', '@opentelemetry/sdk-trace-*', '@opentelemetry/auto-instrumentations-*', '@opentelemetry/instrumentation-*', '@opentelemetry/exporter-trace-*'],
  pypi: ['opentelemetry-sdk', 'opentelemetry-distro', 'opentelemetry-instrumentation*', 'opentelemetry-exporter-*'],
  maven: ['io.opentelemetry:opentelemetry-sdk*', 'io.opentelemetry.instrumentation:*', 'io.opentelemetry.javaagent:*', 'io.opentelemetry:opentelemetry-exporter-*'],
  go: ['go.opentelemetry.io/otel/sdk', 'go.opentelemetry.io/contrib/instrumentation', 'go.opentelemetry.io/otel/exporters'],
  nuget: ['OpenTelemetry', 'OpenTelemetry.Extensions.Hosting', 'OpenTelemetry.Instrumentation.*', 'OpenTelemetry.Exporter.OpenTelemetryProtocol'],
  cargo: ['opentelemetry_sdk', 'opentelemetry-sdk', 'opentelemetry-otlp', 'tracing-opentelemetry'],
  rubygems: ['opentelemetry-sdk', 'opentelemetry-instrumentation-all'],
};

const APM_VENDORS: PackageNames = {
  npm: ['dd-trace', 'newrelic', 'elastic-apm-node'],
  pypi: ['ddtrace', 'newrelic', 'elastic-apm'],
  maven: ['com.datadoghq:*', 'com.newrelic.agent.java:*', 'co.elastic.apm:*'],
  go: ['gopkg.in/DataDog/dd-trace-go.v1', 'github.com/DataDog/dd-trace-go', 'github.com/newrelic/go-agent'],
  nuget: ['Datadog.Trace', 'Datadog.Trace.*', 'NewRelic.Agent.Api', 'Elastic.Apm*'],
  rubygems: ['ddtrace', 'datadog', 'newrelic_rpm'],
};

const HEALTH_LIBRARIES: PackageNames = {
  npm: ['@godaddy/terminus', 'lightship', '@nestjs/terminus'],
  pypi: ['django-health-check', 'py-healthcheck', 'fastapi-health'],
  maven: ['org.springframework.boot:spring-boot-starter-actuator'],
  nuget: ['Microsoft.Extensions.Diagnostics.HealthChecks*', 'AspNetCore.HealthChecks.*'],
};

/** Code that switches a logger to JSON or starts an SDK; a pattern runs only on text holding one of its hints. */
const CODE_SIGNALS: { hints: string[]; pattern: RegExp; fact: string; value: unknown; signal: string }[] = [
  { hints: ['NewJSONHandler'], pattern: /\bslog\.NewJSONHandler\b/g, fact: 'observability.logs.format', value: 'json', signal: 'slog JSON handler' },
  { hints: ['NewProduction'], pattern: /\bzap\.NewProduction(Config)?\b/g, fact: 'observability.logs.format', value: 'json', signal: 'zap production (JSON) logger' },
  { hints: ['JSONRenderer'], pattern: /\bstructlog\.processors\.JSONRenderer\b/g, fact: 'observability.logs.format', value: 'json', signal: 'structlog JSON renderer' },
  { hints: ['JsonFormatter'], pattern: /\bjsonlogger\.JsonFormatter\b/g, fact: 'observability.logs.format', value: 'json', signal: 'python-json-logger formatter' },
  { hints: ['.json()'], pattern: /\bfmt\(\)\s*\.json\(\)/g, fact: 'observability.logs.format', value: 'json', signal: 'tracing-subscriber JSON output' },
  { hints: ['format.json'], pattern: /\bformat\.json\(\)/g, fact: 'observability.logs.format', value: 'json', signal: 'winston JSON format' },
  { hints: ['Sentry', 'sentry'], pattern: /\b(Sentry\.init|sentry_sdk\.init|sentry\.Init|SentrySdk\.Init|UseSentry)\s*\(/g, fact: 'observability.error_tracking', value: true, signal: 'Sentry initialised' },
  { hints: ['NodeSDK', 'TracerProvider', 'AddOpenTelemetry'], pattern: /\bnew NodeSDK\s*\(|\bTracerProvider\s*\(|\botel\.SetTracerProvider\s*\(|\bAddOpenTelemetry\s*\(/g, fact: 'observability.tracing', value: 'otel', signal: 'OpenTelemetry tracer set up' },
];

const CONFIG_SIGNALS: { pattern: RegExp; signal: string }[] = [
  { pattern: /LogstashEncoder|LoggingEventCompositeJsonEncoder|JsonTemplateLayout|<JsonLayout|<JSONLayout|CompactJsonFormatter|Serilog\.Formatting\.Json/g, signal: 'JSON log encoder configured' },
];

export const observabilityDetector: Detector = {
  name: 'observability',
  covers: {
    'observability.logs.format': ['json'], 'observability.error_tracking': [true], 'observability.metrics.red': [true],
    'observability.tracing': ['otel', 'vendor'], 'observability.health.liveness': [true], 'observability.health.readiness': [true, false],
    'observability.dashboards': [true], 'observability.alerting.runbook_links': [true, false], 'observability.alerting.routes_to': ['pager', 'chat', 'email'],
  },
  wants: (path) => isCode(path) || isYaml(path) || isDockerfile(path) || extension(path) === 'json' || /\.(xml|properties)$/.test(path),
  inspect: (file) => [
    ...codeHits(file), ...configHits(file), ...dockerHits(file), ...probeHits(file),
    ...alertHits(file), ...dashboardHits(file), ...sloSignals(file),
  ],
  conclude: (found, inventory) => {
    const result = mergeHits([...found, ...packageFacts(inventory)]);
    return onlyCounterExamples(result, ['observability.alerting.runbook_links', 'observability.health.readiness']);
  },
};

function packageFacts(inventory: Inventory): Hit[] {
  const { packages } = inventory;
  const jsonTracing = packages.filter((p) => p.ecosystem === 'cargo' && p.name === 'tracing-subscriber' && /features[^\]]*"json"/.test(p.declaration));
  return [
    ...packageHits(packages, JSON_LOGGERS, 'observability.logs.format', 'json'),
    ...jsonTracing.map((p) => factHit('observability.logs.format', 'json', 'weak', p.file, p.line, 'tracing-subscriber with the json feature')),
    ...packageHits(packages, ERROR_TRACKERS, 'observability.error_tracking', true),
    ...packageHits(packages, METRICS_CLIENTS, 'observability.metrics.red', true),
    ...packageHits(packages, OTEL, 'observability.tracing', 'otel'),
    ...packageHits(packages, APM_VENDORS, 'observability.tracing', 'vendor'),
    ...packageHits(packages, HEALTH_LIBRARIES, undefined, undefined, 'weak', (signal) => `health check library ${signal}`),
  ];
}

const CODE_HINTS = anyOf([...CODE_SIGNALS.flatMap((s) => s.hints), '/health', '/live', '/ready', 'net/http/pprof']);

function codeHits(file: SourceFile): Hit[] {
  if (!isCode(file.path) || !CODE_HINTS.test(file.text)) return [];
  const hits: Hit[] = [];
  for (const { hints, pattern, fact, value, signal } of CODE_SIGNALS) {
    if (!mentions(file.text, hints)) continue;
    for (const { line } of matchesWithLines(file.text, pattern)) hits.push(factHit(fact, value, 'medium', file.path, line, signal));
  }
  if (mentions(file.text, ['/health', '/live', '/ready'])) {
    for (const { match, line } of matchesWithLines(file.text, /["'`](\/(?:healthz?|livez|readyz|ready|live)(?:\/[\w-]*)?)["'`]/g)) {
      hits.push(signalHit(file.path, line, `health endpoint ${match[1]}`));
    }
  }
  if (file.text.includes('net/http/pprof')) {
    for (const { line } of matchesWithLines(file.text, /_\s+"net\/http\/pprof"/g)) {
      hits.push(signalHit(file.path, line, 'Go pprof handlers registered on the default mux (keep them off public listeners)'));
    }
  }
  return hits;
}

function configHits(file: SourceFile): Hit[] {
  const hits: Hit[] = [];
  if (/\.(xml|json)$/.test(file.path) && !file.path.endsWith('package.json')) {
    for (const { pattern, signal } of CONFIG_SIGNALS) {
      for (const { line } of matchesWithLines(file.text, pattern)) hits.push(factHit('observability.logs.format', 'json', 'medium', file.path, line, signal));
    }
  }
  if (/application[^/]*\.(properties|ya?ml)$/.test(baseName(file.path))) {
    for (const { line } of matchesWithLines(file.text, /exposure\.include\s*[=:]\s*["']?\*|include:\s*["']\*["']/g)) {
      hits.push(signalHit(file.path, line, 'every Spring actuator endpoint exposed over HTTP'));
    }
  }
  if ((isYaml(file.path) || isDockerfile(file.path)) && file.text.includes('OTEL_')) {
    for (const { line } of matchesWithLines(file.text, /\bOTEL_(EXPORTER_OTLP_(TRACES_)?ENDPOINT|TRACES_EXPORTER)\b/g)) {
      hits.push(factHit('observability.tracing', 'otel', 'medium', file.path, line, 'OpenTelemetry exporter configured in the environment'));
    }
  }
  return hits;
}

function dockerHits(file: SourceFile): Hit[] {
  if (!isDockerfile(file.path)) return [];
  // only the last HEALTHCHECK of the final stage counts; NONE switches an inherited one off
  const check = finalStage(file).filter((i) => i.keyword === 'HEALTHCHECK').at(-1);
  if (!check) return [];
  if (/^NONE\b/i.test(check.args)) return [signalHit(file.path, check.line, 'HEALTHCHECK NONE disables the container health check')];
  return [factHit('observability.health.liveness', true, 'medium', file.path, check.line, 'Dockerfile HEALTHCHECK')];
}

function probeHits(file: SourceFile): Hit[] {
  if (!isYaml(file.path)) return [];
  const hits: Hit[] = [];
  for (const object of kubernetesObjects(file).filter((o) => WORKLOAD_KINDS.includes(o.kind))) {
    const strength = object.templated ? 'medium' : 'strong';
    for (const container of containersOf(object)) {
      const { livenessProbe: liveness, readinessProbe: readiness } = container.spec;
      const where = `container ${container.name} of ${object.kind} ${object.name}`;
      if (isPlain(liveness)) hits.push(factHit('observability.health.liveness', true, strength, file.path, object.lineOf([...container.path, 'livenessProbe']), `livenessProbe of ${where}`));
      if (!isPlain(readiness)) continue;
      const line = object.lineOf([...container.path, 'readinessProbe']);
      if (JSON.stringify(readiness) === JSON.stringify(liveness)) {
        hits.push(factHit('observability.health.readiness', false, 'medium', file.path, line, `readinessProbe identical to livenessProbe in ${where}`));
      } else {
        hits.push(factHit('observability.health.readiness', true, strength, file.path, line, `readinessProbe of ${where}`));
      }
    }
  }
  return hits;
}

/** Where an Alertmanager receiver sends alerts, by its `*_configs` keys. */
const RECEIVER_ROUTES: [RegExp, string][] = [[/^(pagerduty|opsgenie|victorops)_configs$/, 'pager'], [/^(slack|msteams|discord|telegram)_configs$/, 'chat'], [/^email_configs$/, 'email']];

function alertHits(file: SourceFile): Hit[] {
  if (!isYaml(file.path) || !/^\s*-?\s*alert:/m.test(file.text) && !/receivers:/.test(file.text)) return [];
  const hits: Hit[] = [];
  for (const document of yamlDocuments(file)) {
    const value = document.value;
    const groupsPath = Array.isArray(at(value, 'groups')) ? ['groups'] : Array.isArray(at(value, 'spec', 'groups')) ? ['spec', 'groups'] : undefined;
    if (groupsPath) {
      const groups = at(value, ...groupsPath) as unknown[];
      groups.forEach((group, g) => {
        const rules = at(group, 'rules');
        if (!Array.isArray(rules)) return;
        rules.forEach((rule, r) => {
          const name = at(rule, 'alert');
          if (typeof name !== 'string') return;
          const line = document.lineOf([...groupsPath, g, 'rules', r, 'alert']);
          hits.push(at(rule, 'annotations', 'runbook_url') === undefined
            ? factHit('observability.alerting.runbook_links', false, 'strong', file.path, line, `alert ${name} has no runbook_url`)
            : factHit('observability.alerting.runbook_links', true, 'strong', file.path, line, `alert ${name} links a runbook`));
        });
      });
    }
    const receivers = at(value, 'receivers');
    if (Array.isArray(receivers) && isPlain(at(value, 'route'))) {
      receivers.forEach((receiver, i) => {
        const line = document.lineOf(['receivers', i]);
        const keys = isPlain(receiver) ? Object.keys(receiver) : [];
        for (const [pattern, to] of RECEIVER_ROUTES) {
          const key = keys.find((k) => pattern.test(k));
          if (key) hits.push(factHit('observability.alerting.routes_to', to, 'medium', file.path, line, `Alertmanager receiver with ${key}`));
        }
      });
    }
  }
  return hits;
}

function dashboardHits(file: SourceFile): Hit[] {
  if (extension(file.path) !== 'json' || !file.text.includes('"panels"') || !file.text.includes('"schemaVersion"')) return [];
  return [factHit('observability.dashboards', true, 'medium', file.path, 1, 'Grafana dashboard kept as code')];
}

function sloSignals(file: SourceFile): Hit[] {
  if (!isYaml(file.path)) return [];
  const openslo = /^apiVersion:\s*openslo\//m.exec(file.text);
  const sloth = /^version:\s*["']?prometheus\/v1/m.test(file.text) && /^slos:/m.test(file.text);
  if (!openslo && !sloth) return [];
  return [signalHit(file.path, 1, openslo ? 'OpenSLO definition' : 'Sloth SLO definition')];
}

