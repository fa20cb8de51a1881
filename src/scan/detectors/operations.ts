import { baseName, factHit, firstLine, isYaml, mergeHits, signalHit } from '../detect.js';
import { kubernetesObjects } from '../formats/kubernetes.js';
import { at } from '../formats/yaml.js';
import type { Detector, Hit, Inventory, SourceFile } from '../types.js';

// Ownership, decision records, README, runbooks and postmortems kept in the repository
// (catalog P1–P3, A1, A4, A5).

const ADR = /(^|\/)(doc|docs)\/(adr|adrs|decisions|architecture\/decisions|architecture-decisions)\/\d{3,4}-[^/]+\.md$/;

export const operationsDetector: Detector = {
  name: 'operations',
  covers: {
    'operations.owner': 'any', 'operations.adrs': 'any', 'operations.docs.readme': [true], 'operations.runbooks': [true],
    'operations.postmortems': [true], 'operations.architecture_diagram': [true],
  },
  wants: (path) => /^(\.github\/|docs\/)?CODEOWNERS$/.test(path) || /^README(\.\w+)?$/i.test(path) || (isYaml(path) && baseName(path).startsWith('catalog-info')),
  inspect: (file) => [...ownerHits(file), ...readmeHits(file)],
  conclude: (found, inventory) => mergeHits([...found, ...documentHits(inventory)]),
};

function ownerHits(file: SourceFile): Hit[] {
  if (baseName(file.path) === 'CODEOWNERS') {
    const rule = /^\*\s+(@[\w.\/-]+)/m.exec(file.text);
    return rule
      ? [factHit('operations.owner', rule[1]!.slice(1), 'medium', file.path, firstLine(file.text, /^\*\s+@/m), 'default owner in CODEOWNERS')]
      : [signalHit(file.path, 1, 'CODEOWNERS')];
  }
  if (!isYaml(file.path)) return [];
  return kubernetesObjects(file).filter((o) => o.apiVersion.startsWith('backstage.io') && typeof at(o.body, 'spec', 'owner') === 'string')
    .map((o) => factHit('operations.owner', String(at(o.body, 'spec', 'owner')), 'strong', file.path, o.lineOf(['spec', 'owner']), `spec.owner of ${o.kind} ${o.name} in the service catalog`));
}

/**
 * A README with sections on running, testing and deploying (a test command counts for testing).
 * Only headings and commands are read, so it is weak evidence of what the sections say.
 */
function readmeHits({ path, text }: SourceFile): Hit[] {
  if (!/^README/i.test(path)) return [];
  const headings = text.split('\n').filter((l) => /^#{1,6}\s/.test(l)).join('\n');
  const topics: [string, boolean][] = [
    ['running', /\b(run|running|start|usage|install|installation|getting started|quick ?start|setup)\b/i.test(headings)],
    ['testing', /\btest/i.test(headings) || /\b(npm (run )?test|pytest|go test|mvnw? (test|verify)|gradlew? test|dotnet test|cargo test|make test)\b/.test(text)],
    ['deploying', /\b(deploy|deployment|release|releasing|publish|publishing)\b/i.test(headings)],
  ];
  const missing = topics.filter(([, found]) => !found).map(([topic]) => topic);
  return missing.length === 0
    ? [factHit('operations.docs.readme', true, 'weak', path, 1, 'README has sections on running, testing and deploying')]
    : [signalHit(path, 1, `README has no section on ${missing.join(' or ')}`)];
}

function documentHits({ paths }: Inventory): Hit[] {
  const all = [...paths].filter((p) => /\.(md|dsl|puml|plantuml|drawio|c4|adoc|rst|txt)$/.test(p)).sort();
  const hits: Hit[] = [];
  const adrs = all.filter((p) => ADR.test(p));
  if (adrs.length > 0) {
    // the count is the fact; a few files are enough to show where they are
    hits.push(...adrs.slice(0, 5).map((p) => factHit('operations.adrs', adrs.length, 'strong', p, 1, `architecture decision record ${baseName(p)}`)));
  }
  const runbook = all.find((p) => /(^|\/)runbooks?\//i.test(p));
  if (runbook) hits.push(factHit('operations.runbooks', true, 'weak', runbook, 1, 'runbooks kept in the repository'));
  const postmortem = all.find((p) => /(^|\/)(postmortems?|post-mortems?|incidents)\//i.test(p));
  if (postmortem) hits.push(factHit('operations.postmortems', true, 'weak', postmortem, 1, 'postmortems kept in the repository'));
  const diagram = all.find((p) => /(^|\/)workspace\.dsl$|\.(puml|plantuml|drawio|c4)$/.test(p));
  if (diagram) hits.push(factHit('operations.architecture_diagram', true, 'weak', diagram, 1, 'architecture diagram as code'));
  return hits;
}
