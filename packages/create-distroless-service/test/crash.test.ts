// Crash consistency: whatever moment a generation with --force (or an update) is stopped at —
// SIGINT, SIGTERM, SIGKILL — the target ends entirely as it was or entirely new once the next run
// has recovered what a SIGKILL left, with no staging, backup or lock entry left beside it. And two
// runs into one new directory cannot both win.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAnswers, defaults } from '../src/answers.js';
import { generate } from '../src/generate.js';
import { locateTemplates } from '../src/templates.js';
import { recoverTarget } from '../src/write.js';
import { CLI, runCli, snapshot, tempDir } from './support/cli.js';

const LIB = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const RUNS = 50;

/** A snapshot of dir without .git (commit ids hold the time, so two equal runs differ there). */
function tree(dir: string): string {
  const copy = path.join(tempDir('crash-snap-'), 'x');
  fs.cpSync(dir, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => path.basename(src) !== '.git' });
  const fingerprint = snapshot(copy);
  fs.rmSync(path.dirname(copy), { recursive: true, force: true });
  return fingerprint;
}

/** A directory a team already has, with a file the template replaces, its own files, a link. */
function makeOld(dir: string): void {
  fs.mkdirSync(path.join(dir, 'notes'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM mine\n');
  fs.writeFileSync(path.join(dir, 'NOTES.md'), 'keep me\n');
  fs.writeFileSync(path.join(dir, 'notes', 'a.txt'), 'a\n'.repeat(1000));
  fs.symlinkSync('NOTES.md', path.join(dir, 'notes.link'));
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the CLI, sends `signal` after `delayMs`, and resolves when it has exited (bounded). */
function runAndKill(args: string[], cwd: string, signal: NodeJS.Signals, delayMs: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.CI;
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(signal), delayMs);
    const bound = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not exit within 60 s of ${signal}`));
    }, 60_000);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      clearTimeout(bound);
      resolve({ code, signal: sig, stderr });
    });
  });
}

/** Milliseconds one uninterrupted run takes, the range kill delays are drawn from. */
function timed(args: string[], cwd: string): number {
  const start = process.hrtime.bigint();
  const r = runCli(args, { cwd });
  expect(r.code, r.stderr).toBe(0);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe('generate --force, interrupted', () => {
  const ARGS = ['svc', '--lang', 'go', '--yes', '--force'];
  let oldPrint = '';
  let newPrint = '';
  let duration = 0;

  beforeAll(() => {
    const cwd = tempDir('crash-ref-');
    makeOld(path.join(cwd, 'svc'));
    oldPrint = tree(path.join(cwd, 'svc'));
    // The median of three runs: kill moments are spread over all of a run and past its end.
    const runs = [0, 1, 2].map(() => {
      fs.rmSync(path.join(cwd, 'svc'), { recursive: true, force: true });
      makeOld(path.join(cwd, 'svc'));
      return timed(ARGS, cwd);
    });
    duration = runs.sort((a, b) => a - b)[1]!;
    newPrint = tree(path.join(cwd, 'svc'));
    expect(newPrint).not.toBe(oldPrint);
  });

  /** Old or new (with its git repository), and nothing beside it. */
  function outcome(cwd: string): 'old' | 'new' {
    const dir = path.join(cwd, 'svc');
    expect(fs.readdirSync(cwd)).toEqual(['svc']);
    const print = tree(dir);
    expect([oldPrint, newPrint]).toContain(print);
    if (print === oldPrint) {
      expect(fs.existsSync(path.join(dir, '.git'))).toBe(false);
      return 'old';
    }
    const head = spawnSync('git', ['log', '--format=%s'], { cwd: dir, encoding: 'utf8' });
    expect(head.stdout).toBe('Initial commit from create-distroless-service\n');
    return 'new';
  }

  it.each(['staged', 'committed', 'swapped'] as const)(
    'SIGKILL right after the swap step "%s": the next run recovers, old before the commit point, new after',
    (step) => {
      const cwd = tempDir('crash-step-');
      makeOld(path.join(cwd, 'svc'));
      const script = `
        import { generate, checkAnswers } from ${JSON.stringify(LIB)};
        const answers = checkAnswers({ name: 'svc', lang: 'go', description: 'The svc service', owner: 'platform-team', port: 8080, base: 'distroless' });
        await generate({ dir: 'svc', answers, force: true, git: true,
          onStep: (s) => { if (s === ${JSON.stringify(step)}) process.kill(process.pid, 'SIGKILL'); } });
      `;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
      expect(child.signal, child.stderr).toBe('SIGKILL');
      // Between the two renames the target is briefly absent: the journal (the side names) says why.
      expect(fs.existsSync(path.join(cwd, 'svc'))).toBe(step !== 'committed');
      expect(fs.readdirSync(cwd).length).toBeGreaterThan(1);
      // Any later run recovers first; this one then refuses the non-empty target.
      const next = runCli(['svc', '--lang', 'go', '--no-git'], { cwd });
      expect(next.code).toBe(2);
      expect(next.stderr).toContain('is not empty');
      expect(outcome(cwd)).toBe(step === 'staged' ? 'old' : 'new');
    },
  );

  it.each([
    ['SIGINT', RUNS],
    ['SIGKILL', RUNS],
    ['SIGTERM', 20],
  ] as const)('%s at random moments, %i runs: each ends old or new, nothing left beside', async (signal, runs) => {
    const counts = { old: 0, new: 0, recovered: 0, absentBeforeRecovery: 0 };
    for (let i = 0; i < runs; i++) {
      const cwd = tempDir('crash-loop-');
      makeOld(path.join(cwd, 'svc'));
      // Stratified: run i is killed somewhere in the i-th slice of 0 .. 1.5 x a run's duration.
      const delay = ((i + Math.random()) / runs) * duration * 1.5;
      const exit = await runAndKill(ARGS, cwd, signal, delay);
      if (signal !== 'SIGKILL') {
        // Killed before the handlers were in place (start-up), stopped before writing, done in full.
        if (exit.signal === signal) expect(tree(path.join(cwd, 'svc'))).toBe(oldPrint);
        else if (exit.code === 0) expect(tree(path.join(cwd, 'svc'))).toBe(newPrint);
        else {
          expect(exit.code, exit.stderr).toBe(signal === 'SIGINT' ? 130 : 143);
          const written = /written completely/.test(exit.stderr);
          expect(written || /nothing was written/.test(exit.stderr), exit.stderr).toBe(true);
          expect(tree(path.join(cwd, 'svc'))).toBe(written ? newPrint : oldPrint);
        }
        expect(fs.readdirSync(cwd)).toEqual(['svc']);
      }
      if (!fs.existsSync(path.join(cwd, 'svc'))) counts.absentBeforeRecovery++;
      if (recoverTarget(path.join(cwd, 'svc'))) counts.recovered++;
      counts[outcome(cwd)]++;
      fs.rmSync(cwd, { recursive: true, force: true });
    }
    console.log(`kill loop, ${signal}: ${JSON.stringify(counts)} (delays 0-${Math.round(duration * 1.5)} ms)`);
    expect(counts.old + counts.new).toBe(runs);
  });
});

describe('a new target is claimed by one run', () => {
  it('two generations started together into one new directory: one wins whole, the other exits 2', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const cwd = tempDir('crash-race-');
      const [go, python] = await Promise.all([
        runAndKill(['svc', '--lang', 'go', '--yes', '--no-git'], cwd, 'SIGKILL', 60_000),
        runAndKill(['svc', '--lang', 'python', '--yes', '--no-git'], cwd, 'SIGKILL', 60_000),
      ]);
      expect([go.code, python.code].sort()).toEqual([0, 2]);
      const loser = go.code === 2 ? go : python;
      expect(loser.stderr).toMatch(/is not empty|another create-distroless-service run/);
      const dir = path.join(cwd, 'svc');
      const hasGo = fs.existsSync(path.join(dir, 'go.mod'));
      const hasPython = fs.existsSync(path.join(dir, 'app'));
      expect(hasGo).toBe(go.code === 0);
      expect(hasPython).toBe(python.code === 0);
      expect(fs.readdirSync(cwd)).toEqual(['svc']);
      outcomes.push(loser.stderr.includes('another') ? 'busy' : 'not-empty');
    }
    console.log(`race: the loser saw ${JSON.stringify(outcomes)}`);
  });
});

describe('update, interrupted', () => {
  const UPDATE = fileURLToPath(new URL('../dist/update.cjs', import.meta.url));
  let work = '';
  let pristine = '';
  let oldPrint = '';
  let newPrint = '';
  let duration = 0;
  let args: string[] = [];

  /** A fresh copy of the generated, committed service (version A), as svc in a new folder. */
  function service(): string {
    const cwd = tempDir('crash-update-');
    fs.cpSync(pristine, path.join(cwd, 'svc'), { recursive: true, verbatimSymlinks: true });
    return cwd;
  }

  beforeAll(async () => {
    work = tempDir('crash-update-work-');
    const src = locateTemplates().root;
    const version = (dir: string, v: string) => {
      for (const entry of ['images.json', 'shared', 'node', 'node-fastify', 'go', 'python']) {
        fs.cpSync(path.join(src, entry), path.join(dir, entry), { recursive: true });
      }
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'templates', version: v }) + '\n');
    };
    const A = path.join(work, 'A');
    const B = path.join(work, 'B');
    version(A, '1.0.0');
    version(B, '1.1.0');
    // B changes a file, adds one and deletes one.
    const values = path.join(B, 'shared/deploy/chart/values.yaml.hbs');
    fs.writeFileSync(values, fs.readFileSync(values, 'utf8').replace('replicaCount: 2\n', 'replicaCount: 3\n'));
    fs.writeFileSync(path.join(B, 'shared/SECURITY.md.hbs'), '# Security\n\nReport to {{owner}}.\n');
    fs.rmSync(path.join(B, 'shared/deploy/chart/templates/NOTES.txt'));
    pristine = path.join(work, 'svc');
    const answers = checkAnswers({ ...defaults('svc'), name: 'svc', lang: 'python' });
    await generate({ dir: pristine, answers, templates: locateTemplates(A), git: true });
    oldPrint = tree(pristine);
    args = ['update', 'svc', '--from', A, '--to', B];
    const cwd = service();
    duration = timed(args, cwd);
    newPrint = tree(path.join(cwd, 'svc'));
    expect(newPrint).not.toBe(oldPrint);
  });

  function outcome(cwd: string): 'old' | 'new' {
    expect(fs.readdirSync(cwd)).toEqual(['svc']);
    const print = tree(path.join(cwd, 'svc'));
    expect([oldPrint, newPrint]).toContain(print);
    return print === oldPrint ? 'old' : 'new';
  }

  it.each(['staged', 'committed'] as const)(
    'SIGKILL right after the swap step "%s": the next update recovers (as it was before the commit point)',
    (step) => {
      const cwd = service();
      const script = `
        const { update } = require(${JSON.stringify(UPDATE)});
        update({ dir: 'svc', from: ${JSON.stringify(args[3])}, to: ${JSON.stringify(args[5])},
          onStep: (s) => { if (s === ${JSON.stringify(step)}) process.kill(process.pid, 'SIGKILL'); } });
      `;
      const child = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8' });
      expect(child.signal, child.stderr).toBe('SIGKILL');
      expect(fs.readdirSync(cwd).length).toBeGreaterThan(1);
      const check = runCli(['update', 'svc', '--check', '--to', args[5]!], { cwd });
      expect(check.stderr).toMatch(/note: (removed|finished)/);
      expect(outcome(cwd)).toBe(step === 'staged' ? 'old' : 'new');
    },
  );

  it.each([
    ['SIGINT', 15],
    ['SIGKILL', 15],
  ] as const)('%s at random moments, %i runs: the service is as it was or fully updated', async (signal, runs) => {
    const counts = { old: 0, new: 0, recovered: 0, interrupted: 0 };
    for (let i = 0; i < runs; i++) {
      const cwd = service();
      const exit = await runAndKill(args, cwd, signal, ((i + Math.random()) / runs) * duration * 1.5);
      if (signal === 'SIGINT') {
        if (exit.code === 130) {
          counts.interrupted++;
          expect(exit.stderr).toContain('nothing was changed');
          expect(tree(path.join(cwd, 'svc'))).toBe(oldPrint);
        }
        expect(fs.readdirSync(cwd)).toEqual(['svc']);
      }
      if (recoverTarget(path.join(cwd, 'svc'))) counts.recovered++;
      counts[outcome(cwd)]++;
      fs.rmSync(cwd, { recursive: true, force: true });
    }
    console.log(`update kill loop, ${signal}: ${JSON.stringify(counts)} (delays 0-${Math.round(duration * 1.5)} ms)`);
    expect(counts.old + counts.new).toBe(runs);
  });
});
