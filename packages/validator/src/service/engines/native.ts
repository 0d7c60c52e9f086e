// No container engine: build with the host toolchain the way the Dockerfile's builder does (its
// test and build commands), then run the artifact as the final stage would, in the service folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { Language } from '../types.js';
import type { Engine, EngineContext, Running, StartOptions } from './types.js';
import { EngineError, EngineUnavailableError, tail } from './types.js';
import { findGoToolchain, onPath } from '../tools.js';

interface Plan {
  /** Commands the builder stage runs, as they apply on the host. */
  build: [string, string[]][];
  /** Command that runs the service from the service folder. */
  run: [string, string[]];
  env?: Record<string, string>;
}

export function nativeEngine(ctx: EngineContext): Engine {
  const language = ctx.facts.language;
  if (!language) throw new EngineError('cannot tell the service language (no go.mod, package.json or Python package)');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'distroless-validate-'));
  // Planned up front, so a missing toolchain means "cannot run" rather than a failed build.
  let plan: Plan;
  try {
    plan = planFor(language, ctx, out);
  } catch (error) {
    fs.rmSync(out, { recursive: true, force: true });
    throw error;
  }

  const children = new Set<ReturnType<typeof spawn>>();

  return {
    name: 'native',
    async build() {
      for (const [cmd, args] of plan.build) {
        const r = await execa(cmd, args, { cwd: ctx.dir, all: true, reject: false, env: plan.env, stdin: 'ignore' });
        if (r.exitCode !== 0)
          throw new EngineError(
            `${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.exitCode})`,
            tail(String(r.all)),
            dockerfileStep(cmd, args),
          );
      }
    },

    async start(options: StartOptions): Promise<Running> {
      const [cmd, args] = plan.run;
      // In a container the service is PID 1, which gets no default signal handlers: a process
      // that ignores SIGTERM is killed after the grace period (137). Reproduce that where we can.
      const pid1 = await pid1Prefix();
      const child = spawn(pid1 ? 'unshare' : cmd, pid1 ? [...pid1, '--', cmd, ...args] : args, {
        cwd: ctx.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...plan.env, ...options.env, PORT: String(options.hostPort) },
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      let killed = false;
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
        // unshare (util-linux 2.38) exits 1 when its child dies by a signal, so report our own SIGKILL
        // the way a container engine does: 128 + 9.
        child.on('exit', (code, signal) =>
          resolve(killed ? { code: 137, signal: 'SIGKILL', at: Date.now() } : { code, signal, at: Date.now() }),
        );
        child.on('error', (error) => {
          output += String(error);
          resolve({ code: null, signal: null, at: Date.now() });
        });
      });
      children.add(child);
      void exited.then(() => children.delete(child));
      // Signals go to the service itself: under unshare, that is unshare's child (PID 1 inside).
      const service = () => (pid1 && child.pid ? childOf(child.pid) : child.pid);
      return {
        port: options.hostPort,
        exited,
        // process.kill returns once the kernel has queued the signal: delivery is done when it returns.
        stop: async () => {
          const pid = service();
          try {
            if (!pid) throw new Error('no such process');
            process.kill(pid, 'SIGTERM');
          } catch (error) {
            // It exited on its own first (its exit event may still be on its way): the exit tells the rest.
            const early = await Promise.race([exited, new Promise((r) => setTimeout(r, 5000, null))]);
            if (early) return;
            throw new EngineUnavailableError(
              `could not send SIGTERM to the service: ${(error as Error).message}`,
              output,
            );
          }
        },
        // After the grace period, as a container engine does: SIGKILL (reported as exit 137).
        kill: async () => {
          const pid = service() ?? child.pid;
          killed = true;
          try {
            if (pid) process.kill(pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        },
        logs: async () => output,
        rss: async () => {
          const status = fs.readFileSync(`/proc/${service()}/status`, 'utf8');
          const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
          return kb ? Number(kb) * 1024 : null;
        },
      };
    },

    artifact: () => (language === 'go' ? path.join(out, 'service') : null),

    async cleanup() {
      // A service still running (verification stopped early): unshare --kill-child takes PID 1 with it.
      for (const child of children) child.kill('SIGKILL');
      if (!ctx.keep) fs.rmSync(out, { recursive: true, force: true });
    },
  };
}

