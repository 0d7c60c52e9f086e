// Service verification, end to end: static checks, then build and run with an engine, then probe
// and drain checks; every step timed and reported as it finishes.
import { checkStatic } from './static/index.js';
import { containerEngine, containerEngineWorks } from './engines/container.js';
import { nativeEngine } from './engines/native.js';
import {
  EngineError,
  EngineUnavailableError,
  tail,
  type Engine,
  type EngineContext,
  type EngineName,
  type Running,
} from './engines/types.js';
import { isDynamicElf } from './elf.js';
import { drain, freePort, ProbeError, waitReady } from './probe.js';
import { Locator, type RuntimeCheckId } from './runtime.js';
import type { Finding, StaticOptions, Step } from './types.js';

export interface VerifyOptions {
  engine?: 'auto' | EngineName;
  /** Seconds to wait for readiness, and the grace period after SIGTERM (default 30). */
  timeoutSeconds?: number;
  keep?: boolean;
  pull?: EngineContext['pull'];
  static?: StaticOptions;
  /** The helm that lints and renders the chart (default: `helm` on PATH), or false for none. */
  helm?: string | false;
  /** Called as each step finishes, for live progress. */
  onStep?: (step: Step) => void;
}

export interface VerifyResult {
  ok: boolean;
  engine: EngineName | null;
  findings: Finding[];
  steps: Step[];
  /** Why verification could not build or run the service (then `ok` is false and only earlier findings exist). */
  error?: string;
}

/**
 * Verification could not run (no engine, no toolchain, a base image absent under --pull never):
 * exit code 2, not a finding. `result` holds what was found before, the static findings at least.
 */
export class CannotRunError extends Error {
  override name = 'CannotRunError';
  constructor(
    message: string,
    readonly result?: VerifyResult,
  ) {
    super(message);
  }
}

const STATIC_BASES = /distroless\/static|chainguard\/static|^scratch$/;

type Add = (id: RuntimeCheckId, message: string, options?: { severity?: Finding['severity']; step?: string }) => void;
type StepFn = <T>(name: string, fn: () => Promise<T>, options?: StepOptions<T>) => Promise<T>;
interface StepOptions<T> {
  detail?: (value: T) => string | undefined;
  /** Runs the step's checks on its value; the step fails when they add an error. */
  check?: (value: T) => void | Promise<void>;
}

export async function verifyService(dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const timeout = options.timeoutSeconds ?? 30;
  const findings: Finding[] = [];
  const steps: Step[] = [];
  const locator = new Locator(dir);
  const add: Add = (id, message, o) => findings.push(locator.finding(id, message, o));
  const record = (s: Step) => {
    steps.push(s);
    options.onStep?.(s);
  };
  // A step is ok only when it completed and its checks added no error: a failed check never shows a tick.
  const step: StepFn = async (name, fn, o = {}) => {
    const started = Date.now();
    const before = findings.length;
    const raised = () => findings.slice(before);
    const finish = (ok: boolean, detail: string | undefined) => {
      const ids = [...new Set(raised().map((f) => f.ruleId))];
      record({ name, ok, ms: Date.now() - started, detail, ...(ids.length ? { findings: ids } : {}) });
    };
    let value;
    try {
      value = await fn();
      await o.check?.(value);
    } catch (error) {
      finish(false, (error as Error).message);
      throw error;
    }
    finish(!raised().some((f) => f.severity === 'error'), o.detail?.(value));
    return value;
  };
  const result = (engine: EngineName | null): VerifyResult => ({
    ok: !findings.some((f) => f.severity === 'error'),
    engine,
    findings,
    steps,
  });
  const cannotRun = (message: string, engine: EngineName | null): CannotRunError =>
    new CannotRunError(message, { ...result(engine), ok: false, error: message });

  const staticOptions = { ...options.static, ...(options.helm === undefined ? {} : { helm: options.helm }) };
  const { facts } = await step('static checks', () => checkStatic(dir, staticOptions), {
    detail: (r) => {
      const errors = r.findings.filter((f) => f.severity === 'error').length;
      const helm = r.renderer ? `, chart checked with ${r.renderer.name} ${r.renderer.version}` : '';
      return `${errors} error(s), ${r.findings.length - errors} warning(s)${helm}`;
    },
    check: (r) => void findings.push(...r.findings),
  });
  const ctx: EngineContext = { dir, facts, keep: options.keep ?? false, pull: options.pull ?? 'missing' };
  let engine: Engine;
  try {
    engine = await pickEngine(options.engine ?? 'auto', ctx);
  } catch (error) {
    if (error instanceof CannotRunError) throw cannotRun(error.message, null);
    throw error;
  }
  try {
    await runEngine(engine, ctx, timeout, step, add, record, locator);
  } catch (error) {
    if (error instanceof EngineUnavailableError)
      throw cannotRun(`${error.message}${error.output ? `\n${error.output}` : ''}`, engine.name);
    throw error;
  } finally {
    await engine.cleanup();
  }
  return result(engine.name);
}

