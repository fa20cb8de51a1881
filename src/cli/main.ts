import { Command, CommanderError, Option } from 'commander';
import { formatError, ReadinessError } from '../errors.js';
import { PROFILES } from '../manifest/types.js';
import { REPORT_FORMATS } from '../report/formats.js';
import { SEVERITIES } from '../scoring/model.js';
import { VERSION } from '../version.js';
import type { AuditFlags } from './commands/audit.js';
import type { InitFlags } from './commands/init.js';
import type { InterviewFlags } from './commands/interview.js';
import type { ScanFlags } from './commands/scan.js';
import { EXIT } from './exit.js';
import { processIo, type CliIo } from './io.js';
import { collect, parseCount, parseDay, parseLevel, parseProfile, parseScore, parseSeverity } from './options.js';


const AUDIT_EXAMPLES = `
Examples:
  $ readiness audit                                    audit ./readiness.yaml
  $ readiness audit examples/saas-api.yaml --min-level target
  $ readiness audit --format json -o report.json       JSON to a file, text on the terminal
  $ readiness audit --min-score 70 --fail-on critical  CI gate: exit 1 below 70 or on a critical gap
  $ readiness audit 'services/*/readiness.yaml'        a portfolio: summary table, then each project
  $ readiness audit --baseline last.json --no-regression   ratchet: exit 1 on any drop

Exit codes: 0 every gate passed, 1 a gate failed, 2 usage or input error (nothing evaluated), 130 interrupted.`;

/** `--rules <dir>`, which every command that loads rules takes. */
const rulesOption = () => new Option('--rules <dir>', 'add a rule pack directory; repeatable').argParser(collect);

