import { manifestTemplate } from '../manifest/starter.js';
import type { Profile } from '../manifest/types.js';
import type { RuleSet } from '../rules/rule-set.js';
import { factsByPath, preferredFact } from './detect.js';
import type { DetectedFact, Evidence, ScanResult } from './types.js';

const MAX_SIGNALS = 20;

/**
 * A manifest drafted from a scan: each detected section fact filled in with a comment naming the
 * file and line that shows it; what lists' items use in general noted under the list; everything
 * else left `~` for the interview. Nothing in it is guessed beyond what the comments say.
 */
export function draftManifest(scan: ScanResult, ruleSet: RuleSet, profile: Profile, name: string): string {
  const byPath = factsByPath(scan.facts, ruleSet.facts);
  const values = new Map<string, { value: unknown; comment: string }>();
  const listNotes = new Map<string, string[]>();
  for (const [path, found] of byPath) {
    const at = path.lastIndexOf('[].');
    if (at < 0) {
      const best = preferredFact(found)!;
      const others = found.filter((f) => f !== best).map((f) => JSON.stringify(f.value));
      values.set(path, { value: best.value, comment: `found: ${describe(best)}${others.length > 0 ? `; also found: ${others.join(', ')}` : ''}` });
    } else {
      const list = path.slice(0, at);
      const field = path.slice(at + 3);
      const notes = found.map((f) => `found, for the items in general: ${field}: ${JSON.stringify(f.value)} (${describe(f)})`);
      listNotes.set(list, [...(listNotes.get(list) ?? []), ...notes]);
    }
  }
  const header = [
    `# readiness manifest drafted by \`readiness scan\` from ${scan.filesScanned} files: each value it found is`,
    '# filled in under a comment naming the file and line that shows it. Check them: a library in a',
    '# manifest is weak evidence. Replace each ~ with the true answer, or leave ~ where you do not',
    '# know: the rules that need it stay "unknown", which never counts as passed.',
    ...scan.limits.map((limit) => `# The scan was cut short: ${limit}.`),
  ];
  const trailer = scan.signals.length === 0 ? [] : [
    '# Also found, with no fact to hold it:',
    ...scan.signals.slice(0, MAX_SIGNALS).map((s) => `#   ${s.signal} (${where(s)})`),
    ...(scan.signals.length > MAX_SIGNALS ? [`#   … and ${scan.signals.length - MAX_SIGNALS} more (readiness scan lists them all)`] : []),
  ];
  return manifestTemplate(ruleSet, profile, name, { header, values, listNotes, trailer });
}

function where(evidence: Evidence): string {
  return `${evidence.file}:${evidence.line}`;
}

function describe(fact: DetectedFact): string {
  const first = fact.evidence[0];
  const more = fact.evidence.length > 1 ? ` and ${fact.evidence.length - 1} more` : '';
  return `${first ? `${first.signal} at ${where(first)}` : 'no location'}${more}, ${fact.strength} evidence`;
}