async function runEngine(
  engine: Engine,
  ctx: EngineContext,
  timeout: number,
  step: StepFn,
  add: Add,
  record: (s: Step) => void,
  locator: Locator,
): Promise<void> {
  const { facts } = ctx;
  try {
    await step(`build (${engine.name})`, () => engine.build(), {
      check: () => {
        const artifact = engine.artifact?.();
        if (artifact && facts.runtimeImage && STATIC_BASES.test(facts.runtimeImage) && isDynamicElf(artifact))
          add(
            'go-static-binary',
            `the binary is dynamically linked (cgo), but ${facts.runtimeImage} has no libc or loader: it fails with "no such file or directory"; build with CGO_ENABLED=0`,
          );
      },
    });
  } catch (error) {
    if (!(error instanceof EngineError) || error instanceof EngineUnavailableError) throw error;
    add('build', `${error.message}${error.output ? `\n${error.output}` : ''}`, { step: error.step });
    return;
  }

  if (engine.inspect) {
    await step('image facts', () => engine.inspect!(), {
      detail: (i) =>
        `user ${i.user || '(none)'}, ${(i.sizeBytes / 1e6).toFixed(1)} MB, shell ${i.shell ? 'present' : 'absent'}`,
      check: (image) => {
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
      },
    });
  }

  await runChecks(engine, facts.port ?? 8080, timeout, step, add, record, locator);
}

async function runChecks(
  engine: Engine,
  servicePort: number,
  timeout: number,
  step: StepFn,
  add: Add,
  record: (s: Step) => void,
  locator: Locator,
): Promise<void> {
  // The service's own drain budget fits inside the grace period the engine gives it.
  const delay = timeout >= 10 ? 2 : 1;
  const appTimeout = Math.max(1, timeout - delay - 2);
  const hostPort = await freePort();
  let running: Running;
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
    if (!(error instanceof EngineError) || error instanceof EngineUnavailableError) throw error;
    add('start', `the service did not start: ${error.message}${error.output ? `\n${error.output}` : ''}`);
    return;
  }
  try {
    await step('ready (/readyz 200)', () => waitReady(running, timeout * 1000));
  } catch (error) {
    if (!(error instanceof ProbeError)) throw error;
    add('probe-readyz', `${error.message}\n${tail(await running.logs(), 10)}`);
    await running.kill?.();
    return;
  }
  const rss = await running.rss?.().catch(() => null);
  if (rss) record({ name: 'idle memory', ok: true, ms: 0, detail: `${(rss / 2 ** 20).toFixed(1)} MiB RSS` });

  await step(
    'drain (SIGTERM with a request in flight)',
    () => drain(running, { slowMs: delay * 1000 + 1500, graceMs: timeout * 1000, delayMs: delay * 1000 }),
    {
      detail: (r) =>
        `exit ${r.exit.code}, ${r.stopToExitMs} ms after SIGTERM (delivered in ${r.deliveryMs} ms${r.readyDropMs !== null ? `, /readyz 503 after ${r.readyDropMs} ms` : ''})`,
      check: async (report) => {
        if (report.healthBefore !== 200)
          add('probe-healthz', `/healthz answered ${report.healthBefore}; it must answer 200 while the process runs`);
        if (report.readyBefore !== 200) add('probe-readyz', `/readyz answered ${report.readyBefore} before SIGTERM`);
        if (report.readyWhileDraining !== 503) {
          const seen =
            report.readyWhileDraining === null ? 'never answered' : `kept answering ${report.readyWhileDraining}`;
          const until = {
            refused: 'until it stopped accepting connections',
            exited: 'until the service exited',
            window: `for the whole ${report.readyPolledMs} ms window (drain delay + grace period)`,
            '503': '',
          }[report.readyEnded];
          add(
            'drain-readiness',
            `after SIGTERM was delivered, /readyz ${seen} (${report.readyPolls} polls over ${report.readyPolledMs} ms, ${until}); it must answer 503 from the moment SIGTERM arrives while the server keeps serving for SHUTDOWN_DELAY_SECONDS`,
          );
        }
        if (report.slowStatus === 404) {
          add('drain-in-flight', 'no GET /debug/slow with DEBUG_ENDPOINTS=true: in-flight draining was not checked', {
            severity: 'warning',
          });
        } else if (report.slowStatus !== 200) {
          add(
            'drain-in-flight',
            `the request in flight at SIGTERM did not complete (${report.slowError ?? report.slowStatus}); let in-flight requests finish before exiting`,
          );
        }
        const code = report.exit.code;
        if (report.killed || code === 137 || code === null || report.exit.signal === 'SIGKILL') {
          add(
            'drain-exit',
            `the service did not exit within the ${timeout} s grace period after SIGTERM and was killed (exit ${code ?? report.exit.signal}): handle SIGTERM; as PID 1 a process has no default handler${locator.inSources('sigterm') ? '' : " (no line of the service's sources mentions SIGTERM)"}\n${tail(await running.logs(), 10)}`,
          );
        } else if (code !== 0) {
          add(
            'drain-exit',
            `the service exited with code ${code} after SIGTERM; a clean drain exits 0\n${tail(await running.logs(), 10)}`,
          );
        }
      },
    },
  );
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
