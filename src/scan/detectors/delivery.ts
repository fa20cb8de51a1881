import { baseName, factHit, isDockerfile, isYaml, lineIndex, mergeHits, onlyCounterExamples, packageHits, signalHit, type PackageNames } from '../detect.js';
import { ciConfig, isCiFile } from '../formats/ci.js';
import { finalStage } from '../formats/dockerfile.js';
import { containersOf, kubernetesObjects, podLabels, type KubeObject } from '../formats/kubernetes.js';
import { at, isPlain } from '../formats/yaml.js';
import type { Detector, Evidence, Hit, Inventory, SourceFile } from '../types.js';

// CI, deployment and release safety: tests on every change, how deploys happen, rollout
// strategies, disruption budgets, image tags, pinned toolchains and actions (catalog D1–D8).

const STRATEGY = 'delivery.strategy';
const BUDGET = 'delivery.disruption_budget';
const HARDENED = 'delivery.pipeline_hardened';

const TEST_COMMAND = /\b(npm|pnpm|yarn|bun)\s+(run\s+)?test\b|\bnpm\s+t\b|\b(vitest|jest|mocha|playwright\s+test)\b|\bpytest\b|\btox\b|\bnox\b|\bgo\s+test\b|\bmvnw?\b[^\n]*\b(verify|test|install|package)\b|\bgradlew?\b[^\n]*\b(test|check|build)\b|\bdotnet\s+test\b|\bcargo\s+(test|nextest)\b|\bmake\s+(test|check)\b|\brspec\b|\bphpunit\b|\bctest\b/;

const DEPLOY_COMMAND = /\bkubectl\s+(apply|set\s+image|rollout\s+restart)\b|\bhelm\s+(upgrade|install)\b|\bterraform\s+apply\b|\b(serverless|sls|cdk|sam)\s+deploy\b|\bflyctl?\s+deploy\b|\bgcloud\s+(run|app|functions)\s+deploy\b|\baws\s+ecs\s+update-service\b|\bpulumi\s+up\b|\bargocd\s+app\s+sync\b|\bcf\s+push\b|\bnetlify\s+deploy\b|\bkamal\s+deploy\b|\bdocker\s+stack\s+deploy\b|azure\/webapps-deploy|amazon-ecs-deploy-task-definition|google-github-actions\/deploy-/;

const FEATURE_FLAGS: PackageNames = {
  npm: ['@openfeature/server-sdk', '@openfeature/web-sdk', 'unleash-client', '@launchdarkly/node-server-sdk', 'launchdarkly-node-server-sdk', 'flagsmith-nodejs', '@growthbook/growthbook', 'configcat-node', '@splitsoftware/splitio'],
  pypi: ['openfeature-sdk', 'UnleashClient', 'launchdarkly-server-sdk', 'flagsmith', 'growthbook', 'configcat-client'],
  maven: ['dev.openfeature:sdk', 'io.getunleash:unleash-client-java', 'com.launchdarkly:launchdarkly-java-server-sdk', 'com.flagsmith:flagsmith-java-client', 'org.ff4j:*', 'org.togglz:*'],
  go: ['github.com/open-feature/go-sdk', 'github.com/Unleash/unleash-client-go', 'github.com/launchdarkly/go-server-sdk', 'github.com/flagsmith/flagsmith-go-client'],
  nuget: ['Microsoft.FeatureManagement', 'Microsoft.FeatureManagement.*', 'OpenFeature', 'Unleash.Client', 'LaunchDarkly.ServerSdk', 'Flagsmith'],
  cargo: ['open-feature', 'unleash-api-client'],
  rubygems: ['flipper', 'unleash', 'launchdarkly-server-sdk'],
};

