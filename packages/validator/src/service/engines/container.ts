// docker or podman: build the image, inspect it, run it locked down as Kubernetes' restricted
// profile would (read-only root, user 65532, no capabilities, no privilege escalation).
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { freePort } from '../probe.js';
import { descendants, killTree, runBounded } from './process.js';
import type { Engine, EngineContext, ImageFacts, Running, StartOptions } from './types.js';
import { EngineError, EngineUnavailableError, tail } from './types.js';

/**
 * Every image and container a verification creates carries the pid of the process that made it,
 * so tests and benches can find their own leftovers while other runs share the engine.
 */
export const OWNER_LABEL_KEY = 'distroless-validate.pid';
const OWNER_LABEL = `${OWNER_LABEL_KEY}=${process.pid}`;
/** One verification's own label: its cleanup removes exactly the images and containers carrying it. */
export const RUN_LABEL_KEY = 'distroless-validate.run';

const PORT_TAKEN = /address already in use|port is already allocated/i;

/** Bound on one `kill` round trip: far above the 190-800 ms podman takes on a busy machine. */
const SIGNAL_TIMEOUT_MS = 60_000;
/** Bound on the engine's own bookkeeping commands (inspect, rm, rmi, run -d). */
const COMMAND_TIMEOUT_MS = 60_000;
/** How long a stopped build may take to remove its build containers itself before it is killed. */
const BUILD_STOP_MS = 20_000;
/** Rounds of listing and removing the run's images at cleanup, and the pause after an unclean one. */
const CLEANUP_ROUNDS = 3;
const CLEANUP_PAUSE_MS = 500;

