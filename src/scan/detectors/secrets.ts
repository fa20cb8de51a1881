import { baseName, extension, factHit, isYaml, lineIndex, mergeHits, packageHits, type PackageNames } from '../detect.js';
import { kubernetesObjects } from '../formats/kubernetes.js';
import { at, isPlain } from '../formats/yaml.js';
import type { Detector, Hit, Inventory, SourceFile } from '../types.js';

// Secrets committed in plain files, by obvious patterns only, and where secrets are meant to
// come from. Evidence names the kind of secret and its place, never its text.

const IN_REPO = 'security.secrets_in_repo';
const STORE = 'security.secrets_store';

const PATTERNS: { kind: string; pattern: RegExp; unless?: RegExp }[] = [
  { kind: 'private key block', pattern: /-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/g },
  // AWS's documentation key ids end in EXAMPLE
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, unless: /EXAMPLE$/ },
  { kind: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/g },
  { kind: 'Slack token', pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'Stripe live secret key', pattern: /\b[rs]k_live_[A-Za-z0-9]{20,}\b/g },
];
const ANY = /-----BEGIN |\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}|gh[pousr]_|github_pat_|xox[baprs]-|[rs]k_live_/;

const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_KEY|CREDENTIAL|ACCESS_KEY)/i;
const PLACEHOLDER = /^(|changeme|change-me|xxx+|\*+|<.*>|\$\{.*\}|\$\w+|your[-_].*|todo|none|null|example.*|dummy|test)$/i;

const SECRET_MANAGER_CLIENTS: PackageNames = {
  npm: ['node-vault', '@aws-sdk/client-secrets-manager', '@google-cloud/secret-manager', '@azure/keyvault-secrets'],
  pypi: ['hvac', 'google-cloud-secret-manager', 'azure-keyvault-secrets'],
  maven: ['org.springframework.cloud:spring-cloud-starter-vault-config', 'software.amazon.awssdk:secretsmanager', 'com.google.cloud:google-cloud-secretmanager', 'com.azure:azure-security-keyvault-secrets'],
  go: ['github.com/hashicorp/vault/api', 'cloud.google.com/go/secretmanager'],
  nuget: ['Azure.Security.KeyVault.Secrets', 'AWSSDK.SecretsManager', 'VaultSharp'],
};

export const secretsDetector: Detector = {
  name: 'secrets',
  covers: { [IN_REPO]: [true], [STORE]: ['secret_manager', 'encrypted_in_repo'] },
  wants: () => true,
  inspect: (file) => [...patternHits(file), ...envFileHits(file), ...manifestHits(file)],
  conclude: (found, inventory) => mergeHits([...found, ...keystoreHits(inventory), ...packageHits(inventory.packages, SECRET_MANAGER_CLIENTS, STORE, 'secret_manager')]),
};

function patternHits({ path, text }: SourceFile): Hit[] {
  if (!ANY.test(text)) return [];
  const lineOf = lineIndex(text);
  return PATTERNS.flatMap(({ kind, pattern, unless }) =>
    [...text.matchAll(pattern)].filter((m) => !unless?.test(m[0])).map((m) => factHit(IN_REPO, true, 'strong', path, lineOf(m.index!), `${kind} committed`)));
}

/** `.env` files hold real values; `.env.example` and its kin hold placeholders. */
function envFileHits({ path, text }: SourceFile): Hit[] {
  const suffix = /^\.env(?:\.([\w-]+))?$/.exec(baseName(path));
  if (!suffix || /^(example|sample|template|dist|defaults?|schema|test|ci)$/i.test(suffix[1] ?? '')) return [];
  return text.split('\n').flatMap((line, i) => {
    const entry = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    const value = entry?.[2]?.trim().replace(/^(["'])(.*)\1$/, '$2') ?? '';
    if (!entry || !SECRET_NAME.test(entry[1]!) || PLACEHOLDER.test(value)) return [];
    return [factHit(IN_REPO, true, 'strong', path, i + 1, `committed ${baseName(path)} file with a value for ${entry[1]}`)];
  });
}

function manifestHits(file: SourceFile): Hit[] {
  const { path, text } = file;
  if (baseName(path) === '.sops.yaml') return [factHit(STORE, 'encrypted_in_repo', 'medium', path, 1, 'SOPS configuration')];
  if (!isYaml(path) && extension(path) !== 'json') return [];
  const hits: Hit[] = [];
  if (/^sops:\s*$/m.test(text) && /\bmac:/.test(text)) hits.push(factHit(STORE, 'encrypted_in_repo', 'medium', path, 1, 'SOPS-encrypted file'));
  for (const object of isYaml(path) ? kubernetesObjects(file) : []) {
    if (object.kind === 'SealedSecret') hits.push(factHit(STORE, 'encrypted_in_repo', 'medium', path, object.line, `SealedSecret ${object.name}`));
    if (object.kind === 'ExternalSecret' || object.kind === 'SecretProviderClass') hits.push(factHit(STORE, 'secret_manager', 'medium', path, object.line, `${object.kind} ${object.name}`));
    if (object.kind === 'Secret' && !object.templated) {
      const values = ['data', 'stringData'].flatMap((key) => Object.values((isPlain(object.body[key]) ? object.body[key] : {}) as Record<string, unknown>));
      if (values.some((v) => typeof v === 'string' && !PLACEHOLDER.test(v))) {
        hits.push(factHit(IN_REPO, true, 'medium', path, object.line, `Kubernetes Secret ${object.name} with values committed`));
      }
    }
    if (String(at(object.body, 'spec', 'template', 'metadata', 'annotations', 'vault.hashicorp.com/agent-inject') ?? '') === 'true') {
      hits.push(factHit(STORE, 'secret_manager', 'medium', path, object.line, `Vault agent injects secrets into ${object.kind} ${object.name}`));
    }
  }
  return hits;
}

function keystoreHits({ paths }: Inventory): Hit[] {
  return [...paths].filter((p) => /\.(p12|pfx|jks|keystore)$/i.test(p) || /(^|\/)id_(rsa|dsa|ecdsa|ed25519)$/.test(p))
    .map((p) => factHit(IN_REPO, true, 'medium', p, 1, 'private key or keystore file committed'));
}
