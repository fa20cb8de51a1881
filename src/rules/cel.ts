import { Environment } from '@marcbachmann/cel-js';
import { DAY_MS } from '../dates.js';
import type { FactDefinition } from './types.js';

/**
 * CEL (see docs/adr/0001-expression-language.md): every manifest section is a variable whose
 * type is built from the fact definitions, so a misspelt fact or a comparison of the wrong
 * type fails when the pack loads, not when an audit silently skips it.
 */
export interface CelProgram {
  (context: Record<string, unknown>): unknown;
}

export interface CompiledExpression {
  evaluate: CelProgram;
  /** Fact paths the expression reads (`observability.logs.format`, `dependencies[].timeout_ms`). */
  reads: string[];
}

const CEL_TYPES: Record<Exclude<FactDefinition['type'], 'list'>, string> = {
  boolean: 'bool',
  integer: 'int',
  number: 'double',
  string: 'string',
  enum: 'string',
  set: 'list<string>',
  date: 'google.protobuf.Timestamp',
};


interface TypeNode {
  name: string;
  fields: Map<string, TypeNode | string>;
}

export interface CelEnvironments {
  base: Environment;
  /** One environment per list, with `item` bound to the list's item type. */
  forList(listPath: string): Environment;
}

export function createCelEnvironments(facts: ReadonlyMap<string, FactDefinition>): CelEnvironments {
  const root: TypeNode = { name: 'Facts', fields: new Map() };
  const listItemTypes = new Map<string, TypeNode>();
  for (const fact of [...facts.values()].sort((a, b) => a.path.length - b.path.length)) {
    const [owner, field] = splitPath(fact.path);
    const parent = owner.includes('[]') ? itemNode(owner) : descend(root, owner ? owner.split('.') : []);
    if (fact.type === 'list') {
      const item = itemNode(fact.path + '[]');
      parent.fields.set(field, `list<${item.name}>`);
    } else {
      parent.fields.set(field, CEL_TYPES[fact.type]);
    }
  }
  function itemNode(itemPath: string): TypeNode {
    // `a.b[].c` → the node for field path c inside the item type of list a.b
    const at = itemPath.lastIndexOf('[]');
    const listPath = itemPath.slice(0, at);
    let item = listItemTypes.get(listPath);
    if (!item) {
      item = { name: `Item_${listPath.replace(/\[\]/g, '').replace(/\./g, '_')}`, fields: new Map() };
      listItemTypes.set(listPath, item);
    }
    const rest = itemPath.slice(at + 2).replace(/^\./, '');
    return descend(item, rest ? rest.split('.') : []);
  }

  const base = new Environment({ limits: { maxAstNodes: 500, maxDepth: 40, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 } });
  const registered = new Set<string>();
  const register = (node: TypeNode): string => {
    if (!registered.has(node.name)) {
      registered.add(node.name);
      const fields: Record<string, string> = {};
      for (const [key, value] of node.fields) fields[key] = typeof value === 'string' ? value : register(value);
      base.registerType(node.name, { fields });
    }
    return node.name;
  };
  for (const item of listItemTypes.values()) register(item);
  for (const [section, node] of root.fields) {
    base.registerVariable(section, typeof node === 'string' ? node : register(node));
  }
  base.registerVariable('now', 'google.protobuf.Timestamp');
  base.registerFunction('days_between(google.protobuf.Timestamp, google.protobuf.Timestamp): int',
    (from: Date, to: Date) => BigInt(Math.floor((to.getTime() - from.getTime()) / DAY_MS)));

  const perList = new Map<string, Environment>();
  return {
    base,
    forList(listPath) {
      let env = perList.get(listPath);
      if (!env) {
        const item = listItemTypes.get(listPath);
        env = base.clone().registerVariable('item', item ? item.name : 'map');
        perList.set(listPath, env);
      }
      return env;
    },
  };
}

