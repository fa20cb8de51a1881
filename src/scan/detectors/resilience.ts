import { anyOf, callArguments, extension, factHit, isCode, isTestPath, isYaml, lineIndex, mentions, mergeHits, packageHits, signalHit, splitArguments, type PackageNames } from '../detect.js';
import { containersOf, kubernetesObjects } from '../formats/kubernetes.js';
import type { Detector, Hit, Inventory, SourceFile } from '../types.js';

// Timeouts, circuit breakers, retries, overload protection, shutdown and failure testing
// (catalog R1–R6). Library presence is weak evidence for a list item: it is not proof that it
// wraps every dependency.

const CIRCUIT_BREAKERS: PackageNames = {
  npm: ['opossum', 'cockatiel', 'brakes', 'mollitia'],
  pypi: ['pybreaker', 'circuitbreaker', 'aiobreaker', 'purgatory'],
  maven: ['io.github.resilience4j:resilience4j-circuitbreaker', 'io.github.resilience4j:resilience4j-spring-boot*', 'io.github.resilience4j:resilience4j-all', 'org.springframework.cloud:spring-cloud-starter-circuitbreaker-*', 'com.netflix.hystrix:*', 'dev.failsafe:failsafe'],
  go: ['github.com/sony/gobreaker', 'github.com/failsafe-go/failsafe-go', 'github.com/eapache/go-resiliency', 'github.com/afex/hystrix-go'],
  nuget: ['Polly', 'Polly.Core', 'Microsoft.Extensions.Http.Resilience', 'Microsoft.Extensions.Http.Polly'],
  rubygems: ['circuitbox', 'stoplight', 'semian'],
};

const RETRY_LIBRARIES: PackageNames = {
  npm: ['p-retry', 'async-retry', 'retry', 'exponential-backoff', 'axios-retry'],
  pypi: ['tenacity', 'backoff', 'stamina', 'retrying'],
  maven: ['org.springframework.retry:spring-retry', 'io.github.resilience4j:resilience4j-retry'],
  go: ['github.com/cenkalti/backoff', 'github.com/hashicorp/go-retryablehttp', 'github.com/avast/retry-go'],
  cargo: ['backon', 'tokio-retry', 'backoff'],
  rubygems: ['retriable'],
};

const INBOUND_LIMITERS: PackageNames = {
  npm: ['express-rate-limit', 'rate-limiter-flexible', '@nestjs/throttler', '@fastify/rate-limit', '@fastify/under-pressure', 'koa-ratelimit', 'overload-protection', 'toobusy-js'],
  pypi: ['slowapi', 'flask-limiter', 'django-ratelimit'],
  maven: ['io.github.resilience4j:resilience4j-ratelimiter', 'com.bucket4j:*', 'com.github.vladimir-bukhtoyarov:bucket4j-core'],
  go: ['github.com/ulule/limiter', 'github.com/didip/tollbooth'],
  nuget: ['AspNetCoreRateLimit'],
  cargo: ['governor', 'tower_governor'],
  rubygems: ['rack-attack'],
};

const SHUTDOWN_LIBRARIES: PackageNames = { npm: ['@godaddy/terminus', 'lightship', 'http-terminator', 'stoppable'] };

const FAULT_INJECTION: PackageNames = {
  npm: ['toxiproxy-node-client'],
  pypi: ['toxiproxy-python'],
  maven: ['org.testcontainers:toxiproxy', 'eu.rekawek.toxiproxy:toxiproxy-java'],
  go: ['github.com/Shopify/toxiproxy'],
  nuget: ['Toxiproxy.Net'],
};

