// Service verification, end to end: static checks, then build and run with an engine, then probe
// and drain checks; every step timed and reported as it finishes.
import { checkStatic } from './static/index.js';
import { containerEngine, containerEngineWorks } from './engines/container.js';
import { nativeEngine } from './engines/native.js';
import { EngineError, tail, type Engine, type EngineContext, type EngineName } from './engines/types.js';
import { isDynamicElf } from './elf.js';
import { drain, freePort, ProbeError, waitReady } from './probe.js';
import type { Finding, StaticOptions, Step } from './types.js';

export interface VerifyOptions {
  engine?: 'auto' | EngineName;
  /** Seconds to wait for readiness, and the grace period after SIGTERM (default 30). */
  timeoutSeconds?: number;
  keep?: boolean;
  pull?: EngineContext['pull'];
  static?: StaticOptions;
  /** Called as each step finishes, for live progress. */
  onStep?: (step: Step) => void;
}

export interface VerifyResult {
  ok: boolean;
  engine: EngineName | null;
  findings: Finding[];
  steps: Step[];
}

/** Verification could not run at all (no engine, no toolchain): exit code 2, not a finding. */
export class CannotRunError extends Error {
  override name = 'CannotRunError';
}

const STATIC_BASES = /distroless\/static|chainguard\/static|^scratch$/;

export async function verifyService(dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const timeout = options.timeoutSeconds ?? 30;
  const findings: Finding[] = [];
  const steps: Step[] = [];
  const add = (ruleId: string, message: string, file = 'Dockerfile', severity: Finding['severity'] = 'error') =>
    findings.push({ ruleId, severity, file, line: 0, message });
  const step = async <T>(name: string, fn: () => Promise<T>, detail?: (value: T) => string | undefined): Promise<T> => {
    const started = Date.now();
    try {
      const value = await fn();
      record({ name, ok: true, ms: Date.now() - started, detail: detail?.(value) });
      return value;
    } catch (error) {
      record({ name, ok: false, ms: Date.now() - started, detail: (error as Error).message });
      throw error;
    }
  };
  const record = (s: Step) => {
    steps.push(s);
    options.onStep?.(s);
  };
  const result = (engine: EngineName | null): VerifyResult => ({
    ok: !findings.some((f) => f.severity === 'error'),
    engine,
    findings,
    steps,
  });

  const { findings: staticFindings, facts } = await step(
    'static checks',
    () => checkStatic(dir, options.static),
    (r) => `${r.findings.length} finding(s)`,
  );
  findings.push(...staticFindings);

  const ctx: EngineContext = { dir, facts, keep: options.keep ?? false, pull: options.pull ?? 'missing' };
  const engine = await pickEngine(options.engine ?? 'auto', ctx);
  try {
    try {
      await step(`build (${engine.name})`, () => engine.build());
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      add('build', `${error.message}${error.output ? `\n${error.output}` : ''}`);
      return result(engine.name);
    }

    if (engine.inspect) {
      const image = await step(
        'image facts',
        () => engine.inspect!(),
        (i) =>
          `user ${i.user || '(none)'}, ${(i.sizeBytes / 1e6).toFixed(1)} MB, shell ${i.shell ? 'present' : 'absent'}`,
      );
      if (!/^65532(:65532)?$/.test(image.user))
        add(
          'image-user',
          `the image runs as user "${image.user || 'root (unset)'}"; set USER 65532:65532 in the final stage`,
        );
      const argv = [...(image.entrypoint ?? []), ...(image.cmd ?? [])];
      if (argv[0] === '/bin/sh' && argv[1] === '-c')
        add(
          'image-entrypoint',
          'the entrypoint is shell form (/bin/sh -c …), which cannot start without a shell: use exec form ["/app/bin", "arg"]',
        );
      if (image.shell)
        add(
          'image-no-shell',
          '/bin/sh runs in the image: the final stage is not distroless (no shell, no package manager)',
        );
    }
    const artifact = engine.artifact?.();
    if (artifact && facts.runtimeImage && STATIC_BASES.test(facts.runtimeImage) && isDynamicElf(artifact)) {
      add(
        'go-static-binary',
        `the binary is dynamically linked (cgo), but ${facts.runtimeImage} has no libc or loader: it fails with "no such file or directory"; build with CGO_ENABLED=0`,
      );
    }

    await runChecks(engine, facts.port ?? 8080, timeout, step, add, record);
    return result(engine.name);
  } finally {
    await engine.cleanup();
  }
}

