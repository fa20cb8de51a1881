import { CATEGORY_IDS } from './categories.js';

const text = { type: 'string', minLength: 1 };
const FACT_PATH = '^[a-z][a-z0-9_]*(\\[\\])?(\\.[a-z][a-z0-9_]*(\\[\\])?)*$';

const example = {
  type: 'object',
  additionalProperties: false,
  required: ['facts'],
  properties: {
    facts: { type: 'object' },
    now: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    note: text,
  },
};

export const PACK_MANIFEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?$' },
    description: text,
  },
};

export const PACK_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    category: { enum: CATEGORY_IDS },
    facts: {
      type: 'object',
      propertyNames: { pattern: FACT_PATH },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'question'],
        properties: {
          type: { enum: ['boolean', 'integer', 'number', 'string', 'enum', 'set', 'date', 'list'] },
          question: text,
          help: text,
          choices: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]*$' } },
          unit: text,
          minimum: { type: 'number' },
          maximum: { type: 'number' },
        },
      },
    },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'level', 'severity', 'check', 'rationale', 'remediation', 'references', 'examples'],
        properties: {
          id: { type: 'string', pattern: '^[A-Z][A-Z0-9]*-\\d{3}$' },
          title: text,
          level: { enum: [1, 2, 3, 4] },
          severity: { enum: ['critical', 'high', 'medium', 'low'] },
          check: text,
          applies_when: text,
          for_each: { type: 'string', pattern: FACT_PATH },
          level_reason: text,
          rationale: text,
          remediation: text,
          references: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['title', 'url'],
              properties: { id: text, title: text, url: { type: 'string', pattern: '^https?://' } },
            },
          },
          examples: {
            type: 'object',
            additionalProperties: false,
            required: ['pass', 'fail'],
            properties: {
              pass: { type: 'array', minItems: 1, items: example },
              fail: { type: 'array', minItems: 1, items: example },
            },
          },
        },
      },
    },
  },
  if: { required: ['rules'] },
  then: { required: ['category'] },
};