/** How the builder's RUN line names a command the native engine ran (`go test`, `npm run build`, `-m unittest …`). */
function dockerfileStep(cmd: string, args: string[]): string {
  const tool = path.basename(cmd);
  if (/^python/.test(tool)) return args.join(' ');
  if (tool === 'go') return `go ${args[0] ?? ''}`;
  return [tool, ...args.filter((a) => !a.startsWith('-'))].join(' ');
}

let pid1Probe: Promise<string[] | null> | undefined;

/** unshare arguments that run a command as PID 1 of a new PID namespace, or null where that fails. */
function pid1Prefix(): Promise<string[] | null> {
  pid1Probe ??= (async () => {
    for (const prefix of [
      ['--pid', '--fork', '--kill-child'],
      ['--user', '--map-root-user', '--pid', '--fork', '--kill-child'],
    ]) {
      const r = await execa('unshare', [...prefix, '--', 'true'], { reject: false, stdin: 'ignore' }).catch(() => null);
      if (r?.exitCode === 0) return prefix;
    }
    return null;
  })();
  return pid1Probe;
}

function childOf(pid: number): number | undefined {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    return children[0] ? Number(children[0]) : undefined;
  } catch {
    return undefined;
  }
}

function planFor(language: Language, ctx: EngineContext, out: string): Plan {
  const runs = ctx.facts.builderRuns.join('\n');
  if (language === 'go') {
    const go = findGoToolchain();
    if (!go) throw new EngineError('no Go toolchain on PATH (or /usr/lib/go-1.*/bin)');
    const binary = path.join(out, 'service');
    const build: [string, string[]][] = [];
    if (/\bgo vet\b/.test(runs)) build.push([go, ['vet', './...']]);
    if (/\bgo test\b/.test(runs)) build.push([go, ['test', './...']]);
    build.push([go, ['build', '-trimpath', '-o', binary, '.']]);
    // CGO_ENABLED as the Dockerfile sets it: a cgo binary must show up as such (see elf.ts).
    const cgo = /CGO_ENABLED=0/.test(runs) || ctx.facts.builderEnv?.CGO_ENABLED === '0' ? '0' : '1';
    // (Left at 1, Go links dynamically when the host has a C compiler, exactly as a builder with gcc would.)
    return { build, run: [binary, []], env: { CGO_ENABLED: cgo, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local' } };
  }
  if (language === 'node') {
    const npm = onPath('npm');
    if (!npm) throw new EngineError('no npm on PATH');
    const build: [string, string[]][] = [[npm, ['ci', '--no-audit', '--no-fund']]];
    if (/npm run build/.test(runs)) build.push([npm, ['run', 'build']]);
    if (/npm (run )?test/.test(runs)) build.push([npm, ['test']]);
    const script = [...(ctx.facts.entrypoint ?? []).filter((a) => !/(^|\/)node$/.test(a)), ...(ctx.facts.cmd ?? [])];
    return { build, run: [process.execPath, script] };
  }
  const host = onPath('python3');
  if (!host) throw new EngineError('no python3 on PATH');
  let python = host;
  const build: [string, string[]][] = [];
  if (fs.existsSync(path.join(ctx.dir, 'requirements.txt'))) {
    // Third-party packages: install the lock into a virtual environment of our own, as the
    // builder stage does (hash-checked), and run the service with its interpreter.
    const venv = path.join(out, 'venv');
    build.push([host, ['-m', 'venv', venv]]);
    build.push([
      path.join(venv, 'bin', 'pip'),
      ['install', '-q', '--require-hashes', '--no-deps', '-r', path.join(ctx.dir, 'requirements.txt')],
    ]);
    python = path.join(venv, 'bin', 'python');
  }
  const unittest = /python3? -m unittest[^\n&|;]*/.exec(runs);
  if (unittest) build.push([python, unittest[0].trim().split(/\s+/).slice(1)]);
  // The final stage's interpreter is a container path; run the same arguments with the host's.
  const argv = [...(ctx.facts.entrypoint ?? []), ...(ctx.facts.cmd ?? [])];
  const args = /python/.test(argv[0] ?? '') ? argv.slice(1) : argv;
  return { build, run: [python, args] };
}
