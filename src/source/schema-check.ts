import type { Ajv as AjvClass, ErrorObject, SchemaObject, ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { ReadinessError, type ErrorKind } from '../errors.js';
import { requireWhenUsed } from '../require-when-used.js';
import { positionAt, type YamlSource } from './yaml-source.js';

export type Validator = ValidateFunction;

// verbose: errors carry their parent schema, which the did-you-mean needs.
export const AJV_OPTIONS = { allErrors: true, strict: false, allowUnionTypes: true, verbose: true } as const;

/** Compiles a JSON Schema once; `checkAgainstSchema` then reports against a YAML source. */
export function compileSchema(schema: SchemaObject): Validator {
  // an audit with the built-in rules runs on the validator compiled at build time (ADR 0003) and
  // never needs ajv's compiler, the largest module of the bundle
  const { Ajv } = requireWhenUsed('ajv') as { Ajv: typeof AjvClass };
  return new Ajv(AJV_OPTIONS).compile(schema);
}

/**
 * Throws the most useful schema violation as one positioned error. An unknown key comes with
 * a did-you-mean among the keys allowed at that place, since a typo must never silently
 * drop a fact.
 */
export function checkAgainstSchema(source: YamlSource, value: unknown, validate: Validator, kind: ErrorKind): void {
  if (validate(value)) return;
  const error = mostSpecific(validate.errors ?? []);
  const path = pointerToPath(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const allowed = allowedKeys(error.parentSchema);
    const suggestion = suggest(key, allowed);
    const where = path.length ? ` in ${path.join('.')}` : '';
    throw new ReadinessError(kind, `unknown key "${key}"${where}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      positionAt(source, [...path, key], true),
      suggestion ? undefined : allowed.length ? `allowed here: ${allowed.join(', ')}` : undefined);
  }
  throw new ReadinessError(kind, describe(error, path), positionAt(source, path));
}

export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates as string[]);
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

// With allErrors, an enum mismatch also reports the failing anyOf/oneOf around it: the deepest,
// most concrete error is the one a user can act on.
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  const concrete = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword));
  const pool = concrete.length ? concrete : errors;
  return pool.reduce((best, e) => (e.instancePath.length > best.instancePath.length ? e : best), pool[0]!);
}

function describe(error: ErrorObject, path: (string | number)[]): string {
  const subject = path.length ? `"${path.join('.')}"` : 'the document';
  switch (error.keyword) {
    case 'required':
      return `${subject} is missing the required key "${error.params.missingProperty}"`;
    case 'enum':
      return `${subject} must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      return `${subject} must be ${article(String(error.params.type))}`;
    default:
      return `${subject} ${error.message ?? 'is invalid'}`;
  }
}

function article(type: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'text', boolean: 'true or false',
    integer: 'a whole number', number: 'a number', null: 'empty' };
  return type.split(',').map((t) => names[t] ?? t).join(' or ');
}

function allowedKeys(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, unknown> })?.properties;
  return props ? Object.keys(props) : [];
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
