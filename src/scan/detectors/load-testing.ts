import { baseName, extension, factHit, isCode, isYaml, lineIndex, mergeHits, onlyCounterExamples, packageHits, type PackageNames } from '../detect.js';
import { ciConfig, isCiFile, type Trigger } from '../formats/ci.js';
import { containersOf, kubernetesObjects } from '../formats/kubernetes.js';
import { at, isPlain, yamlDocuments } from '../formats/yaml.js';
import type { Detector, Hit, Inventory, SourceFile } from '../types.js';

// Load-test scripts and their thresholds, whether CI runs them, autoscaling and resource
// limits (catalog L1–L4, LOAD-11, LOAD-12).

const TOOL = 'load_testing.tool';
const THRESHOLDS = 'load_testing.thresholds';
const LIMITS = 'load_testing.resource_limits';

const TOOL_PACKAGES: [string, PackageNames][] = [
  // npm's `k6` is only a stub for editors: it proves nothing, so it is not listed
  ['locust', { pypi: ['locust'] }],
  ['gatling', { maven: ['io.gatling*', 'io.gatling.highcharts:*', 'io.gatling.gradle'] }],
  ['jmeter', { maven: ['com.lazerycode.jmeter:jmeter-maven-plugin', 'org.apache.jmeter:*'] }],
  ['artillery', { npm: ['artillery'] }],
  ['other', { npm: ['autocannon', 'loadtest'], cargo: ['goose'] }],
];

const CI_RUNS: [RegExp, string][] = [
  [/\bk6\s+(run|cloud)\b|grafana\/(run-)?k6-action/, 'k6'],
  [/\blocust\b[^\n]*--headless/, 'locust'],
  [/\bartillery\s+run\b/, 'artillery'],
  [/\bjmeter\b[^\n]*\s-n\b/, 'jmeter'],
  [/gatling:test|\bgatlingRun\b/, 'gatling'],
];

export const loadTestingDetector: Detector = {
  name: 'load-testing',
  covers: {
    [TOOL]: ['k6', 'locust', 'gatling', 'jmeter', 'artillery', 'other'], [THRESHOLDS]: [true],
    'load_testing.runs': ['scheduled', 'every_release', 'manual'], 'load_testing.autoscaling': ['configured'], [LIMITS]: [true, false],
  },
  wants: (path) => isCode(path) || isYaml(path) || isCiFile(path) || extension(path) === 'jmx',
  inspect: (file) => [...scriptHits(file), ...artilleryHits(file), ...ciHits(file), ...kubernetesHits(file)],
  conclude: (found, inventory) => onlyCounterExamples(mergeHits([...found, ...packageFacts(inventory)]), [LIMITS]),
};

function packageFacts({ packages }: Inventory): Hit[] {
  return TOOL_PACKAGES.flatMap(([tool, names]) => packageHits(packages, names, TOOL, tool));
}

function scriptHits({ path, text }: SourceFile): Hit[] {
  const ext = extension(path);
  const hits: Hit[] = [];
  const lineOf = lineIndex(text);
  const script = (tool: string, at: number, thresholds?: RegExp) => {
    hits.push(factHit(TOOL, tool, 'medium', path, lineOf(at), `${tool} script ${baseName(path)}`));
    const threshold = thresholds?.exec(text);
    if (threshold) hits.push(factHit(THRESHOLDS, true, 'strong', path, lineOf(threshold.index), `${tool} pass/fail thresholds in ${baseName(path)}`));
  };
  if (ext === 'jmx') {
    hits.push(factHit(TOOL, 'jmeter', 'medium', path, 1, `JMeter test plan ${baseName(path)}`));
  } else if (/^[cm]?[jt]s$/.test(ext) && text.includes('k6')) {
    const k6 = /\bfrom\s+["']k6(\/[\w-]+)?["']|\brequire\(\s*["']k6(\/[\w-]+)?["']\s*\)/.exec(text);
    if (k6) script('k6', k6.index, /\bthresholds\s*:/);
  } else if (ext === 'py' && text.includes('locust')) {
    const locust = /^\s*(from\s+locust\s+import|import\s+locust)\b/m.exec(text);
    if (locust) script('locust', locust.index, /\bprocess_exit_code\b/);
  } else if (['scala', 'java', 'kt'].includes(ext)) {
    const gatling = text.includes('io.gatling') ? /\bextends\s+Simulation\b|:\s*Simulation\s*\(\)/.exec(text) : null;
    if (gatling) script('gatling', gatling.index, /\.?assertions\s*\(/);
  }
  return hits;
}

function artilleryHits(file: SourceFile): Hit[] {
  if (!isYaml(file.path) || !/^config:/m.test(file.text) || !/^scenarios:/m.test(file.text)) return [];
  const document = yamlDocuments(file)[0];
  if (!document || !Array.isArray(at(document.value, 'config', 'phases'))) return [];
  const hits = [factHit(TOOL, 'artillery', 'medium', file.path, document.lineOf(['config']), `Artillery script ${baseName(file.path)}`)];
  const ensure = at(document.value, 'config', 'ensure') ?? at(document.value, 'config', 'plugins', 'ensure');
  if (isPlain(ensure)) hits.push(factHit(THRESHOLDS, true, 'strong', file.path, document.lineOf(['config', 'ensure']), 'Artillery ensure thresholds'));
  return hits;
}

function runsFrom(triggers: Set<Trigger>): string {
  if (triggers.has('schedule')) return 'scheduled';
  if (triggers.has('push') || triggers.has('pull_request') || triggers.has('release')) return 'every_release';
  return 'manual';
}

function ciHits(file: SourceFile): Hit[] {
  if (!isCiFile(file.path)) return [];
  const config = ciConfig(file);
  return config.lines.flatMap((l) => CI_RUNS.filter(([pattern]) => pattern.test(l.text)).flatMap(([, tool]) => [
    factHit('load_testing.runs', runsFrom(config.triggers), 'medium', file.path, l.line, `${tool} load test run by CI`),
    factHit(TOOL, tool, 'medium', file.path, l.line, `${tool} load test run by CI`),
  ]));
}

function kubernetesHits(file: SourceFile): Hit[] {
  if (!isYaml(file.path)) return [];
  const hits: Hit[] = [];
  for (const object of kubernetesObjects(file)) {
    if (object.kind === 'HorizontalPodAutoscaler' || (object.kind === 'ScaledObject' && object.apiVersion.startsWith('keda.sh'))) {
      hits.push(factHit('load_testing.autoscaling', 'configured', object.templated ? 'medium' : 'strong', file.path, object.line, `${object.kind} ${object.name}`));
    }
    for (const container of containersOf(object)) {
      const resources = container.spec.resources;
      const missing = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'].filter((key) => at(resources, ...key.split('.')) === undefined);
      const where = `container ${container.name} of ${object.kind} ${object.name}`;
      const line = object.lineOf([...container.path, resources === undefined ? 'name' : 'resources']);
      // in a Helm template, resources usually come from values: absence proves nothing there
      if (missing.length === 0) hits.push(factHit(LIMITS, true, object.templated ? 'medium' : 'strong', file.path, line, `requests and limits set for ${where}`));
      else if (!object.templated) hits.push(factHit(LIMITS, false, 'strong', file.path, line, `${where} has no ${missing.join(', ')}`));
    }
  }
  return hits;
}

