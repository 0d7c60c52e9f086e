// docker or podman: build the image, inspect it, run it locked down as Kubernetes' restricted
// profile would (read-only root, user 65532, no capabilities, no privilege escalation).
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { freePort } from '../probe.js';
import type { Engine, EngineContext, ImageFacts, Running, StartOptions } from './types.js';
import { EngineError, EngineUnavailableError, tail } from './types.js';

/**
 * Every image and container a verification creates carries the pid of the process that made it,
 * so tests and benches can find their own leftovers while other runs share the engine.
 */
export const OWNER_LABEL_KEY = 'distroless-validate.pid';
const OWNER_LABEL = `${OWNER_LABEL_KEY}=${process.pid}`;

const PORT_TAKEN = /address already in use|port is already allocated/i;

/** Bound on one `kill` round trip: far above the 190-800 ms podman takes on a busy machine. */
const SIGNAL_TIMEOUT_MS = 60_000;

export function containerEngine(name: 'docker' | 'podman', ctx: EngineContext): Engine {
  const id = randomBytes(4).toString('hex');
  const image = `localhost/distroless-validate:${id}`;
  const container = `distroless-validate-${id}`;
  let started = false;
  const waiters = new Set<ReturnType<typeof execa>>();

  const run = (args: string[], options: { timeout?: number } = {}) =>
    execa(name, args, { all: true, reject: false, timeout: options.timeout, stdin: 'ignore' });

  // podman commits each builder stage of a multi-stage build as an untagged image that carries the
  // build's labels: leftovers of this run (not the image --keep keeps), removed once the build is done.
  // One still in use by a concurrent build of this process stays (rmi refuses it).
  async function removeStageImages() {
    const listed = await run(['images', '-q', '--filter', `label=${OWNER_LABEL}`, '--filter', 'dangling=true']);
    const ids = [...new Set(String(listed.stdout).split('\n').filter(Boolean))];
    if (ids.length) await run(['rmi', ...ids]);
  }

  return {
    name,
    async build() {
      // docker has no --pull=never; it never pulls an image it has unless told --pull.
      const pull = name === 'podman' ? [`--pull=${ctx.pull}`] : ctx.pull === 'always' ? ['--pull'] : [];
      const r = await run(['build', ...pull, '--label', OWNER_LABEL, '-t', image, ctx.dir]);
      if (r.exitCode === 0) {
        await removeStageImages();
        return;
      }
      const output = String(r.all);
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

    async inspect(): Promise<ImageFacts> {
      const r = await run(['image', 'inspect', image]);
      if (r.exitCode !== 0) throw new EngineError(`${name} image inspect failed`, tail(String(r.all)));
      const [info] = JSON.parse(String(r.stdout)) as [
        { Config?: { User?: string; Entrypoint?: string[] | null; Cmd?: string[] | null }; Size?: number },
      ];
      // A shell must not exist: distroless images have none, so this run has to fail.
      const shell = await run(['run', '--rm', '--entrypoint', '/bin/sh', image, '-c', 'exit 0'], { timeout: 60_000 });
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
        '--label',
        OWNER_LABEL,
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
      let r = await run(runArgs());
      // The free port was taken meanwhile by another process on a shared machine: not the service's
      // fault, so take another one (a few times, each a fresh port).
      for (let attempt = 1; r.exitCode !== 0 && attempt <= 3 && PORT_TAKEN.test(String(r.all)); attempt++) {
        await run(['rm', '-f', container]);
        hostPort = await freePort();
        r = await run(runArgs());
      }
      if (r.exitCode !== 0) throw new EngineError(`${name} run failed (exit ${r.exitCode})`, tail(String(r.all)));
      started = true;

      // `wait` returns when the container stops, however it stops, with its exit code. It runs from
      // the start, so an early crash is seen too; cleanup ends it if the container outlives us.
      const waiter = run(['wait', container]);
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
        logs: async () => String((await run(['logs', container])).all ?? ''),
        rss: async () => {
          const stats = await run(['stats', '--no-stream', '--format', '{{.MemUsage}}', container]);
          return parseSize(String(stats.stdout).split('/')[0] ?? '');
        },
      };
    },

    async cleanup() {
      // A container still running (verification stopped early) goes down with `rm -f`; its `wait` with it.
      if (started && !ctx.keep) await run(['rm', '-f', container]);
      else if (started) await run(['kill', '--signal', 'KILL', container]);
      for (const waiter of waiters) waiter.kill();
      if (ctx.keep) return;
      await run(['rmi', '-f', image]);
    },
  };
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