/** The nested object type at `segments` below `node`, created on the way. */
function descend(node: TypeNode, segments: string[]): TypeNode {
  for (const segment of segments) {
    let next = node.fields.get(segment);
    if (typeof next !== 'object') {
      next = { name: `${node.name}_${segment}`, fields: new Map() };
      node.fields.set(segment, next);
    }
    node = next;
  }
  return node;
}

/** `a.b.c` → [`a.b`, `c`]; `list[].f` → [`list[]`, `f`]. */
export function splitPath(path: string): [string, string] {
  const at = path.lastIndexOf('.');
  return at < 0 ? ['', path] : [path.slice(0, at), path.slice(at + 1)];
}

export class CelCompileError extends Error {
  constructor(message: string, readonly offset?: number) {
    super(message);
  }
}

/**
 * Parses and type-checks a boolean expression; throws `CelCompileError` with the first problem.
 * Given the reads found when the same expression was checked at build time (the built-in
 * snapshot), it only parses.
 */
export function compileExpression(env: Environment, expression: string, listPath?: string, checkedReads?: string[]): CompiledExpression {
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = env.parse(expression);
  } catch (error) {
    throw new CelCompileError(firstLine(error));
  }
  if (checkedReads) return { evaluate: parsed as unknown as CelProgram, reads: checkedReads };
  let result: ReturnType<typeof parsed.check>;
  try {
    result = parsed.check();
  } catch (error) {
    // cel-js throws plain Errors for a few shapes (e.g. a macro over an empty list literal)
    throw new CelCompileError(firstLine(error));
  }
  if (!result.valid) {
    const err = result.error as Error & { node?: { pos?: number } };
    throw new CelCompileError(firstLine(err), err.node?.pos);
  }
  if (result.type !== 'bool') throw new CelCompileError(`must be a true/false expression, but its type is ${result.type}`);
  // cel-js runs matches() on JavaScript's backtracking RegExp, where one pattern can stall a CI
  // job for minutes: refused in every pack (docs/adr/0001-expression-language.md).
  if (callsMatches(parsed.ast)) {
    throw new CelCompileError('matches() is not allowed in rules: a regular expression can backtrack catastrophically; use enum or set facts');
  }
  return { evaluate: parsed as unknown as CelProgram, reads: collectReads(parsed.ast, (name) => env.hasVariable(name), listPath) };
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split('\n')[0]!.trim();
}

interface AstNode {
  op: string;
  args: unknown;
}

const isNode = (value: unknown): value is AstNode => typeof value === 'object' && value !== null && 'op' in value;

function children(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (value: unknown) => {
    if (isNode(value)) out.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
  };
  visit(node.args);
  return out;
}

/** Maximal member-access chains rooted at a section or at `item`, as fact paths. */
function collectReads(ast: unknown, isVariable: (name: string) => boolean, listPath?: string): string[] {
  const reads = new Set<string>();
  const chain = (node: AstNode): string | undefined => {
    if (node.op === 'id') {
      const name = String(node.args);
      if (name === 'item') return listPath ? `${listPath}[]` : undefined;
      // a macro's own variable (`m` in `list.all(m, ...)`) is not a fact
      return name !== 'now' && isVariable(name) ? name : undefined;
    }
    if (node.op === '.' || node.op === '.?') {
      const [object, field] = node.args as [AstNode, string];
      const base = chain(object);
      return base === undefined ? undefined : `${base}.${field}`;
    }
    return undefined;
  };
  const walk = (node: AstNode, parentIsMember: boolean) => {
    const path = chain(node);
    if (path !== undefined) {
      if (!parentIsMember) reads.add(path);
      if (node.op === 'id') return;
    }
    const member = node.op === '.' || node.op === '.?';
    for (const child of children(node)) walk(child, member && path !== undefined);
  };
  if (isNode(ast)) walk(ast, false);
  return [...reads];
}

function callsMatches(ast: unknown): boolean {
  if (!isNode(ast)) return false;
  const isMatches = (ast.op === 'rcall' || ast.op === 'call') && Array.isArray(ast.args) && ast.args[0] === 'matches';
  return isMatches || children(ast).some(callsMatches);
}