export function containerEngine(name: 'docker' | 'podman', ctx: EngineContext): Engine {
  const id = randomBytes(4).toString('hex');
  const image = `localhost/distroless-validate:${id}`;
  const container = `distroless-validate-${id}`;
  const shellProbe = `distroless-validate-${id}-sh`;
  const runLabel = `${RUN_LABEL_KEY}=${id}`;
  const labels = ['--label', OWNER_LABEL, '--label', runLabel];
  let started = false;
  const waiters = new Set<ReturnType<typeof execa>>();
  /** The build under way, if any: a signal ends the verification's step before the engine has stopped. */
  let building: Promise<unknown> | undefined;

  const run = (args: string[], options: { timeout?: number; signal?: AbortSignal } = {}) =>
    execa(name, args, {
      all: true,
      reject: false,
      timeout: options.timeout ?? COMMAND_TIMEOUT_MS,
      cancelSignal: options.signal,
      stdin: 'ignore',
      // Bounded like the target's own output: the tail is what explains a failure.
      maxBuffer: 4 * 2 ** 20,
    });
  /**
   * Our images (the final one and the build's intermediate layers), found by this run's label; null
   * when the engine failed to list them.
   */
  const ownImages = async (): Promise<string[] | null> => {
    const r = await run(['images', '-a', '-q', '--no-trunc', '--filter', `label=${runLabel}`]);
    if (r.exitCode !== 0) return null;
    return [...new Set(String(r.stdout).split('\n').filter(Boolean))];
  };

  return {
    name,
    async build(signal?: AbortSignal) {
      // docker has no --pull=never; it never pulls an image it has unless told --pull.
      const pull = name === 'podman' ? [`--pull=${ctx.pull}`] : ctx.pull === 'always' ? ['--pull'] : [];
      // --force-rm: build containers go even when a step fails.
      const bounded = runBounded(name, ['build', ...pull, '--force-rm', ...labels, '-t', image, ctx.dir], {
        signal,
        // Stopping: kill what runs below the engine's CLI (the RUN step's processes), so the step
        // fails and the engine removes its own build containers; then the CLI itself, if it lingers.
        stop: async (pid) => {
          for (const p of descendants(pid).reverse()) killTree(p);
          const until = Date.now() + BUILD_STOP_MS;
          while (Date.now() < until && isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
        },
      });
      building = bounded;
      const r = await bounded;
      if (r.stopped) return;
      if (r.exitCode === 0) {
        // Every image the build committed carries the run label: the builder stages of a
        // multi-stage build (untagged) and the final one. Only the tagged image stays, --keep or not.
        await removeIntermediates();
        return;
      }
      const output = r.output;
      const missing =
        /(?:^|\s)(\S+): image not known|pull access denied for (\S+)|unable to find image '([^']+)'/im.exec(output);
      if (missing && ctx.pull === 'never')
        throw new EngineUnavailableError(
          `base image ${missing[1] ?? missing[2] ?? missing[3]} is not on this machine, and --pull never forbids ` +
            `pulling it`,
          tail(output),
        );
      throw new EngineError(`${name} build failed (exit ${r.exitCode})`, tail(output), failingStep(output));
    },

    async inspect(signal?: AbortSignal): Promise<ImageFacts> {
      const r = await run(['image', 'inspect', image], { signal });
      if (r.exitCode !== 0) throw new EngineError(`${name} image inspect failed`, tail(String(r.all)));
      const [info] = JSON.parse(String(r.stdout)) as [
        { Config?: { User?: string; Entrypoint?: string[] | null; Cmd?: string[] | null }; Size?: number },
      ];
      // A shell must not exist: distroless images have none, so this run has to fail.
      const shell = await run(
        ['run', '--rm', '--name', shellProbe, ...labels, '--entrypoint', '/bin/sh', image, '-c', 'exit 0'],
        { signal },
      );
      return {
        user: info.Config?.User ?? '',
        entrypoint: info.Config?.Entrypoint ?? null,
        cmd: info.Config?.Cmd ?? null,
        sizeBytes: info.Size ?? 0,
        shell: shell.exitCode === 0,
      };
    },

    async start(options: StartOptions): Promise<Running> {
      const env = Object.entries({ ...options.env, PORT: String(options.servicePort) }).flatMap(([k, v]) => [
        '-e',
        `${k}=${v}`,
      ]);
      let hostPort = options.hostPort;
      const runArgs = () => [
        'run',
        '-d',
        ...labels,
        '--name',
        container,
        '--read-only',
        '--user',
        '65532:65532',
        '--cap-drop',
        'ALL',
        '--security-opt',
        'no-new-privileges',
        '-p',
        `127.0.0.1:${hostPort}:${options.servicePort}`,
        ...env,
        image,
      ];
      started = true;
      let r = await run(runArgs(), { signal: options.signal });
      // The free port was taken meanwhile by another process on a shared machine: not the service's
      // fault, so take another one (a few times, each a fresh port).
      for (let attempt = 1; r.exitCode !== 0 && attempt <= 3 && PORT_TAKEN.test(String(r.all)); attempt++) {
        await run(['rm', '-f', container]);
        hostPort = await freePort();
        r = await run(runArgs(), { signal: options.signal });
      }
      if (r.exitCode !== 0) throw new EngineError(`${name} run failed (exit ${r.exitCode})`, tail(String(r.all)));

      // `wait` returns when the container stops, however it stops, with its exit code. It runs from
      // the start, so an early crash is seen too; cleanup ends it if the container outlives us.
      const waiter = execa(name, ['wait', container], { all: true, reject: false, stdin: 'ignore' });
      waiters.add(waiter);
      const exited = waiter.then(async (w) => {
        waiters.delete(waiter);
        let code = Number.parseInt(String(w.stdout).trim().split('\n').pop() ?? '', 10);
        if (Number.isNaN(code)) {
          // `wait` itself failed (e.g. interrupted): ask for the state instead.
          const state = await run(['inspect', '--format', '{{.State.ExitCode}}', container], { timeout: 60_000 });
          code = Number.parseInt(String(state.stdout).trim(), 10);
        }
        return { code: Number.isNaN(code) ? null : code, signal: null, at: Date.now() };
      });
      // A signal is delivered when `kill` returns; it can take most of a second on a busy machine.
      const signal = async (sig: 'TERM' | 'KILL') => {
        const k = await run(['kill', '--signal', sig, container], { timeout: SIGNAL_TIMEOUT_MS });
        if (k.exitCode === 0) return;
        // Not running any more (it exited first): the exit event tells the rest.
        const state = await run(['inspect', '--format', '{{.State.Running}}', container], { timeout: 60_000 });
        if (String(state.stdout).trim() === 'false') return;
        throw new EngineUnavailableError(
          `${name} kill --signal ${sig} failed (exit ${k.exitCode})`,
          tail(String(k.all)),
        );
      };
      return {
        port: hostPort,
        exited,
        stop: () => signal('TERM'),
        kill: () => signal('KILL'),
        pid1: true,
        // The last lines only: a service that prints gigabytes must not fill the verifier's memory.
        logs: async () => String((await run(['logs', '--tail', '200', container])).all ?? ''),
        rss: async () => {
          const stats = await run(['stats', '--no-stream', '--format', '{{.MemUsage}}', container]);
          return parseSize(String(stats.stdout).split('/')[0] ?? '');
        },
      };
    },

    async cleanup() {
      // A container still running (verification stopped early) goes down with `rm -f`; its `wait` with it.
      if (started && !ctx.keep) await run(['rm', '-f', '--time', '0', container]);
      else if (started) await run(['kill', '--signal', 'KILL', container]);
      await run(['rm', '-f', '--time', '0', shellProbe]);
      for (const waiter of waiters) waiter.kill();
      waiters.clear();
      // A stopped build ends within BUILD_STOP_MS (then it is killed): until then it may still be
      // removing its build containers, and an image one of them uses cannot be removed.
      await building?.catch(() => undefined);
      if (ctx.keep) return;
      // Until a listing comes back empty, bounded: podman may refuse a command (its storage lock
      // held) a moment after a stopped build.
      for (let round = 0; round < CLEANUP_ROUNDS; round++) {
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, CLEANUP_PAUSE_MS));
        const images = await ownImages();
        if (images?.length === 0) return;
        if (images) await run(['rmi', '-f', ...images]);
      }
    },
  };

  async function removeIntermediates() {
    const keep = String((await run(['image', 'inspect', '--format', '{{.Id}}', image])).stdout).trim();
    const others = ((await ownImages()) ?? []).filter(
      (i) => !i.endsWith(keep) && !keep.endsWith(i.replace(/^sha256:/, '')),
    );
    if (others.length) await run(['rmi', ...others]);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The build step that failed, as the engine names it: podman `STEP 3/9: RUN npm test`,
 * BuildKit `[build 3/9] RUN npm test`.
 */
export function failingStep(output: string): string | undefined {
  const steps = [...output.matchAll(/^(?:STEP \d+\/\d+: |#\d+ \[[^\]]*\d+\/\d+\] |\[[^\]]*\d+\/\d+\] )(.+)$/gm)];
  const quoted = /building at STEP "([^"]+)"|failed to solve: process "\/bin\/sh -c ([^"]+)"/.exec(output);
  return quoted?.[1] ?? (quoted?.[2] ? `RUN ${quoted[2]}` : steps.pop()?.[1]?.trim());
}

/** "12.5MiB", "3.1MB", "512kB" → bytes. */
export function parseSize(text: string): number | null {
  const m = /([\d.]+)\s*([kKMGT]?i?B)/.exec(text);
  if (!m) return null;
  const unit = m[2]!.toLowerCase();
  const base = unit.includes('i') ? 1024 : 1000;
  const power = { b: 0, kb: 1, kib: 1, mb: 2, mib: 2, gb: 3, gib: 3, tb: 4, tib: 4 }[unit] ?? 0;
  return Math.round(Number(m[1]) * base ** power);
}

/** Whether the engine's CLI is on PATH and can reach its daemon or runtime. */
export async function containerEngineWorks(name: 'docker' | 'podman'): Promise<boolean> {
  // `docker` may be only a client here (no daemon): `info` fails then, and so does podman's without a runtime.
  const r = await execa(name, ['info'], { reject: false, timeout: 15_000, stdin: 'ignore' }).catch(() => null);
  return r?.exitCode === 0;
}
