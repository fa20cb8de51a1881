import { manifestSchema } from '../../manifest/schema.js';
import { loadRuleSet } from '../../rules/load-rule-set.js';
import type { CliIo } from '../io.js';

/** `readiness schema`: the manifest's JSON Schema, for editors (yaml-language-server) and CI. */
export function runSchema(flags: { rules?: string[] }, io: CliIo): number {
  io.stdout(`${JSON.stringify(manifestSchema(loadRuleSet(flags.rules ?? []).facts), null, 2)}\n`);
  return 0;
}