// Each pattern ends in punctuation (`(`, `[`, `=`) that a regular expression's own source
// escapes, so the patterns never find themselves in a scanner's code.
const CODE_PATTERNS: { hints: string[]; pattern: RegExp; fact: string; value: unknown; signal: string; tests?: boolean }[] = [
  { hints: ['ircuit', 'Resilience'], pattern: /\bnew CircuitBreaker\s*\(|\bcircuitBreaker\s*\(|\bNewCircuitBreaker\s*[[(]|\bcircuitbreaker\.(New\w*|Builder)\s*[[(]|@CircuitBreaker\s*\(|\bCircuitBreaker\.of(Defaults)?\s*\(|\.AddCircuitBreaker\s*\(|\bCircuitBreakerAsync\s*\(|\.AddStandardResilienceHandler\s*\(|\bpybreaker\.CircuitBreaker\s*\(/g,
    fact: 'dependencies[].circuit_breaker', value: true, signal: 'circuit breaker wrapped around a call' },
  { hints: ['xponential', 'Jitter'], pattern: /\bwait_random_exponential\s*\(|\bnew ExponentialBackoff\s*\(|\bUseJitter\s*=\s*true|\bofExponentialRandomBackoff\s*\(|\bbackoff\.NewExponentialBackOff\s*\(/g,
    fact: 'dependencies[].retry_backoff', value: 'exponential_jitter', signal: 'retries with exponential backoff and jitter' },
  { hints: ['wait_exponential'], pattern: /\bwait_exponential\s*\(/g, fact: 'dependencies[].retry_backoff', value: 'exponential', signal: 'retries with exponential backoff' },
  { hints: ['SIGTERM'], pattern: /\bprocess\.on\(\s*["']SIGTERM["']|\bsignal\.signal\(\s*signal\.SIGTERM|signal\.Notify(Context)?\((?:[^()]|\([^()]*\))*SIGTERM/g,
    fact: 'resilience.graceful_shutdown', value: true, signal: 'SIGTERM handled' },
  { hints: ['withFault', 'oxiproxy'], pattern: /\.withFault\s*\(|\bnew Toxiproxy(Container|Client)?\s*\(|\btoxiproxy\.NewClient\s*\(/g,
    fact: 'resilience.fault_injection_tests', value: true, signal: 'dependency faults injected in tests', tests: true },
];

export const resilienceDetector: Detector = {
  name: 'resilience',
  covers: {
    // a timeout is only ever seen missing: a declared one can be contradicted, never confirmed
    'dependencies[].circuit_breaker': [true], 'dependencies[].timeout_ms': [0], 'dependencies[].retry_backoff': ['exponential', 'exponential_jitter'],
    'resilience.load_shedding': [true], 'resilience.graceful_shutdown': [true], 'resilience.fault_injection_tests': [true],
  },
  wants: (path) => isCode(path) || isYaml(path) || /application[^/]*\.properties$/.test(path),
  inspect: (file) => [...codeHits(file), ...timeoutHits(file), ...configHits(file)],
  conclude: (found, inventory) => {
    // a default timeout set anywhere on axios covers every call through its default instance
    const axiosDefault = found.some((h) => AXIOS_DEFAULT_SET.has(h));
    const hits = found.filter((h) => !AXIOS_DEFAULT_SET.has(h) && !(axiosDefault && VIA_AXIOS_DEFAULT.has(h)));
    return mergeHits([...hits, ...packageFacts(inventory)]);
  },
};

function packageFacts({ packages }: Inventory): Hit[] {
  return [
    ...packageHits(packages, CIRCUIT_BREAKERS, 'dependencies[].circuit_breaker', true),
    ...packageHits(packages, { maven: ['com.netflix.hystrix:*'] }, undefined, undefined, 'weak', (signal) => `${signal}: Hystrix is in maintenance mode; resilience4j replaces it`),
    ...packageHits(packages, RETRY_LIBRARIES, undefined, undefined, 'weak', (signal) => `retry library ${signal}`),
    ...packageHits(packages, INBOUND_LIMITERS, 'resilience.load_shedding', true),
    ...packageHits(packages, SHUTDOWN_LIBRARIES, 'resilience.graceful_shutdown', true),
    ...packageHits(packages, FAULT_INJECTION, 'resilience.fault_injection_tests', true),
  ];
}

const CODE_HINTS = anyOf(CODE_PATTERNS.flatMap((p) => p.hints));

function codeHits(file: SourceFile): Hit[] {
  if (!isCode(file.path) || !CODE_HINTS.test(file.text)) return [];
  const test = isTestPath(file.path);
  const lineOf = lineIndex(file.text);
  return CODE_PATTERNS.filter((p) => (p.tests === true || !test) && mentions(file.text, p.hints)).flatMap(({ pattern, fact, value, signal }) =>
    [...file.text.matchAll(pattern)].map((m) => factHit(fact, value, 'medium', file.path, lineOf(m.index!), signal)));
}

// Hits of axios, marked by what they are rather than told apart by their wording: where a default
// timeout is set, and calls through the default instance (all but axios.create).
const AXIOS_DEFAULT_SET = new WeakSet<Hit>();
const VIA_AXIOS_DEFAULT = new WeakSet<Hit>();
const JS = new Set(['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx']);

/** HTTP clients whose library waits forever unless told otherwise (catalog R1). */
function timeoutHits(file: SourceFile): Hit[] {
  if (!isCode(file.path) || isTestPath(file.path)) return [];
  const ext = extension(file.path);
  const lineOf = lineIndex(file.text);
  const hit = (index: number, signal: string) => factHit('dependencies[].timeout_ms', 0, 'medium', file.path, lineOf(index), signal);
  const hits: Hit[] = [];
  if (JS.has(ext) && file.text.includes('axios')) {
    if (/axios\.defaults\.timeout\s*=/.test(file.text)) {
      const set = signalHit(file.path, 1, 'axios.defaults.timeout set');
      AXIOS_DEFAULT_SET.add(set);
      hits.push(set);
    }
    for (const m of file.text.matchAll(/\baxios(?:\.(create|get|delete|head|options|post|put|patch|request))?\s*(?:<[^<>()]*>)?\s*\(/g)) {
      const method = m[1] ?? 'request';
      // where the config object goes: after the URL, and after the body for post, put and patch
      const position = ['create', 'request'].includes(method) ? 0 : ['post', 'put', 'patch'].includes(method) ? 2 : 1;
      if (lacksOption(file.text, m.index! + m[0].length - 1, position, /\btimeout\b/)) {
        const call = hit(m.index!, `axios${m[1] ? `.${m[1]}` : ''} without timeout (axios waits forever by default)`);
        if (method !== 'create') VIA_AXIOS_DEFAULT.add(call);
        hits.push(call);
      }
    }
  } else if (ext === 'py' && file.text.includes('requests')) {
    for (const m of file.text.matchAll(/\brequests\.(get|post|put|patch|delete|head|options|request)\s*\(/g)) {
      const args = splitArguments(callArguments(file.text, m.index! + m[0].length - 1));
      if (!args.some((a) => /^timeout\s*=/.test(a) || a.startsWith('**'))) hits.push(hit(m.index!, `requests.${m[1]} without timeout= (requests waits forever by default)`));
    }
  } else if (ext === 'go' && file.text.includes('net/http')) {
    for (const m of file.text.matchAll(/\bhttp\.(Get|Post|PostForm|Head)\s*\(|\bhttp\.DefaultClient\b/g)) {
      hits.push(hit(m.index!, `${m[0].replace(/\s*\($/, '')} uses http.DefaultClient, which has no timeout`));
    }
    for (const m of file.text.matchAll(/\bhttp\.Client\s*\{/g)) {
      if (!/\bTimeout\s*:/.test(callArguments(file.text, m.index! + m[0].length - 1))) hits.push(hit(m.index!, 'http.Client without Timeout (Go waits forever by default)'));
    }
  }
  return hits;
}

/**
 * Whether a call visibly lacks an option: its config argument is missing, or is an object
 * literal without it. A variable or a spread may carry the option, so it proves nothing.
 */
function lacksOption(text: string, open: number, position: number, option: RegExp): boolean {
  const args = splitArguments(callArguments(text, open));
  const config = args[position];
  if (config === undefined) return args.length > 0 || position === 0;
  return config.startsWith('{') && !config.includes('...') && !option.test(config);
}

function configHits(file: SourceFile): Hit[] {
  const hits: Hit[] = [];
  if (/application[^/]*\.(properties|ya?ml)$/.test(file.path)) {
    const m = /server\.shutdown\s*[=:]\s*graceful|^\s*shutdown:\s*graceful/m.exec(file.text);
    if (m) hits.push(factHit('resilience.graceful_shutdown', true, 'medium', file.path, lineIndex(file.text)(m.index), 'Spring graceful shutdown'));
  }
  if (isYaml(file.path)) {
    for (const object of kubernetesObjects(file)) {
      for (const container of containersOf(object)) {
        if (container.spec.lifecycle && typeof container.spec.lifecycle === 'object' && 'preStop' in container.spec.lifecycle) {
          hits.push(factHit('resilience.graceful_shutdown', true, 'weak', file.path, object.lineOf([...container.path, 'lifecycle']), `preStop hook of container ${container.name}`));
        }
      }
      if (/chaos-mesh\.org|litmuschaos\.io/.test(object.apiVersion)) hits.push(signalHit(file.path, object.line, `chaos experiment ${object.kind} ${object.name}`));
    }
  }
  return hits;
}

