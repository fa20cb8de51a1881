import { baseName, factHit, isDockerfile, isYaml, mergeHits, onlyCounterExamples, packageHits, signalHit, type PackageNames } from '../detect.js';
import { ciConfig, ciLinesMatching, isCiFile } from '../formats/ci.js';
import { finalStage } from '../formats/dockerfile.js';
import { containersOf, kubernetesObjects, podSpecPath } from '../formats/kubernetes.js';
import { at } from '../formats/yaml.js';
import type { Detector, Hit, Inventory, SourceFile } from '../types.js';

// Security tooling in CI, update bots, container users, SBOMs and the disclosure policy
// (catalog S1–S12). Committed secrets are the secrets detector's.

const NON_ROOT = 'security.containers_non_root';

/** CI steps and actions, each the evidence of one practice. */
const CI_TOOLS: { fact: string; pattern: RegExp; label: string }[] = [
  { fact: 'security.secret_scanning', pattern: /gitleaks|trufflehog|detect-secrets|ggshield|scanners:\s*["']?[\w,]*secret|--scanners[= ][\w,]*secret/i, label: 'secret scanner in CI' },
  { fact: 'security.dependency_scanning', pattern: /\b(npm|yarn|pnpm)\s+audit\b|\baudit-ci\b|better-npm-audit|\bsnyk\s+test\b|snyk\/actions\/(node|python|golang|maven|gradle|dotnet)|\bpip-audit\b|\bsafety\s+(check|scan)\b|\bosv-scanner\b|\bgovulncheck\b|\bcargo[- ](audit|deny)\b|dependency-check|dependency-review-action|\blist package --vulnerable\b|\bbundle[- ]audit\b|\btrivy\b[^\n]*\bfs\b|scan-type:\s*["']?fs/i, label: 'dependency vulnerability scan in CI' },
  { fact: 'security.sast', pattern: /codeql-action\/(analyze|init)|\bsemgrep\b|\bsnyk\s+code\b|sonarcloud|sonarqube|sonar-scanner|\bbandit\b|\bgosec\b|\bbrakeman\b|qodana|pysa-action/i, label: 'static analysis (SAST) in CI' },
  { fact: 'security.image_scanning', pattern: /\btrivy\b[^\n]*\b(image|config)\b|scan-type:\s*["']?(image|config)|\bgrype\b|anchore\/scan-action|docker\s+scout|\bcheckov\b|kube-score|\bkubesec\b|\bpolaris\b|\bhadolint\b|\btfsec\b|\bterrascan\b|\bkics\b|\bsnyk\s+(container|iac)\b|\bimage-ref:/i, label: 'image or infrastructure scan in CI' },
  { fact: 'security.sbom', pattern: /\bsyft\b|cyclonedx|anchore\/sbom-action|--sbom\b|--format\s+(cyclonedx|spdx)|\bspdx\b/i, label: 'SBOM produced in CI' },
];

const HEADER_LIBRARIES: PackageNames = {
  npm: ['helmet', '@fastify/helmet', 'koa-helmet'],
  pypi: ['django-csp', 'flask-talisman', 'secure'],
  nuget: ['NWebsec.AspNetCore.Middleware', 'NetEscapades.AspNetCore.SecurityHeaders'],
  rubygems: ['secure_headers'],
};

const SBOM_TOOLS: PackageNames = {
  npm: ['@cyclonedx/cyclonedx-npm', '@cyclonedx/*'],
  pypi: ['cyclonedx-bom', 'cyclonedx-py'],
  maven: ['org.cyclonedx:cyclonedx-maven-plugin', 'org.cyclonedx.bom'],
  nuget: ['CycloneDX'],
};

const DEPENDENCY_SCANNERS: PackageNames = {
  npm: ['audit-ci', 'better-npm-audit', 'snyk'],
  pypi: ['pip-audit', 'safety'],
  maven: ['org.owasp:dependency-check-maven', 'org.owasp.dependencycheck'],
  rubygems: ['bundler-audit'],
};

const SAST_PACKAGES: PackageNames = { npm: ['eslint-plugin-security'], pypi: ['bandit'], rubygems: ['brakeman'] };

// Where a user hit comes from, marked on the hit rather than read from its wording: a Kubernetes
// container's user (or its not saying, when the image decides), or a Dockerfile's.
const FROM_KUBERNETES = new WeakSet<Hit>();
const USER_UNSET = new WeakSet<Hit>();
const FROM_DOCKERFILE = new WeakSet<Hit>();
const marked = (set: WeakSet<Hit>, hit: Hit) => (set.add(hit), hit);

export const securityDetector: Detector = {
  name: 'security',
  covers: {
    'security.secret_scanning': [true], 'security.dependency_scanning': [true], 'security.dependency_updates': [true], 'security.sast': [true],
    'security.image_scanning': [true], [NON_ROOT]: [true, false], 'security.sbom': [true], 'security.disclosure_policy': [true], 'security.browser_headers': [true],
  },
  wants: (path) => isCiFile(path) || isDockerfile(path) || isYaml(path) || isConfigFile(path),
  inspect: (file) => [...ciHits(file), ...configHits(file), ...dockerUserHits(file), ...kubernetesUserHits(file)],
  conclude: (found, inventory) => {
    // Kubernetes overrides the image's user: when every pod says non-root, a Dockerfile without USER does not contradict it
    const k8s = found.filter((h) => FROM_KUBERNETES.has(h));
    const enforced = k8s.length > 0 && k8s.every((h) => h.value === true);
    const hits = found.filter((h) => !USER_UNSET.has(h) && !(enforced && FROM_DOCKERFILE.has(h)));
    return onlyCounterExamples(mergeHits([...hits, ...packageFacts(inventory)]), [NON_ROOT]);
  },
};

function isConfigFile(path: string): boolean {
  return /^(\.github\/)?dependabot\.ya?ml$/.test(path) || /(^|\/)(renovate\.json5?|\.renovaterc(\.json5?)?|\.gitleaks\.toml|\.secrets\.baseline|\.pre-commit-config\.yaml|SECURITY\.md|security\.txt|\.semgrep\.ya?ml)$/i.test(path);
}

function packageFacts({ packages }: Inventory): Hit[] {
  return [
    ...packageHits(packages, HEADER_LIBRARIES, 'security.browser_headers', true),
    ...packageHits(packages, SBOM_TOOLS, 'security.sbom', true),
    ...packageHits(packages, SAST_PACKAGES, 'security.sast', true),
    ...packageHits(packages, DEPENDENCY_SCANNERS, 'security.dependency_scanning', true),
  ];
}

function ciHits(file: SourceFile): Hit[] {
  if (!isCiFile(file.path)) return [];
  const config = ciConfig(file);
  // a scan that runs on pull requests or pushes gates changes; one started by hand does not
  const strength = config.triggers.has('push') || config.triggers.has('pull_request') ? 'medium' : 'weak';
  return CI_TOOLS.flatMap(({ fact, pattern, label }) =>
    ciLinesMatching(config, pattern).map((l) => factHit(fact, true, strength, file.path, l.line, label)));
}

function configHits({ path, text }: SourceFile): Hit[] {
  const name = baseName(path);
  if (/^dependabot\.ya?ml$/.test(name) && path.startsWith('.github/')) return [factHit('security.dependency_updates', true, 'strong', path, 1, 'Dependabot configuration')];
  if (/^(renovate\.json5?|\.renovaterc(\.json5?)?)$/.test(name) && /^(\.github\/|\.gitlab\/)?[^/]+$/.test(path)) return [factHit('security.dependency_updates', true, 'strong', path, 1, 'Renovate configuration')];
  if (name === '.gitleaks.toml' || name === '.secrets.baseline') return [signalHit(path, 1, `secret scanner configuration ${name}`)];
  if (name === '.pre-commit-config.yaml' && /gitleaks|detect-secrets|trufflehog/.test(text)) {
    return [factHit('security.secret_scanning', true, 'weak', path, 1, 'secret scanner as a pre-commit hook (runs only where installed)')];
  }
  if (/^\.semgrep\.ya?ml$/.test(name)) return [factHit('security.sast', true, 'weak', path, 1, 'Semgrep rules')];
  if (/^SECURITY\.md$/i.test(name) && /^((\.github|docs)\/)?[^/]+$/.test(path)) return [factHit('security.disclosure_policy', true, 'medium', path, 1, 'SECURITY.md')];
  if (name === 'security.txt' && path.includes('.well-known/')) return [factHit('security.disclosure_policy', true, 'medium', path, 1, 'security.txt')];
  return [];
}

function dockerUserHits(file: SourceFile): Hit[] {
  if (!isDockerfile(file.path)) return [];
  const stage = finalStage(file);
  if (stage.length === 0) return [];
  const user = stage.filter((i) => i.keyword === 'USER').at(-1);
  if (!user) return [marked(FROM_DOCKERFILE, factHit(NON_ROOT, false, 'medium', file.path, stage[0]!.line, 'Dockerfile without USER: the container runs as root'))];
  const name = user.args.trim().split(/[:\s]/)[0];
  return [marked(FROM_DOCKERFILE, factHit(NON_ROOT, name !== 'root' && name !== '0', 'medium', file.path, user.line, `Dockerfile USER ${name}`))];
}

function kubernetesUserHits(file: SourceFile): Hit[] {
  if (!isYaml(file.path)) return [];
  const hits: Hit[] = [];
  for (const object of kubernetesObjects(file)) {
    const podPath = podSpecPath(object);
    if (!podPath) continue;
    const pod = at(object.body, ...podPath, 'securityContext');
    const strength = object.templated ? 'medium' : 'strong';
    for (const container of containersOf(object)) {
      const own = container.spec.securityContext;
      const setting = (key: string) => at(own, key) ?? at(pod, key);
      const where = `container ${container.name} of ${object.kind} ${object.name}`;
      const line = object.lineOf([...container.path, 'securityContext']);
      const runAsUser = setting('runAsUser');
      if (at(own, 'privileged') === true || runAsUser === 0) {
        hits.push(marked(FROM_KUBERNETES, factHit(NON_ROOT, false, strength, file.path, line, `kubernetes ${where} runs ${runAsUser === 0 ? 'as user 0' : 'privileged'}`)));
      } else if (setting('runAsNonRoot') === true || (typeof runAsUser === 'number' && runAsUser > 0)) {
        hits.push(marked(FROM_KUBERNETES, factHit(NON_ROOT, true, strength, file.path, line, `kubernetes ${where} runs as non-root`)));
      } else {
        hits.push(marked(FROM_KUBERNETES, marked(USER_UNSET, signalHit(file.path, line, 'kubernetes container without runAsNonRoot or runAsUser'))));
      }
    }
  }
  return hits;
}