/** Runs the command line and returns the exit code; never calls process.exit itself. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const debug = argv.includes('--debug');
  const program = new Command('readiness')
    .description('Audit a project\'s engineering maturity against what its profile needs.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces and timings')
    .option('-q, --quiet', 'print only errors and gate failures')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`readiness: ${text.replace(/^error: /, '')}`),
    })
    .addHelpText('after', `
Examples:
  $ readiness init --profile production      write a commented starter readiness.yaml
  $ readiness audit                          audit ./readiness.yaml
  $ readiness explain RES-002                why a rule matters and how to fix it

Exit codes: 0 every gate passed, 1 a gate failed, 2 usage or input error, 130 interrupted.`);
  const global = () => program.opts<{ debug?: boolean; quiet?: boolean }>();

  program.command('audit')
    .description('score a manifest against the rules')
    .argument('[manifests...]', 'manifests or globs to audit (default readiness.yaml); several make a portfolio')
    .addOption(new Option('--profile <profile>', 'audit against another profile than the manifest\'s').argParser(parseProfile))
    .addOption(new Option('-f, --format <format>', `report format: ${REPORT_FORMATS.join(', ')}`).default('text'))
    .option('-o, --output <target>', 'write the report to a file: <path> (in --format) or <format>=<path>; repeatable', collect)
    .option('--min-score <0-100>', 'gate: exit 1 below this score', parseScore)
    .option('--min-level <level>', 'gate: exit 1 below this level (1-4 or "target")', parseLevel)
    .addOption(new Option('--fail-on <severity>', `gate: exit 1 if any rule in scope of this severity or worse fails or is unknown (${SEVERITIES.join(', ')})`).argParser(parseSeverity))
    .addOption(rulesOption())
    .option('--no-waivers', 'ignore every waiver: the gate sees the raw result')
    .option('--date <YYYY-MM-DD>', 'audit as of this day (default: today)', parseDay)
    .option('--baseline <report.json>', 'compare with an earlier JSON report (single or portfolio)')
    .option('--no-regression', 'gate: exit 1 on any drop against the baseline')
    .option('--scan [dir]', 'add evidence from the repository (default: the manifest\'s folder); never runs anything in it')
    .option('--client <name>', 'report metadata: the client (default: project.metadata.client)')
    .option('--assessor <name>', 'report metadata: who assessed (default: project.metadata.assessor)')
    .option('--report-date <YYYY-MM-DD>', 'report metadata: the date printed on the report (default: the audit date)', parseDay)
    .addHelpText('after', AUDIT_EXAMPLES)
    .action(async (manifests: string[], flags: AuditFlags) => {
      exitCode = await (await import('./commands/audit.js')).runAudit(manifests, { ...flags, quiet: global().quiet ?? false, debug: global().debug ?? false }, io);
    });

  program.command('init')
    .description('write a commented starter manifest for a profile')
    .argument('[file]', 'where to write it ("-" for standard output)', 'readiness.yaml')
    .addOption(new Option('--profile <profile>', `one of: ${PROFILES.join(', ')}`).argParser(parseProfile).default('production'))
    .option('--name <name>', 'project name (default: the current folder\'s name)')
    .option('--force', 'replace an existing file')
    .addOption(rulesOption())
    .action(async (file: string, flags: InitFlags) => {
      exitCode = (await import('./commands/init.js')).runInit(file, flags, io);
    });

  program.command('interview')
    .description('answer questions about the project, write its manifest and print the report')
    .option('-o, --output <path>', 'where to write the manifest', 'readiness.yaml')
    .option('--from <manifest>', 'start from an existing manifest: its answers become the defaults, its comments stay')
    .option('--resume', 'continue an interrupted interview from its draft')
    .option('--answers <file>', 'answer from a YAML or JSON file of fact paths, without a terminal')
    .option('--force', 'replace an existing manifest without asking')
    .addOption(new Option('--profile <profile>', `the profile, not asked: one of ${PROFILES.join(', ')}`).argParser(parseProfile))
    .addOption(rulesOption())
    .option('--date <YYYY-MM-DD>', 'judge dated answers as of this day (default: today)', parseDay)
    .action(async (flags: InterviewFlags) => {
      exitCode = await (await import('./commands/interview.js')).runInterview(flags, io);
    });

  const rules = program.command('rules').description('list or validate rule packs');
  rules.command('list')
    .description('list the rules')
    .addOption(new Option('-f, --format <format>', 'text or json').default('text'))
    .addOption(rulesOption())
    .action(async (flags: { format: string; rules?: string[] }) => {
      exitCode = (await import('./commands/rules.js')).runRulesList(flags, io);
    });
  rules.command('validate')
    .description('check a rule pack: schema, facts, expressions, and every rule against its examples')
    .argument('<dir>', 'the pack directory (with pack.yaml)')
    .option('--standalone', 'validate the pack alone, without the built-in rules')
    .action(async (dir: string, flags: { standalone?: boolean }) => {
      exitCode = (await import('./commands/rules.js')).runRulesValidate(dir, flags, io);
    });

  program.command('scan')
    .description('list the facts the repository shows, each with its file and line; runs nothing in it')
    .argument('[dir]', 'the repository to scan', '.')
    .addOption(new Option('-f, --format <format>', 'text or json').default('text'))
    .option('--write-manifest <path>', 'draft a manifest from what was found (never overwrites)')
    .addOption(new Option('--profile <profile>', `profile of the draft: ${PROFILES.join(', ')}`).argParser(parseProfile).default('production'))
    .option('--max-files <n>', 'list at most this many files (default 200000)', parseCount)
    .addOption(rulesOption())
    .action(async (dir: string, flags: ScanFlags) => {
      exitCode = await (await import('./commands/scan.js')).runScan(dir, flags, io);
    });

  program.command('explain')
    .description('show what a rule checks, why, and how to fix it')
    .argument('<rule-id>')
    .addOption(rulesOption())
    .action(async (id: string, flags: { rules?: string[] }) => {
      exitCode = (await import('./commands/explain.js')).runExplain(id, flags, io);
    });

  program.command('schema')
    .description('print the JSON Schema of the manifest')
    .addOption(rulesOption())
    .action(async (flags: { rules?: string[] }) => {
      exitCode = (await import('./commands/schema.js')).runSchema(flags, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      return benign ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ReadinessError) {
      io.stderr(`${formatError(error)}\n`);
      if (debug && error.stack) io.stderr(`${error.stack}\n`);
      return EXIT.usage;
    }
    // A bug of readiness itself: still one line, the trace only on request.
    io.stderr(`readiness: internal error: ${(error as Error).message ?? String(error)}\n`);
    if (debug) io.stderr(`${(error as Error).stack ?? ''}\n`);
    else io.stderr('  hint: run again with --debug for a stack trace, and report it\n');
    return EXIT.usage;
  }
}

/** The process entry point: the only place that sets the exit code. */
export async function main(): Promise<void> {
  process.on('SIGINT', () => {
    process.stderr.write('\nreadiness: interrupted\n');
    process.exit(EXIT.interrupted);
  });
  const code = await run(process.argv.slice(2), processIo());
  process.exitCode = code;
}
