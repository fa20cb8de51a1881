import { InvalidArgumentError } from 'commander';
import { PROFILES, type Profile } from '../manifest/types.js';
import { parseDate } from '../dates.js';
import type { Severity } from '../rules/types.js';
import { SEVERITIES } from '../scoring/model.js';

/** Parsers for flag values: a bad value is a usage error (exit 2) before anything runs. */
export function parseScore(value: string): number {
  const score = Number(value);
  if (value.trim() === '' || !Number.isFinite(score) || score < 0 || score > 100) {
    throw new InvalidArgumentError('must be a number from 0 to 100.');
  }
  return score;
}

export function parseLevel(value: string): number | 'target' {
  if (value === 'target') return value;
  if (!/^[1-4]$/.test(value)) throw new InvalidArgumentError('must be 1, 2, 3, 4 or "target".');
  return Number(value);
}

export function parseSeverity(value: string): Severity {
  if (!SEVERITIES.includes(value as Severity)) throw new InvalidArgumentError(`must be one of: ${SEVERITIES.join(', ')}.`);
  return value as Severity;
}

export function parseProfile(value: string): Profile {
  if (!PROFILES.includes(value as Profile)) throw new InvalidArgumentError(`must be one of: ${PROFILES.join(', ')}.`);
  return value as Profile;
}

export function parseDay(value: string): Date {
  const date = parseDate(value);
  if (!date) throw new InvalidArgumentError('must be a date, YYYY-MM-DD.');
  return date;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseCount(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a whole number above 0.');
  return Number(value);
}
