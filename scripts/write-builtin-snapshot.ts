// Run by scripts/build.mjs: parses the built-in pack once and precompiles the manifest's
// validator, so that an audit starts without parsing 6,000 lines of YAML or generating code.
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestSchema } from '../src/manifest/schema.js';
import { hashPackFiles, rebasePack, SNAPSHOT_PACK, SNAPSHOT_VALIDATOR } from '../src/rules/builtin-snapshot.js';
import { parseRulePack, readPackFiles } from '../src/rules/load-pack.js';
import { builtInRulesDir, builtInSnapshotDir } from '../src/rules/load-rule-set.js';
import { buildRuleSet } from '../src/rules/rule-set.js';
import { AJV_OPTIONS } from '../src/source/schema-check.js';

const files = readPackFiles(builtInRulesDir());
const pack = parseRulePack(files.dir, files.manifest, files.files);
const ruleSet = buildRuleSet([pack]); // fails the build on a broken built-in pack
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
const validate = ajv.compile(manifestSchema(ruleSet.facts));

const dir = builtInSnapshotDir();
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, SNAPSHOT_PACK), JSON.stringify({ hash: hashPackFiles(files), pack: rebasePack(pack, files.dir, '') }));
writeFileSync(join(dir, SNAPSHOT_VALIDATOR), standalone.default(ajv, validate));
