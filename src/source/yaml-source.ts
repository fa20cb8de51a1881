import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ReadinessError, type ErrorKind, type SourcePosition } from '../errors.js';

/** A parsed YAML file that still knows where every value came from. */
export interface YamlSource {
  file: string;
  document: Document;
  lineCounter: LineCounter;
}

export type YamlPath = readonly (string | number)[];

// Alias expansion beyond this many nodes is refused: a "billion laughs" file stays cheap.
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses YAML strictly: syntax errors, duplicate keys and tags of other loaders
 * (`!!js/function`, `!!python/object`) are errors with their position, never warnings.
 */
export function parseYamlSource(text: string, file: string, kind: ErrorKind): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    version: '1.2',
    customTags: [],
  });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) {
    const at = lineCounter.linePos(problem.pos[0]);
    const first = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
    // the parser recurses per nesting level and reports a stack overflow as a plain error
    const message = /call stack/i.test(first) ? 'nested too deeply' : first;
    throw new ReadinessError(kind, `invalid YAML: ${message}`, { file, line: at.line, column: at.col });
  }
  return { file, document, lineCounter };
}

/** The plain value of the whole document. */
export function yamlToPlain(source: YamlSource, kind: ErrorKind): unknown {
  try {
    return source.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ReadinessError(kind, `cannot read YAML: ${(error as Error).message}`, { file: source.file },
      'anchors and aliases may not expand to more than 1000 nodes');
  }
}

/** Position of the node at `path`, or of its nearest existing ancestor. */
export function positionAt(source: YamlSource, path: YamlPath, key = false): SourcePosition {
  let node: Node | null = source.document.contents;
  let keyNode: Node | null = null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      keyNode = null;
      node = node.items[segment] as Node;
    } else {
      break;
    }
  }
  const target = key && keyNode ? keyNode : node ?? keyNode;
  const offset = target?.range?.[0] ?? 0;
  const { line, col } = source.lineCounter.linePos(offset);
  return { file: source.file, line, column: col };
}
