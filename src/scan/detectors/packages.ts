import { baseName, extension, lineIndex } from '../detect.js';
import type { Detector, Ecosystem, Evidence, Hit, PackageRef, SourceFile } from '../types.js';

// Dependency manifests per ecosystem, read as text: nothing is resolved, installed or run. The
// package inventory they give is what the other detectors match library names against.

type Parser = (file: SourceFile) => PackageRef[];

function parserFor(path: string): Parser | undefined {
  const name = baseName(path);
  if (name === 'package.json') return packageJson;
  if (name === 'pyproject.toml') return (f) => tomlPackages(f, 'pypi', pyprojectTables);
  if (name === 'Pipfile') return (f) => tomlPackages(f, 'pypi', (t) => t === 'packages' || t === 'dev-packages' ? 'keys' : undefined);
  if (/requirements.*\.(txt|in)$/.test(name) || /^requirements\/.+\.txt$/.test(path.split('/').slice(-2).join('/'))) return requirementsTxt;
  if (name === 'go.mod') return goMod;
  if (name === 'pom.xml') return pomXml;
  if (name === 'build.gradle' || name === 'build.gradle.kts' || name === 'settings.gradle' || name === 'settings.gradle.kts') return gradle;
  if (name === 'libs.versions.toml') return versionCatalog;
  if (['csproj', 'fsproj', 'vbproj'].includes(extension(name)) || name === 'Directory.Packages.props' || name === 'packages.config') return nuget;
  if (name === 'Cargo.toml') return (f) => tomlPackages(f, 'cargo', cargoTables);
  if (name === 'Gemfile') return gemfile;
  return undefined;
}

export const packagesDetector: Detector<PackageRef> = {
  name: 'packages',
  covers: { 'security.lockfile': [true, false] },
  wants: (path) => parserFor(path) !== undefined,
  inspect: (file) => {
    try {
      return parserFor(file.path)?.(file) ?? [];
    } catch {
      return [];
    }
  },
  conclude: (_found, inventory) => {
    const hits = lockfileHits(inventory.packages, inventory.paths);
    const missing = hits.filter((h) => h.value === false).map((h) => h.evidence);
    const present = hits.filter((h) => h.value === true).map((h) => h.evidence);
    // one manifest without its lockfile is enough to say "not for every package manager"
    if (missing.length > 0) return { facts: [{ path: 'security.lockfile', value: false, strength: 'medium', evidence: missing }], signals: [] };
    if (present.length > 0) return { facts: [{ path: 'security.lockfile', value: true, strength: 'medium', evidence: present }], signals: [] };
    return { facts: [], signals: [] };
  },
};

// ---- lockfiles