const TEST_FRAMEWORKS: PackageNames = {
  npm: ['vitest', 'jest', 'mocha', 'ava', '@playwright/test', 'cypress', 'jasmine'],
  pypi: ['pytest', 'hypothesis', 'nose2'],
  maven: ['org.junit.jupiter:*', 'junit:junit', 'org.testng:testng', 'org.spockframework:*', 'io.kotest:*'],
  go: ['github.com/stretchr/testify', 'github.com/onsi/ginkgo'],
  nuget: ['xunit', 'NUnit', 'MSTest.TestFramework', 'Microsoft.NET.Test.Sdk'],
  rubygems: ['rspec', 'rspec-rails', 'minitest'],
};

const TOOLCHAIN_FILES = /^(\.nvmrc|\.node-version|\.tool-versions|\.python-version|\.ruby-version|\.java-version|\.sdkmanrc|\.go-version|rust-toolchain(\.toml)?|global\.json|\.mise\.toml|mise\.toml)$/;

interface Workload { kind: string; name: string; namespace: string; replicas?: number; labels: Record<string, unknown>; evidence: Evidence }
interface Budget { namespace: string; matchLabels: Record<string, unknown>; evidence: Evidence }
interface Autoscaler { namespace: string; target: string; minReplicas: number }
type Found = { hit: Hit } | { workload: Workload } | { budget: Budget } | { autoscaler: Autoscaler };

export const deliveryDetector: Detector<Found> = {
  name: 'delivery',
  covers: {
    'delivery.version_control': [true], 'delivery.ci_tests': [true], 'delivery.deploy_method': ['pipeline', 'gitops'],
    [STRATEGY]: ['rolling', 'recreate', 'canary', 'blue_green'], [BUDGET]: [true, false], 'delivery.automated_canary_analysis': [true],
    'delivery.immutable_artifacts': [false], 'delivery.feature_flags': [true], 'delivery.toolchain_pinned': [true], [HARDENED]: [true, false],
    'context.runtime': ['kubernetes', 'serverless', 'containers', 'paas'],
  },
  wants: (path) => isCiFile(path) || isYaml(path) || isDockerfile(path) || baseName(path) === 'package.json' || baseName(path) === 'go.mod' || /^(serverless\.ya?ml|fly\.toml|render\.yaml|app\.yaml|template\.ya?ml)$/.test(baseName(path)),
  inspect: (file) => [
    ...[...ciHits(file), ...toolchainHits(file), ...runtimeHits(file)].map((hit) => ({ hit })),
    ...kubernetesFindings(file),
  ],
  conclude: (found, inventory) => {
    const hits = found.flatMap((f) => ('hit' in f ? [f.hit] : []));
    const workloads = found.flatMap((f) => ('workload' in f ? [f.workload] : []));
    const budgets = found.flatMap((f) => ('budget' in f ? [f.budget] : []));
    const autoscalers = found.flatMap((f) => ('autoscaler' in f ? [f.autoscaler] : []));
    const result = mergeHits([
      ...hits, ...budgetHits(workloads, budgets, autoscalers), ...repositoryHits(inventory),
      ...packageHits(inventory.packages, FEATURE_FLAGS, 'delivery.feature_flags', true),
      ...packageHits(inventory.packages, TEST_FRAMEWORKS, undefined, undefined, 'weak', (signal) => `test framework ${signal}`),
    ]);
    return onlyCounterExamples(result, [BUDGET, HARDENED, 'delivery.immutable_artifacts']);
  },
};

function repositoryHits({ paths, excludedDirs }: Inventory): Hit[] {
  const hits: Hit[] = [];
  if (excludedDirs.includes('.git')) hits.push(factHit('delivery.version_control', true, 'medium', '.git', 1, 'a git repository'));
  for (const path of paths) {
    const name = baseName(path);
    if (TOOLCHAIN_FILES.test(name) && !path.includes('/')) hits.push(factHit('delivery.toolchain_pinned', true, 'weak', path, 1, `toolchain version pinned in ${name}`));
    if (name === 'Chart.yaml') hits.push(signalHit(path, 1, 'Helm chart'));
    if (name === 'kustomization.yaml' || name === 'kustomization.yml') hits.push(signalHit(path, 1, 'Kustomize configuration'));
    if (name === 'Pulumi.yaml') hits.push(signalHit(path, 1, 'Pulumi project'));
  }
  const terraform = [...paths].filter((p) => p.endsWith('.tf'));
  if (terraform.length > 0) hits.push(signalHit(terraform[0]!, 1, `infrastructure as code: ${terraform.length} Terraform file${terraform.length > 1 ? 's' : ''}`));
  return hits;
}

