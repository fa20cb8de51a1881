import type { FactDefinition } from '../rules/types.js';
import { PROFILES } from './types.js';
import { compareText } from '../compare.js';

type JsonSchema = Record<string, unknown>;

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const text = { type: 'string', minLength: 1 };
const RULE_ID = { type: 'string', pattern: '^[A-Z][A-Z0-9]*-\\d{3}$', description: 'A rule id, e.g. RES-002.' };

/**
 * The manifest's JSON Schema, generated from the fact definitions: the same source feeds
 * validation, editor completion (`readiness schema`) and the interview's questions.
 */
export function manifestSchema(facts: ReadonlyMap<string, FactDefinition>): JsonSchema {
  const sections: Record<string, JsonSchema> = {};
  for (const fact of [...facts.values()].sort((a, b) => compareText(a.path, b.path))) {
    if (fact.path.includes('[]')) continue;
    place(sections, fact.path.split('.'), factSchema(fact, facts));
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://readiness.dev/schema/manifest-v1.json',
    title: 'readiness manifest',
    description: 'What a project declares about itself for `readiness audit`.',
    type: 'object',
    additionalProperties: false,
    required: ['version', 'project'],
    properties: {
      version: { const: 1, description: 'Manifest format version.' },
      project: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'profile'],
        properties: {
          name: { ...text, description: 'The project or service name.' },
          profile: { enum: [...PROFILES], description: 'What the project is; sets the target level: prototype 1, internal 2, production 3, critical 4.' },
          owner: { ...text, description: 'The team or person accountable for it.' },
          description: { ...text, description: 'One or two sentences on what it does.' },
          metadata: { type: 'object', description: 'Free-form: client, assessor, repository, anything a report should carry.' },
        },
      },
      extends: {
        type: 'array',
        description: 'Rule-pack directories to add, relative to this file.',
        items: { type: 'string', minLength: 1 },
      },
      disable: {
        type: 'array',
        description: 'Rules that do not fit this project, each with the reason the report shows.',
        items: {
          type: 'object', additionalProperties: false, required: ['rule', 'reason'],
          properties: { rule: RULE_ID, reason: { ...text, description: 'Why the rule does not apply here.' } },
        },
      },
      overrides: {
        type: 'array',
        description: 'Rules weighed differently for this project, each with the reason the report shows.',
        items: {
          type: 'object', additionalProperties: false, required: ['rule', 'reason'], minProperties: 3,
          properties: {
            rule: RULE_ID,
            severity: { enum: ['critical', 'high', 'medium', 'low'] },
            level: { enum: [1, 2, 3, 4] },
            reason: { ...text, description: 'Why this project weighs the rule differently.' },
          },
        },
      },
      ...sections,
      waivers: {
        type: 'array',
        description: 'Accepted risks: each holds until its expiry date, at most a year ahead.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['rule', 'reason', 'owner', 'expires'],
          properties: {
            rule: RULE_ID,
            item: { ...text, description: 'For a per-item rule: the name of the item waived (all items when omitted).' },
            reason: { ...text, description: 'Why the risk is accepted.' },
            owner: { ...text, description: 'Who accepted it.' },
            expires: { type: 'string', pattern: DATE_PATTERN, description: 'YYYY-MM-DD; the waiver lapses after this day.' },
            ticket: { ...text, description: 'Tracking ticket for the fix.' },
            approver: { ...text, description: 'Who approved the waiver.' },
          },
        },
      },
    },
  };
}

function factSchema(fact: FactDefinition, facts: ReadonlyMap<string, FactDefinition>): JsonSchema {
  const description = fact.help ? `${fact.question} ${fact.help}` : fact.question;
  const nullable = (schema: JsonSchema): JsonSchema => ({ ...schema, description });
  const bounds = { ...(fact.minimum !== undefined && { minimum: fact.minimum }), ...(fact.maximum !== undefined && { maximum: fact.maximum }) };
  switch (fact.type) {
    case 'boolean': return nullable({ type: ['boolean', 'null'] });
    case 'integer': return nullable({ type: ['integer', 'null'], ...bounds });
    case 'number': return nullable({ type: ['number', 'null'], ...bounds });
    case 'string': return nullable({ type: ['string', 'null'] });
    case 'enum': return nullable({ enum: [...fact.choices!, null] });
    case 'set': return nullable({ type: ['array', 'null'], uniqueItems: true, items: { enum: fact.choices } });
    case 'date': return nullable({ type: ['string', 'null'], pattern: DATE_PATTERN });
    case 'list': {
      const item: Record<string, JsonSchema> = {};
      const prefix = `${fact.path}[].`;
      for (const field of facts.values()) {
        const rest = field.path.startsWith(prefix) ? field.path.slice(prefix.length) : undefined;
        if (rest !== undefined && !rest.includes('[]')) place(item, rest.split('.'), factSchema(field, facts));
      }
      const name = item.name as JsonSchema | undefined;
      if (name) item.name = { ...name, type: 'string', minLength: 1 };
      return { type: ['array', 'null'], description, items: { type: 'object', additionalProperties: false, required: ['name'], properties: item } };
    }
  }
}

function place(target: Record<string, JsonSchema>, segments: string[], schema: JsonSchema): void {
  const [head, ...rest] = segments;
  if (rest.length === 0) {
    target[head!] = schema;
    return;
  }
  const node = (target[head!] ??= { type: 'object', additionalProperties: false, properties: {} }) as { properties: Record<string, JsonSchema> };
  place(node.properties, rest, schema);
}
