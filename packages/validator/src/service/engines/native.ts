// No container engine: build with the host toolchain the way the Dockerfile's builder does (its
// test and build commands), then run the artifact as the final stage would. Everything the target
// runs (its build, its tests, the service) runs in a bubblewrap sandbox on a throwaway copy (see
// sandbox.ts), in a process group of its own, with bounded output. Without the sandbox (an explicit
// `sandbox: false`, for code the caller trusts) the same commands run on the copy as the invoking user.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../types.js';
import type { Engine, EngineContext, Running, StartOptions } from './types.js';
import { EngineError, EngineUnavailableError, tail } from './types.js';
import { findGoToolchain, goTooOld, onPath } from '../tools.js';
import { within } from '../deadline.js';
import { BoundedOutput, killTree, runBounded } from './process.js';
import { forward, RELAY_SCRIPT } from './relay.js';
import {
  bwrapArgs,
  bwrapPath,
  describeSandbox,
  describeUnsandboxed,
  prepareLayout,
  registrySettings,
  sandboxEnv,
  type SandboxLayout,
} from './sandbox.js';

interface Plan {
  /** Commands the builder stage runs, as they apply on the host (and the name the user types, once resolved). */
  build: [string, string[], string?][];
  /** Command that runs the service from the service folder. */
  run: [string, string[]];
  env?: Record<string, string>;
}

