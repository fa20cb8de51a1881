import { baseName } from '../detect.js';
import type { SourceFile } from '../types.js';
import { at, isPlain, yamlDocuments } from './yaml.js';

/** The CI configuration files of the common services (the paths each one reads). */
export function isCiFile(path: string): boolean {
  if (!path.endsWith('.yml') && !path.endsWith('.yaml') && !path.endsWith('Jenkinsfile')) return false;
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return true;
  if (/^\.circleci\/config\.ya?ml$/.test(path) || /^\.buildkite\/pipeline\.ya?ml$/.test(path)) return true;
  const name = baseName(path);
  return path === name
    ? ['.gitlab-ci.yml', 'azure-pipelines.yml', 'bitbucket-pipelines.yml', '.travis.yml', 'Jenkinsfile', 'cloudbuild.yaml', 'cloudbuild.yml'].includes(name)
    : name === 'Jenkinsfile' || name.endsWith('.gitlab-ci.yml');
}

const MAX_LINE = 2000;

export type Trigger = 'push' | 'pull_request' | 'schedule' | 'manual' | 'release';

export interface CiLine {
  line: number;
  text: string;
}

export interface CiConfig {
  /** What starts it: other services than GitHub Actions run on push unless told otherwise. */
  triggers: Set<Trigger>;
  /** Every non-comment line: commands are matched wherever they are written. */
  lines: CiLine[];
  /** GitHub Actions `uses:` references. */
  uses: { line: number; action: string; ref: string }[];
}

const parsed = new WeakMap<SourceFile, CiConfig>();

export function ciConfig(file: SourceFile): CiConfig {
  let config = parsed.get(file);
  if (config) return config;
  const lines: CiLine[] = [];
  const uses: CiConfig['uses'] = [];
  file.text.split('\n').forEach((whole, i) => {
    // commands are short; a hostile megabyte-long line is not worth matching in full
    const text = whole.length > MAX_LINE ? whole.slice(0, MAX_LINE) : whole;
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) return;
    lines.push({ line: i + 1, text });
    const use = /^\s*(?:-\s*)?uses:\s*["']?([^@\s"']+)@([^\s"'#]+)/.exec(text);
    if (use) uses.push({ line: i + 1, action: use[1]!, ref: use[2]! });
  });
  config = { triggers: triggersOf(file), lines, uses };
  parsed.set(file, config);
  return config;
}

function triggersOf(file: SourceFile): Set<Trigger> {
  if (!file.path.startsWith('.github/workflows/')) {
    const triggers = new Set<Trigger>(['push']);
    if (/\bschedules?\b|CI_PIPELINE_SOURCE\s*==\s*["']schedule|\bcron\b/.test(file.text)) triggers.add('schedule');
    return triggers;
  }
  const on = at(yamlDocuments(file)[0]?.value, 'on');
  const names = typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(String) : isPlain(on) ? Object.keys(on) : [];
  const triggers = new Set<Trigger>();
  for (const name of names) {
    if (name === 'push' || name === 'merge_group') triggers.add('push');
    else if (name === 'pull_request' || name === 'pull_request_target') triggers.add('pull_request');
    else if (name === 'schedule') triggers.add('schedule');
    else if (name === 'workflow_dispatch' || name === 'repository_dispatch') triggers.add('manual');
    else if (name === 'release' || name === 'deployment') triggers.add('release');
    else if (name === 'workflow_call') triggers.add('push');
  }
  return triggers;
}

/** Lines of CI files matching a command pattern. */
export function ciLinesMatching(config: CiConfig, pattern: RegExp): CiLine[] {
  return config.lines.filter((l) => pattern.test(l.text));
}
