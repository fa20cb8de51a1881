import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { SourceFile } from '../types.js';

/** One YAML document of a scanned file: its plain value, and the line of any path in it. */
export interface YamlDocument {
  value: unknown;
  lineOf(path: readonly (string | number)[]): number;
}

const parsed = new WeakMap<SourceFile, YamlDocument[]>();

/**
 * The documents of a YAML file that parse; a broken one is left out rather than failing the scan.
 * Parsed once per file, whichever detectors ask. Aliases are capped: a hostile file stays cheap.
 */
export function yamlDocuments(file: SourceFile): YamlDocument[] {
  let documents = parsed.get(file);
  if (documents) return documents;
  const lineCounter = new LineCounter();
  documents = [];
  try {
    for (const document of parseAllDocuments(file.text, { lineCounter, version: '1.2', prettyErrors: false, uniqueKeys: false })) {
      if (document.errors.length > 0) continue;
      let value: unknown;
      try {
        value = document.toJS({ maxAliasCount: 100 });
      } catch {
        continue;
      }
      const root = document.contents as Node | null;
      documents.push({
        value,
        lineOf: (path) => {
          let node: Node | null = root;
          let at = node?.range?.[0] ?? 0;
          for (const segment of path) {
            if (isMap(node)) {
              const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
              if (!pair) break;
              at = (pair.key as Node).range?.[0] ?? at;
              node = pair.value as Node | null;
            } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
              node = node.items[segment] as Node;
              at = node.range?.[0] ?? at;
            } else break;
          }
          return lineCounter.linePos(at).line;
        },
      });
    }
  } catch {
    documents = [];
  }
  parsed.set(file, documents);
  return documents;
}

export type Plain = Record<string, unknown>;

export function isPlain(value: unknown): value is Plain {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value at a path of plain data, or undefined. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isPlain(current)) current = current[segment as string];
    else return undefined;
  }
  return current;
}
