import type { BuiltInSnapshot } from './builtin-snapshot.js';

/**
 * Nothing in the source. The build replaces this module with one that returns the built-in
 * snapshot (scripts/write-builtin-snapshot.ts), so the bundles start without parsing YAML; run
 * from source, the rules are parsed as written.
 */
export function bundledSnapshot(): BuiltInSnapshot | undefined {
  return undefined;
}
