import { basename } from 'node:path';
import { starterManifest } from '../../manifest/starter.js';
import type { Profile } from '../../manifest/types.js';
import { loadRuleSet } from '../../rules/load-rule-set.js';
import { checkNewFile, writeFileSafely, type CliIo } from '../io.js';

export interface InitFlags {
  profile: Profile;
  name?: string;
  force?: boolean;
  rules?: string[];
}

/** `readiness init [file]`: a commented starter manifest; never overwrites without --force. */
export function runInit(file: string, flags: InitFlags, io: CliIo): number {
  const ruleSet = loadRuleSet(flags.rules ?? []);
  const text = starterManifest(ruleSet, flags.profile, flags.name ?? basename(io.cwd));
  if (file === '-') {
    io.stdout(text);
    return 0;
  }
  checkNewFile(file, io.cwd, { replace: flags.force, hint: 'pass --force to replace it, or name another file' });
  writeFileSafely(file, text, io.cwd);
  io.stderr(`readiness: wrote ${file} for the ${flags.profile} profile; fill it in, then run: readiness audit ${file}\n`);
  return 0;
}
