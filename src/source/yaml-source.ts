import { EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import type { Node } from 'yaml';
import { ReadinessError, type ErrorKind, type SourcePosition } from '../errors.js';
import { requireWhenUsed } from '../require-when-used.js';
import { lineIndexOf, lineStarts } from './lines.js';

export type YamlPath = readonly (string | number)[];

/** Where one node of a document is: offsets into the text, `null` for an empty value. */
export interface YamlNode {
  /** Its path written as facts are named: `a.b[0].c`. */
  dotted: string;
  kind: 'map' | 'seq' | 'leaf';
  value: number | null;
  /** For a mapping's value: where its key is. */
  key: number | null;
}

/** A parsed YAML file that still knows where every value came from. */
export interface YamlSource {
  file: string;
  /** Every node, in document order, keyed by its path's segments each after a NUL (the root: ''). */
  nodes: Map<string, YamlNode>;
  /** The offset where each line starts. */
  lineStarts: number[];
  /** The plain value; throws for an alias bomb (see `yamlToPlain`). */
  plain: () => unknown;
}

// Alias expansion beyond this many nodes is refused: a "billion laughs" file stays cheap.
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses YAML strictly: syntax errors, duplicate keys and tags of other loaders
 * (`!!js/function`, `!!python/object`) are errors with their position, never warnings.
 *
 * Two parsers, one result (docs/adr/0007-yaml-fast-path.md): js-yaml's event parser reads the
 * plain documents manifests are, four times faster than `yaml` builds its document model; any
 * file it does not take as plain (an error, a tag, an alias, an unusual key) is read by `yaml`,
 * whose errors the user gets. Both give the same values and positions, which tests check.
 */
export function parseYamlSource(text: string, file: string, kind: ErrorKind): YamlSource {
  return plainSource(text, file) ?? modelledSource(text, file, kind);
}

/** The plain value of the whole document. */
export function yamlToPlain(source: YamlSource, kind: ErrorKind): unknown {
  try {
    return source.plain();
  } catch (error) {
    throw new ReadinessError(kind, `cannot read YAML: ${(error as Error).message}`, { file: source.file },
      'anchors and aliases may not expand to more than 1000 nodes');
  }
}

/** Position of the node at `path`, or of its nearest existing ancestor. */
export function positionAt(source: YamlSource, path: YamlPath, key = false): SourcePosition {
  let node = source.nodes.get('')!;
  let keyOffset: number | null = null;
  let at = '';
  for (const segment of path) {
    // as `yaml` walks its model: any key of a mapping, only a number in a sequence
    if (node.kind === 'leaf' || node.value === null || (node.kind === 'seq' && typeof segment !== 'number')) break;
    const childAt = `${at}\0${segment}`;
    const child = source.nodes.get(childAt);
    if (!child) break;
    at = childAt;
    node = child;
    keyOffset = child.key;
  }
  const offset = (key && keyOffset !== null ? keyOffset : node.value ?? keyOffset) ?? 0;
  return { file: source.file, ...lineAndColumn(source, offset) };
}

/** 1-based line and column of an offset. */
export function lineAndColumn(source: YamlSource, offset: number): { line: number; column: number } {
  const line = lineIndexOf(source.lineStarts, offset);
  return { line: line + 1, column: offset - source.lineStarts[line]! + 1 };
}

/**
 * js-yaml's reading, if the document is plain: one document without directives, no tags, anchors
 * or aliases, no empty values or duplicate keys, keys that are words or quoted and not too long. js-yaml finds the events and decodes
 * the scalars; plain ones are typed here by the core schema, as `yaml` types them. Exported for
 * the test that compares the two readings.
 */
export function plainSource(text: string, file: string): YamlSource | undefined {
  // a carriage return that ends no line: yaml refuses it where js-yaml reads on
  if (/\r(?!\n)/.test(text)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined;
  }
  // a directive (`%YAML 1.1`) changes how yaml types scalars
  const document = events[0];
  if (document?.type !== EVENT_ID.DOCUMENT || document.directives.length > 0) return undefined;
  const nodes = new Map<string, YamlNode>();
  let next = 1;
  /** The value of the node at `next`, its place recorded; NOT_PLAIN where the two parsers may differ. */
  const read = (dotted: string, at: string, key: number | null): unknown => {
    const event = events[next++]!;
    if (event.type === EVENT_ID.SCALAR) {
      // an empty value has no offset in js-yaml; `yaml` places it after the indicator before it
      const start = event.valueStart < 0 ? undefined : scalarStart(text, event);
      if (start === undefined || event.tagStart !== -1 || event.anchorStart !== -1) return NOT_PLAIN;
      nodes.set(at, { dotted, kind: 'leaf', value: start, key });
      const value = getScalarValue(text, event);
      return event.style === SCALAR_STYLE.PLAIN ? coreScalar(value) : value;
    }
    if ((event.type !== EVENT_ID.MAPPING && event.type !== EVENT_ID.SEQUENCE) || event.tagStart !== -1 || event.anchorStart !== -1) return NOT_PLAIN;
    nodes.set(at, { dotted, kind: event.type === EVENT_ID.MAPPING ? 'map' : 'seq', value: event.start, key });
    const collection: Record<string, unknown> | unknown[] = event.type === EVENT_ID.MAPPING ? {} : [];
    for (let index = 0; events[next]?.type !== EVENT_ID.POP; index++) {
      if (next >= events.length) return NOT_PLAIN;
      if (Array.isArray(collection)) {
        const item = read(`${dotted}[${index}]`, `${at}\0${index}`, null);
        if (item === NOT_PLAIN) return NOT_PLAIN;
        collection.push(item);
        continue;
      }
      const keyEvent = events[next++]!;
      const name = keyEvent.type === EVENT_ID.SCALAR ? keyName(text, keyEvent) : undefined;
      if (name === undefined || Object.hasOwn(collection, name)) return NOT_PLAIN; // a duplicate key gets yaml's error
      const value = read(dotted ? `${dotted}.${name}` : name, `${at}\0${name}`, scalarStart(text, keyEvent as ScalarEvent)!);
      if (value === NOT_PLAIN) return NOT_PLAIN;
      // an own property, never the prototype, as yaml's toJS does
      if (name === '__proto__') Object.defineProperty(collection, name, { value, writable: true, enumerable: true, configurable: true });
      else collection[name] = value;
    }
    next++; // the collection's end
    return collection;
  };
  const value = read('', '', null);
  if (value === NOT_PLAIN || events[next]?.type !== EVENT_ID.POP || next + 1 !== events.length) return undefined;
  return { file, nodes, lineStarts: lineStarts(text), plain: () => value };
}

const NOT_PLAIN = Symbol('not plain');

/**
 * Where a scalar starts as `yaml` counts it: at the opening quote, at a block scalar's `|` or `>`.
 * js-yaml points inside the quotes and past the block header.
 */
function scalarStart(text: string, event: ScalarEvent): number | undefined {
  switch (event.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return event.valueStart - 1;
    case SCALAR_STYLE.LITERAL_BLOCK:
    case SCALAR_STYLE.FOLDED_BLOCK: {
      // the header's line, when it holds one `|` or `>` and nothing that could hide another
      const headerEnd = text.lastIndexOf('\n', event.valueStart - 1);
      const lineStart = text.lastIndexOf('\n', headerEnd - 1) + 1;
      const line = text.slice(lineStart, headerEnd);
      const indicators = line.match(/[|>]/g);
      return indicators?.length === 1 && !/[#'"]/.test(line) ? lineStart + line.search(/[|>]/) : undefined;
    }
    default:
      return event.valueStart;
  }
}

// A plain key that the core schema would read as something other than text (`~`, `true`, `1.0`)
// is left to `yaml`, which names it as JavaScript does.
const WORD_KEY = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;
const NOT_TEXT = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

function keyName(text: string, event: ScalarEvent): string | undefined {
  // yaml refuses an implicit key that puts its `:` more than 1024 characters after its start
  if (event.tagStart !== -1 || event.anchorStart !== -1 || event.valueEnd - event.valueStart > 1000) return undefined;
  if (event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED) return getScalarValue(text, event);
  const name = text.slice(event.valueStart, event.valueEnd);
  return event.style === SCALAR_STYLE.PLAIN && WORD_KEY.test(name) && !NOT_TEXT.test(name) ? name : undefined;
}

// YAML 1.2's core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), which `yaml` applies
// to plain scalars, applied here the same way to what js-yaml decoded.
const CORE_NULL = /^(?:null|Null|NULL|~)$/;
const CORE_BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const CORE_INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const CORE_FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function coreScalar(plain: string): unknown {
  // most scalars are words: nothing but text starts with another character
  if (!/^[-+.0-9~nNtTfF]/.test(plain)) return plain;
  if (CORE_NULL.test(plain)) return null;
  if (CORE_BOOL.test(plain)) return plain[0] === 't' || plain[0] === 'T';
  if (CORE_INT.test(plain)) return plain.startsWith('0o') ? parseInt(plain.slice(2), 8) : plain.startsWith('0x') ? parseInt(plain.slice(2), 16) : parseInt(plain, 10);
  if (CORE_FLOAT.test(plain)) return /nan/i.test(plain) ? NaN : /inf/i.test(plain) ? (plain[0] === '-' ? -Infinity : Infinity) : parseFloat(plain);
  return plain;
}

/** `yaml`'s reading: every YAML file js-yaml does not take as plain, and its errors. */
export function modelledSource(text: string, file: string, kind: ErrorKind): YamlSource {
  const { isMap, isScalar, isSeq, parseDocument } = requireWhenUsed('yaml') as typeof import('yaml'); // a plain manifest never needs it
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true, version: '1.2', customTags: [] });
  const source: YamlSource = {
    file,
    nodes: new Map(),
    lineStarts: lineStarts(text),
    plain: () => document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }),
  };
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) {
    const first = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
    // the parser recurses per nesting level and reports a stack overflow as a plain error
    const message = /call stack/i.test(first) ? 'nested too deeply' : first;
    throw new ReadinessError(kind, `invalid YAML: ${message}`, { file, ...lineAndColumn(source, problem.pos[0]) });
  }
  const visit = (node: Node | null, dotted: string, at: string, key: number | null) => {
    source.nodes.set(at, { dotted, kind: isMap(node) ? 'map' : isSeq(node) ? 'seq' : 'leaf', value: node?.range?.[0] ?? null, key });
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        // the first of two equal keys is the one `yaml` finds (it refuses duplicates anyway)
        if (!source.nodes.has(`${at}\0${name}`)) visit(pair.value as Node | null, dotted ? `${dotted}.${name}` : name, `${at}\0${name}`, pair.key.range?.[0] ?? null);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item as Node | null, `${dotted}[${i}]`, `${at}\0${i}`, null));
    }
  };
  visit(document.contents as Node | null, '', '', null);
  return source;
}