function ciHits(file: SourceFile): Hit[] {
  if (!isCiFile(file.path)) return [];
  const config = ciConfig(file);
  const hits: Hit[] = [signalHit(file.path, 1, 'CI configuration')];
  const onChange = config.triggers.has('push') || config.triggers.has('pull_request');
  const test = config.lines.find((l) => TEST_COMMAND.test(l.text));
  if (test && onChange) hits.push(factHit('delivery.ci_tests', true, 'medium', file.path, test.line, 'tests run by CI on every change'));
  const deploy = config.lines.find((l) => DEPLOY_COMMAND.test(l.text));
  if (deploy) hits.push(factHit('delivery.deploy_method', 'pipeline', 'medium', file.path, deploy.line, 'deployment step in CI'));
  for (const l of config.lines) {
    const environment = /^\s*environment:\s*["']?([\w-]+)/.exec(l.text);
    if (environment) hits.push(signalHit(file.path, l.line, `job deploys to environment ${environment[1]} (its protection rules live in the forge, not the repository)`));
  }
  if (file.path.startsWith('.github/workflows/')) hits.push(...workflowHardening(file));
  return hits;
}

/** Third-party actions pinned by commit, no untrusted checkout under pull_request_target, read-only token by default. */
function workflowHardening(file: SourceFile): Hit[] {
  const config = ciConfig(file);
  const hits: Hit[] = [];
  for (const use of config.uses) {
    const owner = use.action.split('/')[0]!;
    if (use.action.startsWith('./') || use.action.startsWith('docker://') || owner === 'actions' || owner === 'github') continue;
    if (!/^[0-9a-f]{40}$/.test(use.ref)) hits.push(factHit(HARDENED, false, 'medium', file.path, use.line, `${use.action}@${use.ref} is not pinned to a commit`));
  }
  const target = /^\s*pull_request_target\b/m.exec(file.text);
  if (target && /github\.event\.pull_request\.head\.(sha|ref)/.test(file.text)) {
    hits.push(factHit(HARDENED, false, 'medium', file.path, lineIndex(file.text)(target.index), 'pull_request_target checks out the pull request\'s code with the repository\'s secrets'));
  }
  const permissions = /^permissions:/m.exec(file.text);
  if (hits.length === 0 && permissions) hits.push(factHit(HARDENED, true, 'weak', file.path, lineIndex(file.text)(permissions.index), 'actions pinned and token permissions declared'));
  return hits;
}

function toolchainHits(file: SourceFile): Hit[] {
  const name = baseName(file.path);
  if (name === 'package.json' && !file.path.includes('/')) {
    const engines = /"engines"\s*:\s*\{[^}]*"node"/.exec(file.text);
    return engines ? [factHit('delivery.toolchain_pinned', true, 'weak', file.path, lineIndex(file.text)(engines.index), 'Node.js version in package.json engines')] : [];
  }
  if (name === 'go.mod') {
    const toolchain = /^toolchain\s+\S+/m.exec(file.text);
    return toolchain ? [factHit('delivery.toolchain_pinned', true, 'weak', file.path, lineIndex(file.text)(toolchain.index), 'Go toolchain in go.mod')] : [];
  }
  if (isDockerfile(file.path)) {
    return finalStage(file).filter((i) => i.keyword === 'FROM' && i.args.includes('@sha256:')).map((i) => signalHit(file.path, i.line, 'base image pinned by digest'));
  }
  return [];
}

function runtimeHits(file: SourceFile): Hit[] {
  const name = baseName(file.path);
  if (isDockerfile(file.path)) return [factHit('context.runtime', 'containers', 'weak', file.path, 1, 'Dockerfile')];
  if (/^serverless\.ya?ml$/.test(name) && /^provider:/m.test(file.text)) return [factHit('context.runtime', 'serverless', 'medium', file.path, 1, 'Serverless Framework service')];
  if (/^template\.ya?ml$/.test(name) && file.text.includes('AWS::Serverless')) return [factHit('context.runtime', 'serverless', 'medium', file.path, 1, 'AWS SAM template')];
  if (name === 'fly.toml' || name === 'render.yaml' || (name === 'app.yaml' && /^runtime:/m.test(file.text))) return [factHit('context.runtime', 'paas', 'weak', file.path, 1, `${name} (platform as a service)`)];
  return [];
}

const DEPLOYABLE = ['Deployment', 'StatefulSet', 'Rollout'];

function kubernetesFindings(file: SourceFile): Found[] {
  if (!isYaml(file.path)) return [];
  const found: Found[] = [];
  const hit = (h: Hit) => found.push({ hit: h });
  for (const object of kubernetesObjects(file)) {
    const strength = object.templated ? 'medium' : 'strong';
    const evidence = (signal: string, path?: (string | number)[]): Evidence => ({ file: file.path, line: path ? object.lineOf(path) : object.line, signal });
    const containers = containersOf(object);
    if (containers.length > 0 && object.kind !== 'Pod') hit(factHit('context.runtime', 'kubernetes', 'medium', file.path, object.line, `Kubernetes ${object.kind} ${object.name}`));
    if (object.kind === 'Deployment') {
      const type = at(object.body, 'spec', 'strategy', 'type');
      if (type === 'Recreate') hit({ fact: STRATEGY, value: 'recreate', strength, evidence: evidence(`Deployment ${object.name} uses the Recreate strategy`, ['spec', 'strategy', 'type']) });
      else hit({ fact: STRATEGY, value: 'rolling', strength, evidence: evidence(`Deployment ${object.name} rolls out with RollingUpdate${type ? '' : ' (the default)'}`, type ? ['spec', 'strategy', 'type'] : undefined) });
    }
    if (object.kind === 'Rollout' && object.apiVersion.startsWith('argoproj.io')) found.push(...rolloutFindings(object, strength));
    if (object.kind === 'Canary' && object.apiVersion.startsWith('flagger.app')) {
      hit({ fact: STRATEGY, value: 'canary', strength, evidence: evidence(`Flagger Canary ${object.name}`) });
      if (Array.isArray(at(object.body, 'spec', 'analysis', 'metrics'))) hit({ fact: 'delivery.automated_canary_analysis', value: true, strength, evidence: evidence(`Flagger analysis of ${object.name}`, ['spec', 'analysis']) });
    }
    if (object.kind === 'Application' && object.apiVersion.startsWith('argoproj.io') || object.apiVersion.startsWith('kustomize.toolkit.fluxcd.io') || object.apiVersion.startsWith('helm.toolkit.fluxcd.io')) {
      hit({ fact: 'delivery.deploy_method', value: 'gitops', strength: 'medium', evidence: evidence(`${object.kind} ${object.name} (GitOps)`) });
    }
    // a templated manifest's images, replicas and selectors are only known once it is rendered
    if (object.templated) continue;
    for (const container of containers) {
      const image = typeof container.spec.image === 'string' ? container.spec.image : '';
      const tag = image.includes('@') ? 'digest' : /:[^/:]+$/.exec(image)?.[0].slice(1);
      if (image && (tag === undefined || tag === 'latest')) {
        hit({ fact: 'delivery.immutable_artifacts', value: false, strength: 'medium', evidence: evidence(`container ${container.name} of ${object.kind} ${object.name} runs ${image}${tag ? '' : ' (no tag: latest)'}`, [...container.path, 'image']) });
      }
    }
    if (DEPLOYABLE.includes(object.kind)) {
      const replicas = at(object.body, 'spec', 'replicas');
      found.push({ workload: { kind: object.kind, name: object.name, namespace: object.namespace, ...(typeof replicas === 'number' ? { replicas } : {}), labels: podLabels(object), evidence: evidence(`${object.kind} ${object.name}`) } });
    }
    if (object.kind === 'PodDisruptionBudget') {
      const matchLabels = at(object.body, 'spec', 'selector', 'matchLabels');
      found.push({ budget: { namespace: object.namespace, matchLabels: isPlain(matchLabels) ? matchLabels : {}, evidence: evidence(`PodDisruptionBudget ${object.name}`) } });
    }
    if (object.kind === 'HorizontalPodAutoscaler') {
      const min = at(object.body, 'spec', 'minReplicas');
      found.push({ autoscaler: { namespace: object.namespace, target: `${at(object.body, 'spec', 'scaleTargetRef', 'kind')}/${at(object.body, 'spec', 'scaleTargetRef', 'name')}`, minReplicas: typeof min === 'number' ? min : 1 } });
    }
  }
  return found;
}

function rolloutFindings(object: KubeObject, strength: 'strong' | 'medium'): Found[] {
  const found: Found[] = [];
  const canary = at(object.body, 'spec', 'strategy', 'canary');
  const blueGreen = at(object.body, 'spec', 'strategy', 'blueGreen');
  const line = (path: (string | number)[]) => object.lineOf(path);
  if (isPlain(canary)) {
    found.push({ hit: factHit(STRATEGY, 'canary', strength, object.file, line(['spec', 'strategy', 'canary']), `Argo Rollout ${object.name} canary`) });
    const steps = Array.isArray(canary.steps) ? canary.steps : [];
    if (isPlain(canary.analysis) || steps.some((s) => isPlain(s) && 'analysis' in s)) {
      found.push({ hit: factHit('delivery.automated_canary_analysis', true, strength, object.file, line(['spec', 'strategy', 'canary']), `Argo Rollout ${object.name} analyses its canary`) });
    }
  }
  if (isPlain(blueGreen)) {
    found.push({ hit: factHit(STRATEGY, 'blue_green', strength, object.file, line(['spec', 'strategy', 'blueGreen']), `Argo Rollout ${object.name} blue-green`) });
    if (isPlain(blueGreen.prePromotionAnalysis) || isPlain(blueGreen.postPromotionAnalysis)) {
      found.push({ hit: factHit('delivery.automated_canary_analysis', true, strength, object.file, line(['spec', 'strategy', 'blueGreen']), `Argo Rollout ${object.name} analyses before promotion`) });
    }
  }
  return found;
}

/** Each workload keeps capacity through drains: two replicas or more, and a budget selecting its pods. */
function budgetHits(workloads: Workload[], budgets: Budget[], autoscalers: Autoscaler[]): Hit[] {
  return workloads.map((w) => {
    const scaled = autoscalers.find((a) => a.namespace === w.namespace && a.target === `${w.kind}/${w.name}`);
    const replicas = scaled ? scaled.minReplicas : w.replicas ?? 1;
    const budget = budgets.find((b) => b.namespace === w.namespace && Object.keys(b.matchLabels).length > 0 &&
      Object.entries(b.matchLabels).every(([k, v]) => w.labels[k] === v));
    const problems = [...(replicas < 2 ? [`${replicas} replica${replicas === 1 ? '' : 's'}`] : []), ...(budget ? [] : ['no PodDisruptionBudget'])];
    return problems.length === 0
      ? { fact: BUDGET, value: true, strength: 'strong' as const, evidence: { ...budget!.evidence, signal: `${budget!.evidence.signal} covers ${w.kind} ${w.name} (${replicas} replicas)` } }
      : { fact: BUDGET, value: false, strength: 'strong' as const, evidence: { ...w.evidence, signal: `${w.kind} ${w.name}: ${problems.join(', ')}` } };
  });
}
