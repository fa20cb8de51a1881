import { join } from 'node:path';
import { FIXTURES } from '../helpers.js';
import type { ScanResult } from '../../src/scan/types.js';

export const SCAN_FIXTURES = join(FIXTURES, 'scan');

/** Every place that shows `path = value`, as `file:line`. */
export function placesOf(result: ScanResult, path: string, value: unknown): string[] {
  return result.facts
    .filter((f) => f.path === path && JSON.stringify(f.value) === JSON.stringify(value))
    .flatMap((f) => f.evidence.map((e) => `${e.file}:${e.line}`));
}

/** The values found for a fact path. */
export function valuesOf(result: ScanResult, path: string): unknown[] {
  return result.facts.filter((f) => f.path === path).map((f) => f.value);
}

export function signalsOf(result: ScanResult): string[] {
  return result.signals.map((s) => `${s.file}:${s.line} ${s.signal}`);
}