export function nativeEngine(ctx: EngineContext): Engine {
  const language = ctx.facts.language;
  if (!language) throw new EngineError('cannot tell the service language (no go.mod, package.json or Python package)');
  const layout = prepareLayout(ctx.dir);
  // Planned up front, so a missing toolchain means "cannot run" rather than a failed build.
  let plan: Plan;
  // null: no sandbox, by the caller's explicit choice.
  let bwrap: string | null = null;
  try {
    plan = resolved(planFor(language, ctx, layout));
    if (ctx.sandbox !== false) {
      bwrap = bwrapPath();
      if (!bwrap)
        throw new EngineError(
          'no bwrap on PATH: the native engine runs the service only inside a bubblewrap sandbox ' +
            '(Debian/Ubuntu: apt-get install bubblewrap; for code you trust, --no-sandbox runs it without one)',
        );
    }
  } catch (error) {
    fs.rmSync(layout.root, { recursive: true, force: true });
    throw error;
  }
  const tools = registrySettings(language, findGoToolchain(), onPath('npm'));
  const env = (extra: Record<string, string | undefined> = {}) =>
    sandboxEnv(layout, { ...tools, ...plan.env, ...extra });

  const groups = new Set<number>();
  const closers = new Set<() => void>();
  /** One build command: in the sandbox, or (no sandbox) on the copy as the invoking user. */
  const buildCommand = (cmd: string, args: string[], signal?: AbortSignal) =>
    bwrap
      ? runBounded(bwrap, bwrapArgs('build', layout, env(), [cmd, ...args]), { signal })
      : runBounded(cmd, args, { cwd: layout.work, env: env(), extendEnv: false, signal });

  let relays = 0;
  /**
   * The sandboxed service's port, reached through a relay in its network namespace: the local port,
   * and how to end the relay once the service is gone.
   */
  async function relayInto(servicePid: number, options: StartOptions): Promise<{ port: number; close(): void }> {
    // The relay joins the service's network namespace and serves a socket in the throwaway root,
    // one per start: a second start of the same build (a bench, a retry) must not meet the first's.
    const socket = path.join(layout.root, `relay-${++relays}.sock`);
    const nsenter = onPath('nsenter') ?? 'nsenter';
    const join = process.getuid?.() === 0 ? ['--net'] : ['--user', '--net', '--preserve-credentials'];
    const relay = spawn(
      nsenter,
      [
        '-t',
        String(servicePid),
        ...join,
        '--',
        process.execPath,
        '-e',
        RELAY_SCRIPT,
        socket,
        String(options.servicePort),
      ],
      { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
    );
    if (relay.pid) groups.add(relay.pid);
    let relayOutput = '';
    relay.stderr.setEncoding('utf8').on('data', (d: string) => (relayOutput = (relayOutput + d).slice(-4000)));
    const listening = await within(
      new Promise<boolean>((resolve) => {
        relay.stdout.setEncoding('utf8').on('data', (d: string) => d.includes('listening') && resolve(true));
        relay.on('exit', () => resolve(false));
      }),
      15_000,
    );
    relay.on('exit', () => {
      if (relay.pid) groups.delete(relay.pid);
      fs.rmSync(socket, { force: true });
    });
    if (!listening) {
      if (relay.pid) killTree(relay.pid);
      throw new EngineUnavailableError('the relay into the sandbox network did not start (nsenter)', relayOutput);
    }
    const front = await forward(socket, options.hostPort);
    closers.add(front.close);
    return {
      port: front.port,
      close: () => {
        front.close();
        closers.delete(front.close);
        // The relay stops accepting and exits once the connections it carries have ended, so the
        // last bytes the service wrote still reach the client.
        relay.stdin.end();
      },
    };
  }

  return {
    name: 'native',
    describe: () =>
      (bwrap ? describeSandbox : describeUnsandboxed)(
        layout,
        // As the user types them (`npm ci`), not npm's real path (…/npm/bin/npm-cli.js).
        plan.build.map(([c, a, typed]) => [typed ?? c, ...a]),
        [...(plan.run[0] ? [plan.run[0]] : []), ...plan.run[1]],
      ),

    async build(signal?: AbortSignal) {
      // The sandbox itself must work here (user namespaces allowed) before the target's commands run.
      if (bwrap) {
        const probe = await runBounded(bwrap, bwrapArgs('build', layout, env(), [onPath('true') ?? '/bin/true']), {
          signal,
        });
        if (probe.exitCode !== 0 && !probe.stopped)
          throw new EngineUnavailableError(
            `the bubblewrap sandbox does not start here (exit ${probe.exitCode}); ` +
              'for code you trust, --no-sandbox runs it without one',
            tail(probe.output),
          );
      }
      for (const [cmd, args, name = path.basename(cmd)] of plan.build) {
        const r = await buildCommand(cmd, args, signal);
        if (r.stopped) return;
        if (r.exitCode !== 0)
          throw new EngineError(
            `${name} ${args.join(' ')} failed (exit ${r.exitCode})`,
            tail(r.output),
            dockerfileStep(name, args),
          );
      }
    },

    async start(options: StartOptions): Promise<Running> {
      const [cmd, args] = plan.run;
      const spawnOptions = {
        cwd: layout.work,
        stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
        detached: true,
      };
      const child = bwrap
        ? spawn(
            bwrap,
            bwrapArgs('run', layout, env({ ...options.env, PORT: String(options.servicePort) }), [cmd, ...args]),
            spawnOptions,
          )
        : // No sandbox: the service listens on the host's network, on the free port itself.
          spawn(cmd, args, { ...spawnOptions, env: env({ ...options.env, PORT: String(options.hostPort) }) });
      if (child.pid) groups.add(child.pid);
      // A service that prints gigabytes keeps its first and last lines only.
      const output = new BoundedOutput();
      child.stdout.setEncoding('utf8').on('data', (d: string) => output.push(d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => output.push(d));
      let killed = false;
      let gone = false;
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
        // bwrap reports a child killed by a signal as 128 + its number only sometimes: our own SIGKILL
        // is reported the way a container engine does, 137.
        child.on('exit', (code, signal) => {
          gone = true;
          resolve(killed ? { code: 137, signal: 'SIGKILL', at: Date.now() } : { code, signal, at: Date.now() });
        });
        child.on('error', (error) => {
          output.push(String(error));
          resolve({ code: null, signal: null, at: Date.now() });
        });
      });
      // The service is bwrap's child: PID 1 of its namespaces. Without the sandbox, the child itself.
      const service = () => (!child.pid || gone ? undefined : bwrap ? childOf(child.pid) : child.pid);
      const servicePid = await waitFor(service, 10_000, options.signal);
      if (!servicePid) {
        if (child.pid) killTree(child.pid);
        throw new EngineError(`the service did not start${bwrap ? ' in its sandbox' : ''}`, tail(output.toString()));
      }
      let port = options.hostPort;
      if (bwrap) {
        const relay = await relayInto(servicePid, options);
        port = relay.port;
        // Its service gone, the relay goes too (it would otherwise live until cleanup).
        void exited.then(relay.close);
      }
      return {
        port,
        exited,
        // process.kill returns once the kernel has queued the signal: delivery is done when it returns.
        stop: async () => {
          const pid = service();
          try {
            if (!pid) throw new Error('no such process');
            process.kill(pid, 'SIGTERM');
          } catch (error) {
            // It exited on its own first (its exit event may still be on its way): the exit tells the rest.
            if (await within(exited, 5000)) return;
            throw new EngineUnavailableError(
              `could not send SIGTERM to the service: ${(error as Error).message}`,
              output.toString(),
            );
          }
        },
        // After the grace period, as a container engine does: SIGKILL (reported as exit 137).
        kill: async () => {
          killed = true;
          const pid = service();
          if (pid) killTree(pid);
          if (child.pid) killTree(child.pid);
        },
        logs: async () => output.toString(),
        pid1: bwrap !== null,
        rss: async () => {
          const status = fs.readFileSync(`/proc/${service()}/status`, 'utf8');
          const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
          return kb ? Number(kb) * 1024 : null;
        },
      };
    },

    artifact: () => (language === 'go' ? path.join(layout.root, 'out', 'service') : null),

    async cleanup() {
      // A service or relay still running (verification stopped early): its group goes, and with
      // bwrap's --die-with-parent and PID namespace everything inside it.
      for (const close of closers) close();
      closers.clear();
      for (const pid of groups) killTree(pid);
      groups.clear();
      if (!ctx.keep) fs.rmSync(layout.root, { recursive: true, force: true });
    },
  };
}