const LOCKFILES: Partial<Record<Ecosystem, { names: string[]; inParents: boolean }>> = {
  npm: { names: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'], inParents: true },
  pypi: { names: ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock'], inParents: true },
  go: { names: ['go.sum'], inParents: false },
  cargo: { names: ['Cargo.lock'], inParents: true },
  nuget: { names: ['packages.lock.json'], inParents: false },
  rubygems: { names: ['Gemfile.lock'], inParents: false },
  // Gradle can lock; Maven has no lockfile, and pinned versions in the pom are its norm.
  maven: { names: ['gradle.lockfile'], inParents: true },
};

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** For each manifest that declares packages: its lockfile (true) or the manifest alone (false). */
function lockfileHits(packages: readonly PackageRef[], paths: ReadonlySet<string>): Hit[] {
  const manifests = new Map<string, PackageRef>();
  for (const ref of packages) if (!manifests.has(ref.file)) manifests.set(ref.file, ref);
  const hits: Hit[] = [];
  for (const [file, ref] of manifests) {
    const rule = LOCKFILES[ref.ecosystem];
    // Maven has no lockfile; a version catalog or settings file is locked with its build
    if (!rule || ['pom.xml', 'libs.versions.toml', 'settings.gradle', 'settings.gradle.kts', 'Directory.Packages.props'].includes(baseName(file))) continue;
    if (ref.locked) {
      hits.push({ fact: 'security.lockfile', value: true, strength: 'medium', evidence: { file, line: 1, signal: 'hash-pinned requirements' } });
      continue;
    }
    const lock = findLockfile(dirOf(file), rule, paths);
    const evidence: Evidence = lock
      ? { file: lock, line: 1, signal: `${baseName(lock)} for ${file}` }
      : { file, line: 1, signal: `${baseName(file)} without a lockfile (${rule.names.join(', ')})` };
    hits.push({ fact: 'security.lockfile', value: lock !== undefined, strength: 'medium', evidence });
  }
  return hits;
}

function findLockfile(dir: string, rule: { names: string[]; inParents: boolean }, paths: ReadonlySet<string>): string | undefined {
  for (let current: string | undefined = dir; current !== undefined; current = current === '' ? undefined : dirOf(current)) {
    const lock = rule.names.map((name) => (current ? `${current}/${name}` : name)).find((p) => paths.has(p));
    if (lock) return lock;
    if (!rule.inParents) return undefined;
  }
  return undefined;
}

// ---- parsers: each returns the packages a manifest declares, with their lines

function ref(ecosystem: Ecosystem, name: string, file: SourceFile, line: number, lines: string[]): PackageRef {
  return { ecosystem, name, file: file.path, line, declaration: (lines[line - 1] ?? '').trim().slice(0, 200) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function packageJson(file: SourceFile): PackageRef[] {
  const json = JSON.parse(file.text) as Record<string, unknown>;
  const lines = file.text.split('\n');
  const lineOf = lineIndex(file.text);
  const out: PackageRef[] = [];
  for (const section of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = json[section];
    if (!deps || typeof deps !== 'object') continue;
    const sectionAt = file.text.search(new RegExp(`"${section}"\\s*:`));
    for (const name of Object.keys(deps)) {
      const pattern = new RegExp(`"${escapeRegExp(name)}"\\s*:`, 'g');
      pattern.lastIndex = Math.max(0, sectionAt);
      const match = pattern.exec(file.text);
      out.push(ref('npm', name, file, match ? lineOf(match.index) : 1, lines));
    }
  }
  return out;
}

function requirementsTxt(file: SourceFile): PackageRef[] {
  const lines = file.text.split('\n');
  const hashed = file.text.includes('--hash=') || /autogenerated by pip-compile/.test(file.text);
  return lines.flatMap((text, i) => {
    const line = text.replace(/#.*$/, '').trim();
    const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line)?.[1];
    if (!name || line.startsWith('-')) return [];
    const found = ref('pypi', name, file, i + 1, lines);
    return [hashed ? { ...found, locked: true as const } : found];
  });
}

type TableKind = 'keys' | 'arrays' | undefined;

function pyprojectTables(table: string, key?: string): TableKind | 'array-key' {
  if (table === 'project') return key === 'dependencies' ? 'array-key' : undefined;
  if (table === 'project.optional-dependencies' || table === 'dependency-groups' || table === 'tool.pdm.dev-dependencies') return 'arrays';
  if (/^tool\.poetry(\.group\.[^.]+)?\.(dev-)?dependencies$/.test(table)) return 'keys';
  return undefined;
}

function cargoTables(table: string): TableKind {
  return /^(workspace\.|target\.[^\]]+\.)?(dev-|build-)?dependencies$/.test(table) ? 'keys' : undefined;
}

/**
 * Dependency tables of a TOML manifest, read line by line: `name = …` keys, `[dependencies.name]`
 * tables, and arrays of PEP 508 strings. Enough for manifests; not a TOML parser.
 */
function tomlPackages(file: SourceFile, ecosystem: Ecosystem, kind: (table: string, key?: string) => TableKind | 'array-key'): PackageRef[] {
  const lines = file.text.split('\n');
  const out: PackageRef[] = [];
  let table = '';
  let inArray = false;
  lines.forEach((raw, i) => {
    const text = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!text) return;
    if (inArray) {
      for (const m of text.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)[^"']*["']/g)) out.push(ref(ecosystem, m[1]!, file, i + 1, lines));
      if (text.replace(/"[^"]*"|'[^']*'/g, '').includes(']')) inArray = false;
      return;
    }
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(text);
    if (header) {
      table = header[1]!.replace(/["']/g, '');
      // `[dependencies.serde]`: the table names the package
      const parent = table.slice(0, table.lastIndexOf('.'));
      if (table.includes('.') && kind(parent) === 'keys') out.push(ref(ecosystem, table.slice(table.lastIndexOf('.') + 1), file, i + 1, lines));
      return;
    }
    const entry = /^["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=\s*(.*)$/.exec(text);
    if (!entry) return;
    const [, key, value] = entry;
    const mode = kind(table, key);
    if (mode === 'keys' && key !== 'python') out.push(ref(ecosystem, key!, file, i + 1, lines));
    else if ((mode === 'arrays' || mode === 'array-key') && value!.startsWith('[')) {
      for (const m of value!.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)[^"']*["']/g)) out.push(ref(ecosystem, m[1]!, file, i + 1, lines));
      inArray = !value!.replace(/"[^"]*"|'[^']*'/g, '').includes(']');
    }
  });
  return out;
}

function goMod(file: SourceFile): PackageRef[] {
  const lines = file.text.split('\n');
  const out: PackageRef[] = [];
  let block = false;
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (/^require\s*\($/.test(text)) return void (block = true);
    if (block && text === ')') return void (block = false);
    const module = block ? /^(\S+)\s+v\S+/.exec(text)?.[1] : /^require\s+(\S+)\s+v\S+/.exec(text)?.[1];
    // an indirect requirement is a dependency of a dependency, not a choice of this project
    if (module && !text.includes('// indirect')) out.push(ref('go', module, file, i + 1, lines));
  });
  return out;
}

/** `<dependency>` and `<plugin>` blocks, found with indexOf so that an unclosed tag costs one pass. */
function pomXml(file: SourceFile): PackageRef[] {
  const lines = file.text.split('\n');
  const lineOf = lineIndex(file.text);
  const out: PackageRef[] = [];
  for (const tag of ['dependency', 'plugin']) {
    for (let start = file.text.indexOf(`<${tag}>`); start >= 0; start = file.text.indexOf(`<${tag}>`, start + 1)) {
      const end = file.text.indexOf(`</${tag}>`, start);
      if (end < 0) break;
      const block = file.text.slice(start, end);
      const group = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(block)?.[1] ?? (tag === 'plugin' ? 'org.apache.maven.plugins' : undefined);
      const artifact = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(block);
      if (group && artifact) out.push(ref('maven', `${group}:${artifact[1]}`, file, lineOf(start + artifact.index), lines));
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

function gradle(file: SourceFile): PackageRef[] {
  const lines = file.text.split('\n');
  const out: PackageRef[] = [];
  lines.forEach((text, i) => {
    if (/^\s*\/\//.test(text)) return;
    for (const m of text.matchAll(/["']([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)(?::[^"']*)?["']/g)) out.push(ref('maven', `${m[1]}:${m[2]}`, file, i + 1, lines));
    const mapped = /group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["']/.exec(text);
    if (mapped) out.push(ref('maven', `${mapped[1]}:${mapped[2]}`, file, i + 1, lines));
    const plugin = /^\s*id\s*\(?\s*["']([A-Za-z0-9_.-]+)["']/.exec(text);
    if (plugin) out.push(ref('maven', plugin[1]!, file, i + 1, lines));
  });
  return out;
}

function versionCatalog(file: SourceFile): PackageRef[] {
  const lines = file.text.split('\n');
  const out: PackageRef[] = [];
  lines.forEach((text, i) => {
    const module = /module\s*=\s*["']([^"':]+):([^"':]+)["']/.exec(text);
    const split = /group\s*=\s*["']([^"']+)["']\s*,\s*name\s*=\s*["']([^"']+)["']/.exec(text);
    const plugin = /\bid\s*=\s*["']([^"']+)["']/.exec(text);
    if (module) out.push(ref('maven', `${module[1]}:${module[2]}`, file, i + 1, lines));
    else if (split) out.push(ref('maven', `${split[1]}:${split[2]}`, file, i + 1, lines));
    else if (plugin) out.push(ref('maven', plugin[1]!, file, i + 1, lines));
  });
  return out;
}

function nuget(file: SourceFile): PackageRef[] {
  const lines = file.text.split('\n');
  const out: PackageRef[] = [];
  lines.forEach((text, i) => {
    for (const m of text.matchAll(/<(?:PackageReference|PackageVersion|package)\s[^>]*?(?:Include|Update|id)\s*=\s*"([^"]+)"/gi)) out.push(ref('nuget', m[1]!, file, i + 1, lines));
  });
  return out;
}

function gemfile(file: SourceFile): PackageRef[] {
  const lines = file.text.split('\n');
  return lines.flatMap((text, i) => {
    const gem = /^\s*gem\s+["']([^"']+)["']/.exec(text);
    return gem ? [ref('rubygems', gem[1]!, file, i + 1, lines)] : [];
  });
}
