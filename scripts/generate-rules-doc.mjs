// npm run docs:rules — regenerates docs/rules.md from the rule packs (needs a build first).
import { writeFileSync } from 'node:fs';
import { loadRuleSet, renderRulesReference } from '../dist/index.js';

writeFileSync('docs/rules.md', renderRulesReference(loadRuleSet()));
