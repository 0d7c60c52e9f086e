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
import { drain, freePort, ProbeError, waitReady } from './probe.js';
import { judge, Locator, type Observed, type Stage } from './runtime/index.js';
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

type StepFn = <T>(name: string, fn: () => Promise<T>, options?: StepOptions<T>) => Promise<T>;
interface StepOptions<T> {
  detail?: (value: T) => string | undefined;
  /** Runs the step's checks on its value; the step fails when they add an error. */
  check?: (value: T) => void | Promise<void>;
}

/** One verification in progress: what the steps share instead of a list of parameters and closures. */
interface Run {
  engine: Engine;
  ctx: EngineContext;
  timeout: number;
  observed: Observed;
  step: StepFn;
  /** Runs the runtime rules of a stage over what has been observed so far. */
  judge(stage: Stage): void;
  record(step: Step): void;
}

export async function verifyService(dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const timeout = options.timeoutSeconds ?? 30;
  const findings: Finding[] = [];
  const steps: Step[] = [];
  const locator = new Locator(dir);
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
  const observed: Observed = { facts };
  const run: Run = {
    engine,
    ctx,
    timeout,
    observed,
    step,
    record,
    judge: (stage) => void findings.push(...judge(stage, observed, { locator, timeout })),
  };
  try {
    await runEngine(run);
  } catch (error) {
    if (error instanceof EngineUnavailableError)
      throw cannotRun(`${error.message}${error.output ? `\n${error.output}` : ''}`, engine.name);
    throw error;
  } finally {
    await engine.cleanup();
  }
  return result(engine.name);
}

/** An engine failure that is the service's fault (a failed build or start), as opposed to the engine's. */
function serviceFailure(error: unknown): EngineError {
  if (!(error instanceof EngineError) || error instanceof EngineUnavailableError) throw error;
  return error;
}

async function runEngine(run: Run): Promise<void> {
  const { engine, observed } = run;
  try {
    await run.step(`build (${engine.name})`, () => engine.build(), {
      check: () => {
        observed.build = { error: null, artifact: engine.artifact?.() ?? null };
        run.judge('build');
      },
    });
  } catch (error) {
    observed.build = { error: serviceFailure(error), artifact: null };
    run.judge('build');
    return;
  }

  if (engine.inspect) {
    await run.step('image facts', () => engine.inspect!(), {
      detail: (i) =>
        `user ${i.user || '(none)'}, ${(i.sizeBytes / 1e6).toFixed(1)} MB, shell ${i.shell ? 'present' : 'absent'}`,
      check: (image) => {
        observed.image = image;
        run.judge('image');
      },
    });
  }

  await runChecks(run);
}

async function runChecks(run: Run): Promise<void> {
  const { engine, observed, timeout } = run;
  // The service's own drain budget fits inside the grace period the engine gives it.
  const delay = timeout >= 10 ? 2 : 1;
  const appTimeout = Math.max(1, timeout - delay - 2);
  const hostPort = await freePort();
  let running: Running;
  try {
    running = await run.step('start', () =>
      engine.start({
        hostPort,
        servicePort: observed.facts.port ?? 8080,
        graceSeconds: timeout,
        env: {
          DEBUG_ENDPOINTS: 'true',
          SHUTDOWN_DELAY_SECONDS: String(delay),
          SHUTDOWN_TIMEOUT_SECONDS: String(appTimeout),
        },
      }),
    );
  } catch (error) {
    observed.start = { error: serviceFailure(error) };
    run.judge('start');
    return;
  }
  observed.start = { error: null };
  try {
    await run.step('ready (/readyz 200)', () => waitReady(running, timeout * 1000));
  } catch (error) {
    if (!(error instanceof ProbeError)) throw error;
    observed.ready = { error, logs: tail(await running.logs(), 10) };
    run.judge('ready');
    await running.kill?.();
    return;
  }
  observed.ready = { error: null, logs: '' };
  const rss = await running.rss?.().catch(() => null);
  if (rss) run.record({ name: 'idle memory', ok: true, ms: 0, detail: `${(rss / 2 ** 20).toFixed(1)} MiB RSS` });

  await run.step(
    'drain (SIGTERM with a request in flight)',
    () => drain(running, { slowMs: delay * 1000 + 1500, graceMs: timeout * 1000, delayMs: delay * 1000 }),
    {
      detail: (r) => {
        const drop = r.readyDropMs !== null ? `, /readyz 503 after ${r.readyDropMs} ms` : '';
        return `exit ${r.exit.code}, ${r.stopToExitMs} ms after SIGTERM (delivered in ${r.deliveryMs} ms${drop})`;
      },
      check: async (report) => {
        observed.drain = { report, logs: tail(await running.logs(), 10) };
        run.judge('drain');
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
