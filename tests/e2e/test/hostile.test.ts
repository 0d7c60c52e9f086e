// Hostile services against the native engine (in its sandbox): a unit test that never ends and
// leaves a background process, a service that floods its output, and what the sandbox lets the
// target see. The verifier must end within its deadlines, kill everything the step started,
// report instead of crash, and exit as soon as its result is printed.
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatorCli } from './support/bins.js';
import { bwrapWorks, hostileService, processesWith, type Hostility } from './support/hostile.js';
import { poll } from './support/wait.js';

const sandbox = bwrapWorks();
const python = spawnSync('sh', ['-c', 'command -v python3']).status === 0 ? null : 'no python3 on PATH';
const reason = sandbox ?? python;
if (reason && !process.env.CI) console.warn(`SKIP hostile services on the native engine: ${reason}`);

async function verify(h: Hostility, args: string[], env: Record<string, string> = {}) {
  const marker = `hostile-${randomBytes(6).toString('hex')}`;
  const dir = hostileService(marker, h);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-tmp-'));
  const child = spawn(
    process.execPath,
    [validatorCli, 'service', dir, '--engine', 'native', '--format', 'json', ...args],
    { env: { ...process.env, TMPDIR: tmp, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  await poll(() => processesWith(marker).length === 0, 10_000);
  const leftovers = [...processesWith(marker), ...fs.readdirSync(tmp).map((e) => `temp: ${e}`)];
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, stdout, stderr, leftovers, json: JSON.parse(stdout || '{}') as Record<string, unknown> };
}

describe.skipIf(reason !== null && !process.env.CI)('hostile services, native engine', () => {
  it('a unit test that never ends: its step is killed at the deadline, exit 2, nothing left', async () => {
    if (reason) throw new Error(`${reason} — required because CI=true`);
    const r = await verify({ testSleeps: 3600 }, ['--timeout', '30']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('build (native) did not finish within its deadline');
    expect(r.json.error).toMatch(/did not finish within its deadline/);
    const steps = r.json.steps as { name: string; ok: boolean }[];
    expect(steps.find((s) => s.name === 'build (native)')?.ok).toBe(false);
    expect(steps.find((s) => s.name === 'cleanup')?.ok).toBe(true);
    expect(r.leftovers).toEqual([]);
  });

  it('a service that floods stdout is verified, and the process exits once the result is out', async () => {
    if (reason) throw new Error(`${reason} — required because CI=true`);
    // --timeout 3600: a timer left running would keep the process alive for an hour.
    const r = await verify({ prints: 64 * 2 ** 20 }, ['--timeout', '3600', '--grace', '10']);
    expect(r.stderr).not.toMatch(/RangeError|at .*\.js:\d+/);
    expect(r.json.ok, r.stdout).toBe(true);
    expect(r.code).toBe(0);
    expect(r.leftovers).toEqual([]);
  });

  it('the target sees a minimal environment, a private /tmp, a read-only host, and uid 65532', async () => {
    if (reason) throw new Error(`${reason} — required because CI=true`);
    const marker = `hostile-${randomBytes(6).toString('hex')}`;
    const dir = hostileService(marker, {});
    // The unit test writes what it sees next to itself, in the throwaway copy... which is removed:
    // so it writes it into the failure message instead, and fails on purpose.
    fs.writeFileSync(
      path.join(dir, 'tests', 'test_hostile.py'),
      [
        'import os, socket, unittest',
        'class Probe(unittest.TestCase):',
        '    def test_probe(self):',
        '        seen = {"uid": os.getuid(), "token": os.environ.get("CI_SECRET_TOKEN"),',
        '                "tmp": sorted(os.listdir("/tmp")), "home": os.environ.get("HOME")}',
        '        try:',
        '            open("/etc/hostile-write", "w")',
        '            seen["wrote_etc"] = True',
        '        except OSError:',
        '            seen["wrote_etc"] = False',
        '        self.fail("SEEN " + repr(seen))',
        '',
      ].join('\n'),
    );
    // In the host's /tmp itself: TMPDIR may be a folder below it (the test run's own).
    fs.writeFileSync(path.join('/tmp', `${marker}-host-tmp`), 'x');
    const child = spawnSync(
      process.execPath,
      [validatorCli, 'service', dir, '--engine', 'native', '--format', 'json', '--timeout', '120'],
      { encoding: 'utf8', env: { ...process.env, CI_SECRET_TOKEN: 'do-not-leak' } },
    );
    fs.rmSync(path.join('/tmp', `${marker}-host-tmp`), { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(child.stderr).toContain('--engine native runs the service');
    const seen = /SEEN (\{.*\})/.exec(child.stdout)?.[1];
    expect(seen, child.stdout).toBeDefined();
    expect(seen).toContain("'uid': 65532");
    expect(seen).toContain("'token': None");
    // /tmp holds nothing of the host's: only the throwaway root, mounted there when it lives under it
    // (made under TMPDIR: /tmp shows the first folder on its way, the root itself when TMPDIR is /tmp).
    expect(seen).not.toContain(`${marker}-host-tmp`);
    const below = path.relative('/tmp', os.tmpdir());
    const first = below && !below.startsWith('..') ? below.split(path.sep)[0]!.replace(/\W/g, '\\$&') : null;
    expect(seen).toMatch(new RegExp(`'tmp': \\[('${first ?? 'distroless-validate-\\w+'}')?\\]`));
    expect(seen).toContain("'wrote_etc': False");
    expect(child.status).toBe(1);
  });

  it('a verifier killed with SIGKILL leaves its temp folder, and the next verification removes it', async () => {
    if (reason) throw new Error(`${reason} — required because CI=true`);
    const marker = `hostile-${randomBytes(6).toString('hex')}`;
    const dir = hostileService(marker, { testSleeps: 3600 });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-tmp-'));
    const env = { ...process.env, TMPDIR: tmp };
    const killed = spawn(process.execPath, [validatorCli, 'service', dir, '--engine', 'native'], {
      env,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => killed.on('exit', resolve));
    // The build is under way once the unit test's sleeper runs: SIGKILL, so no cleanup of its own runs.
    expect(await poll(() => processesWith(marker).length > 0, 300_000)).toBe(true);
    killed.kill('SIGKILL');
    await exited;
    // The sandbox's processes go with it (bwrap --die-with-parent); its throwaway root stays, marked.
    expect(await poll(() => processesWith(marker).length === 0, 10_000)).toBe(true);
    const stale = fs.readdirSync(tmp);
    expect(stale).toEqual([expect.stringMatching(/^distroless-validate-\w{6}$/)]);
    const owner = fs.readFileSync(path.join(tmp, stale[0]!, '.distroless-validate-owner'), 'utf8');
    expect(owner).toMatch(new RegExp(`^${killed.pid} \\d+ pid:\\[\\d+\\]\n$`));
    fs.rmSync(dir, { recursive: true, force: true });

    // The next native verification (a well-behaved service) removes it, says so, and leaves nothing.
    const good = hostileService(`${marker}-next`, {});
    const next = spawnSync(process.execPath, [validatorCli, 'service', good, '--engine', 'native', '--grace', '10'], {
      encoding: 'utf8',
      env,
    });
    fs.rmSync(good, { recursive: true, force: true });
    expect(next.stderr).toContain(
      `removed 1 temporary folder(s) of killed verifications: ${path.join(tmp, stale[0]!)}`,
    );
    expect(next.status, next.stderr).toBe(0);
    expect(fs.readdirSync(tmp)).toEqual([]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the service runs with loopback only: it cannot reach a port on the host loopback', async () => {
    if (reason) throw new Error(`${reason} — required because CI=true`);
    let connections = 0;
    const server = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const r = await verify({ connectTo: port }, ['--grace', '10']);
    server.close();
    expect(connections).toBe(0);
    expect(r.json.ok, r.stdout).toBe(true);
    expect(r.code).toBe(0);
  });
});