/**
 * Commands by their real paths: a tool reached through a link in a folder the sandbox hides (/tmp)
 * still runs, from where it really is.
 */
function resolved(plan: Plan): Plan {
  const real = (cmd: string) => {
    try {
      return fs.realpathSync(cmd);
    } catch {
      return cmd;
    }
  };
  return {
    ...plan,
    // npm's real path is its npm-cli.js: messages keep the name the user types.
    build: plan.build.map(([cmd, args]) => [real(cmd), args, path.basename(cmd)]),
    run: [real(plan.run[0]), plan.run[1]],
  };
}

/** Polls `get` until it gives a value, for at most `ms` (or until `signal` fires). */
async function waitFor<T>(get: () => T | undefined, ms: number, signal?: AbortSignal): Promise<T | undefined> {
  const until = Date.now() + ms;
  while (Date.now() < until && !signal?.aborted) {
    const v = get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

/** How the builder's RUN line names a command the native engine ran (`go test`, `npm run build`, `-m unittest …`). */
function dockerfileStep(tool: string, args: string[]): string {
  if (/^python/.test(tool)) return args.join(' ');
  if (tool === 'go') return `go ${args[0] ?? ''}`;
  return [tool, ...args.filter((a) => !a.startsWith('-'))].join(' ');
}

function childOf(pid: number): number | undefined {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    return children[0] ? Number(children[0]) : undefined;
  } catch {
    return undefined;
  }
}

function planFor(language: Language, ctx: EngineContext, layout: SandboxLayout): Plan {
  const runs = ctx.facts.builderRuns.join('\n');
  if (language === 'go') {
    const go = findGoToolchain();
    if (!go) throw new EngineError('no Go toolchain on PATH (or /usr/lib/go-1.*/bin)');
    // Before anything runs: with GOTOOLCHAIN=local an older go fails the build only after a copy.
    const old = goTooOld(go, ctx.dir);
    if (old) throw new EngineError(old);
    const binary = path.join(layout.root, 'out', 'service');
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
    // (In the throwaway root: it exists only when the build makes it, so its links are not resolved.)
    const venv = path.join(layout.root, 'venv');
    build.push([host, ['-m', 'venv', venv]]);
    build.push([
      path.join(venv, 'bin', 'pip'),
      ['install', '-q', '--require-hashes', '--no-deps', '-r', path.join(layout.work, 'requirements.txt')],
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