async function runChecks(
  engine: Engine,
  servicePort: number,
  timeout: number,
  step: <T>(name: string, fn: () => Promise<T>, detail?: (v: T) => string | undefined) => Promise<T>,
  add: (ruleId: string, message: string, file?: string, severity?: Finding['severity']) => void,
  record: (s: Step) => void,
): Promise<void> {
  // The service's own drain budget fits inside the grace period the engine gives it.
  const delay = timeout >= 10 ? 2 : 1;
  const appTimeout = Math.max(1, timeout - delay - 2);
  const hostPort = await freePort();
  let running;
  try {
    running = await step('start', () =>
      engine.start({
        hostPort,
        servicePort,
        graceSeconds: timeout,
        env: {
          DEBUG_ENDPOINTS: 'true',
          SHUTDOWN_DELAY_SECONDS: String(delay),
          SHUTDOWN_TIMEOUT_SECONDS: String(appTimeout),
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    add('start', `the service did not start: ${error.message}${error.output ? `\n${error.output}` : ''}`);
    return;
  }
  try {
    await step('ready (/readyz 200)', () => waitReady(running, timeout * 1000));
  } catch (error) {
    if (!(error instanceof ProbeError)) throw error;
    add('probe-readyz', `${error.message}\n${tail(await running.logs(), 10)}`);
    running.stop();
    return;
  }
  const rss = await running.rss?.().catch(() => null);
  if (rss) record({ name: 'idle memory', ok: true, ms: 0, detail: `${(rss / 2 ** 20).toFixed(1)} MiB RSS` });

  const report = await step(
    'drain (SIGTERM with a request in flight)',
    () => drain(running, { slowMs: delay * 1000 + 1500, graceMs: timeout * 1000 }),
    (r) => `exit ${r.exit.code}, ${r.stopToExitMs} ms after SIGTERM`,
  );
  if (report.healthBefore !== 200)
    add('probe-healthz', `/healthz answered ${report.healthBefore}; it must answer 200 while the process runs`);
  if (report.readyBefore !== 200) add('probe-readyz', `/readyz answered ${report.readyBefore} before SIGTERM`);
  if (report.readyWhileDraining !== 503) {
    add(
      'drain-readiness',
      `/readyz answered ${report.readyWhileDraining ?? 'nothing (connection refused)'} right after SIGTERM; it must answer 503 from the moment SIGTERM arrives while the server keeps serving for SHUTDOWN_DELAY_SECONDS`,
    );
  }
  if (report.slowStatus === 404) {
    add(
      'drain-in-flight',
      'no GET /debug/slow with DEBUG_ENDPOINTS=true: in-flight draining was not checked',
      'Dockerfile',
      'warning',
    );
  } else if (report.slowStatus !== 200) {
    add(
      'drain-in-flight',
      `the request in flight at SIGTERM did not complete (${report.slowError ?? report.slowStatus}); let in-flight requests finish before exiting`,
    );
  }
  const code = report.exit.code;
  if (code === 137 || code === null || report.exit.signal === 'SIGKILL') {
    add(
      'drain-exit',
      `the service did not exit within the ${timeout} s grace period after SIGTERM and was killed (exit ${code ?? report.exit.signal}): handle SIGTERM; as PID 1 a process has no default handler\n${tail(await running.logs(), 10)}`,
    );
  } else if (code !== 0) {
    add(
      'drain-exit',
      `the service exited with code ${code} after SIGTERM; a clean drain exits 0\n${tail(await running.logs(), 10)}`,
    );
  }
}

async function pickEngine(choice: 'auto' | EngineName, ctx: EngineContext): Promise<Engine> {
  if (choice === 'native') return native(ctx);
  if (choice !== 'auto') {
    if (!(await containerEngineWorks(choice)))
      throw new CannotRunError(`${choice} is not usable here (\`${choice} info\` failed)`);
    return containerEngine(choice, ctx);
  }
  for (const name of ['docker', 'podman'] as const)
    if (await containerEngineWorks(name)) return containerEngine(name, ctx);
  return native(ctx);
}

function native(ctx: EngineContext): Engine {
  try {
    return nativeEngine(ctx);
  } catch (error) {
    if (error instanceof EngineError)
      throw new CannotRunError(`no container engine, and no native build: ${error.message}`);
    throw error;
  }
}
