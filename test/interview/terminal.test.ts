import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, tempDir } from '../helpers.js';

/**
 * Gives a command a real pseudo-terminal (python3's pty module: no native addon to compile),
 * types each keystroke once the command has drawn its answer to the last one and the screen
 * has been still for a moment, then presses Enter the same way until the command exits.
 * Everything is bounded by a deadline.
 */
const PTY_DRIVER = String.raw`
import fcntl, json, os, pty, select, signal, struct, sys, termios, time
argv, keys, cwd = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(cwd)
    os.execvpe(argv[0], argv, dict(os.environ, TERM="xterm-256color", NO_COLOR="1", COLUMNS="100", LINES="40"))
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
deadline = time.time() + float(sys.argv[4])
screen = b""
def settle(quiet=0.2):
    # wait for the answer to the last keystroke to be drawn, then for the screen to be still
    global screen
    last = None
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            screen += chunk
            last = time.time()
        elif last is not None and time.time() - last >= quiet:
            return True
    return False
alive = True
for key in keys:
    alive = settle()
    if not alive:
        break
    os.write(fd, key.encode())
while alive and time.time() < deadline:
    alive = settle()
    if alive:
        os.write(fd, b"\r")
if time.time() >= deadline:
    os.kill(pid, signal.SIGKILL)
_, status = os.waitpid(pid, 0)
sys.stdout.write(screen.decode("utf-8", "replace"))
sys.stderr.write(str(os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1))
`;

function inTerminal(args: string[], keys: string[], cwd: string, seconds = 60): { code: number; screen: string } {
  const run = spawnSync('python3', ['-c', PTY_DRIVER, JSON.stringify([process.execPath, BIN, ...args]), JSON.stringify(keys), cwd, String(seconds)], {
    encoding: 'utf8',
    timeout: (seconds + 10) * 1000,
  });
  return { code: Number(run.stderr.trim().split('\n').at(-1)), screen: run.stdout };
}

const UP = '\u001b[A';
const ENTER = '\r';

interface Report {
  score: number;
  coverage: number;
  achieved: { level: number };
  results: { id: string; status: string; items?: { name: string; status: string }[] }[];
}

const auditJson = (file: string, cwd: string) => {
  const run = cli(['audit', file, '--format', 'json', '--date', '2026-11-25'], { cwd });
  return JSON.parse(run.stdout) as Report;
};

describe('readiness interview in a real terminal', () => {
  it('is answered with arrow keys, typing and Enter, and writes a manifest that audits as the answers say', () => {
    const dir = join(tempDir(), 'demo');
    mkdirSync(dir);
    const keys = [
      UP, UP, ENTER,            // profile: production → prototype
      'demo-app', ENTER,        // project name, typed over the folder's name
      UP, UP, ENTER,            // stores data: yes
      UP, UP, UP, ENTER,        // runtime: paas
      UP, UP, ENTER,            // datastores: add one…
      'orders-db', ENTER,       // …named orders-db
      ENTER,                    // no more datastores
      UP, UP, ENTER,            // orders-db holds primary data: yes
      UP, ENTER,                // orders-db is backed up: no
      UP, UP, ENTER,            // unhandled errors are logged: yes
      UP, UP, UP, UP, ENTER,    // logs go to: stdout
      UP, ENTER,                // secrets in the repository: no
      UP, UP, ENTER,            // lockfile: yes
      // then Enter for everything else: "don't know", and "write it" at the summary
    ];
    const run = inTerminal(['interview'], keys, dir);
    expect(run.code, run.screen).toBe(0);
    // what the person read, without the terminal's cursor movements and line wrapping
    const read = run.screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\s+/g, ' ');
    expect(read).toContain('Project · question 1 of');
    expect(read).toMatch(/Datastores › orders-db \(1 of 1\) · question \d+ of \d+/);
    expect(read).toContain('Why: REC-001 Every store holding primary data is backed up automatically');
    expect(read).toContain('Your answers:');
    expect(read).toContain('readiness · demo-app · prototype profile');

    const written = readFileSync(join(dir, 'readiness.yaml'), 'utf8');
    expect(existsSync(join(dir, '.readiness.yaml.draft'))).toBe(false);
    writeFileSync(join(dir, 'expected.yaml'), [
      'version: 1',
      'project: { name: demo-app, profile: prototype }',
      'context: { stores_data: true, runtime: paas }',
      'datastores:',
      '  - { name: orders-db, primary_data: true, backup: false }',
      'observability: { logs: { unhandled_errors: true, destination: stdout } }',
      'security: { secrets_in_repo: false, lockfile: true }',
    ].join('\n'));
    const actual = auditJson('readiness.yaml', dir);
    expect(outcome(actual)).toEqual(outcome(auditJson('expected.yaml', dir)));
    const status = (id: string) => actual.results.find((r) => r.id === id)!;
    expect(status('OBS-001').status).toBe('pass');
    expect(status('SEC-001').status).toBe('pass');
    expect(status('REC-001').items).toEqual([expect.objectContaining({ name: 'orders-db', status: 'fail' })]);
    expect(status('SEC-003').status).toBe('unknown');
    expect(written).toMatch(/^ {2}parameterized_queries: ~$/m);
  }, 90_000);
});

describe('readiness interview without a terminal', () => {
  it('refuses at once with one line and exit 2 when stdin is not a terminal', () => {
    const dir = tempDir();
    const started = Date.now();
    const run = cli(['interview'], { cwd: dir, input: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('readiness: the interview needs a terminal; in scripts and CI pass --answers <file>, or start from `readiness init`\n');
    expect(run.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(existsSync(join(dir, 'readiness.yaml'))).toBe(false);
  });
});

/** What an audit concluded, rule by rule and item by item (not where each fact was written). */
function outcome(report: Report) {
  return {
    score: report.score,
    coverage: report.coverage,
    level: report.achieved.level,
    results: Object.fromEntries(report.results.map((r) => [r.id, [r.status, ...(r.items ?? []).map((i) => `${i.name}:${i.status}`)].join(' ')])),
  };
}
