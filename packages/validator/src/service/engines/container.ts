// docker or podman: build the image, inspect it, run it locked down as Kubernetes' restricted
// profile would (read-only root, user 65532, no capabilities, no privilege escalation).
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import type { Engine, EngineContext, ImageFacts, Running, StartOptions } from './types.js';
import { EngineError, tail } from './types.js';

export function containerEngine(name: 'docker' | 'podman', ctx: EngineContext): Engine {
  const id = randomBytes(4).toString('hex');
  const image = `localhost/distroless-validate:${id}`;
  const container = `distroless-validate-${id}`;
  let started = false;

  const run = (args: string[], options: { timeout?: number } = {}) =>
    execa(name, args, { all: true, reject: false, timeout: options.timeout, stdin: 'ignore' });

  return {
    name,
    async build() {
      // docker has no --pull=never; it never pulls an image it has unless told --pull.
      const pull = name === 'podman' ? [`--pull=${ctx.pull}`] : ctx.pull === 'always' ? ['--pull'] : [];
      const r = await run(['build', ...pull, '-t', image, ctx.dir]);
      if (r.exitCode !== 0) throw new EngineError(`${name} build failed (exit ${r.exitCode})`, tail(String(r.all)));
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
      const r = await run([
        'run',
        '-d',
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
        `127.0.0.1:${options.hostPort}:${options.servicePort}`,
        ...env,
        image,
      ]);
      if (r.exitCode !== 0) throw new EngineError(`${name} run failed (exit ${r.exitCode})`, tail(String(r.all)));
      started = true;

      let resolveExit: (e: { code: number | null; signal: null; at: number }) => void = () => {};
      const exited = new Promise<{ code: number | null; signal: null; at: number }>(
        (resolve) => (resolveExit = resolve),
      );
      // `wait` returns when the container stops, however it stops, with its exit code.
      void run(['wait', container]).then((w) => {
        const code = Number.parseInt(String(w.stdout).trim().split('\n').pop() ?? '', 10);
        resolveExit({ code: Number.isNaN(code) ? null : code, signal: null, at: Date.now() });
      });
      return {
        port: options.hostPort,
        exited,
        // `stop` sends SIGTERM to PID 1, then SIGKILL after the grace period: as the kubelet does.
        stop: () => void run(['stop', '-t', String(options.graceSeconds), container]),
        logs: async () => String((await run(['logs', container])).all ?? ''),
        rss: async () => {
          const stats = await run(['stats', '--no-stream', '--format', '{{.MemUsage}}', container]);
          return parseSize(String(stats.stdout).split('/')[0] ?? '');
        },
      };
    },

    async cleanup() {
      if (ctx.keep) return;
      if (started) await run(['rm', '-f', container]);
      await run(['rmi', '-f', image]);
    },
  };
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
