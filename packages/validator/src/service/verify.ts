// Service verification, end to end: static checks, then build and run with an engine, then probe
// and drain checks; every step timed and reported as it finishes.
import { checkStatic } from './static/index.js';
import { containerEngine, containerEngineWorks } from './engines/container.js';
import { nativeEngine } from './engines/native.js';
import { sweepStaleRoots } from './engines/sandbox.js';
import {
  EngineError,
  EngineUnavailableError,
  tail,
  type Engine,
  type EngineContext,
  type EngineName,
  type Running,
} from './engines/types.js';
import { DeadlineError, InterruptedError, stepSignal, within } from './deadline.js';
import { drain, freePort, ProbeError, waitReady, type DrainReport } from './probe.js';
import { judge, Locator, type Observed, type Stage } from './runtime/index.js';
import type { Finding, StaticOptions, Step } from './types.js';
import { heartbeat, type StepProgress } from './progress.js';

export interface VerifyOptions {
  engine?: 'auto' | EngineName;
  /** Seconds to wait for readiness, and the grace period after SIGTERM (default 30; CLI `--grace`). */
  timeoutSeconds?: number;
  /**
   * Seconds the whole verification may take, cleanup included (default 1200; CLI `--timeout`). Each
   * step has its own deadline inside it; a step past its deadline is killed and verification stops
   * with CannotRunError.
   */
  deadlineSeconds?: number;
  /** Aborting it stops verification: what it started is killed and removed, then InterruptedError. */
  signal?: AbortSignal;
  /** Told what the native engine will run, before it runs anything (and why it was chosen under auto). */
  onNotice?: (message: string) => void;
  keep?: boolean;
  pull?: EngineContext['pull'];
  /**
   * Native engine only (container engines always contain the target). `false` runs the target's
   * build, tests and service WITHOUT the bubblewrap sandbox, as the invoking user with all its
   * access: only for code you trust, e.g. a service you just generated, where bwrap cannot run
   * (CLI `--no-sandbox`). The notice saying so goes to `onNotice`, or to stderr without one.
   * Default true: without a working bwrap the native engine does not run (CannotRunError).
   */
  sandbox?: boolean;
  static?: StaticOptions;
  /** The helm that lints and renders the chart (default: `helm` on PATH), or false for none. */
  helm?: string | false;
  /** Called as each step finishes, for live progress. */
  onStep?: (step: Step) => void;
  /**
   * Called while a step runs, every `progressEveryMs` (default 30 s), with how long it has run and
   * its time limit: a long step (a first build) is seen to be alive. The CLI prints it on stderr with
   * the stylish reporter only, never into a machine-readable report.
   */
  onProgress?: (progress: StepProgress) => void;
  progressEveryMs?: number;
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

type StepFn = <T>(name: string, fn: (signal: AbortSignal) => Promise<T>, options?: StepOptions<T>) => Promise<T>;
interface StepOptions<T> {
  /** The step's own bound in milliseconds (default: what is left of the overall deadline). */
  capMs?: number;
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
  const totalMs = (options.deadlineSeconds ?? 1200) * 1000;
  // Cleanup has a share of the overall deadline that no step may use.
  const cleanupMs = Math.min(30_000, Math.max(5_000, totalMs / 5));
  const endAt = Date.now() + totalMs - cleanupMs;
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
    const bound = Math.min(o.capMs ?? Infinity, endAt - started);
    const s = stepSignal(name, bound, options.signal);
    const { onProgress } = options;
    const stopBeat = onProgress ? heartbeat(name, bound, onProgress, options.progressEveryMs) : () => {};
    let value;
    try {
      // A step that does not listen to its signal is still left behind at the deadline.
      value = await Promise.race([fn(s.signal), s.fired]);
      await o.check?.(value);
    } catch (error) {
      finish(false, (error as Error).message);
      throw error;
    } finally {
      stopBeat();
      s.dispose();
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
  let staticResult;
  try {
    staticResult = await step('static checks', (signal) => checkStatic(dir, { ...staticOptions, signal }), {
      capMs: STATIC_MS,
      detail: (r) => {
        const errors = r.findings.filter((f) => f.severity === 'error').length;
        const helm = r.renderer ? `, chart checked with ${r.renderer.name} ${r.renderer.version}` : '';
        return `${errors} error(s), ${r.findings.length - errors} warning(s)${helm}`;
      },
      check: (r) => void findings.push(...r.findings),
    });
  } catch (error) {
    if (error instanceof DeadlineError) throw cannotRun(error.message, null);
    throw error;
  }
  const { facts } = staticResult;
  const ctx: EngineContext = {
    dir,
    facts,
    keep: options.keep ?? false,
    pull: options.pull ?? 'missing',
    sandbox: options.sandbox ?? true,
  };
  // Running a target unsandboxed is never silent, API callers without onNotice included.
  const notice =
    options.onNotice ??
    (ctx.sandbox === false ? (m: string) => void process.stderr.write(`distroless-validate: ${m}\n`) : undefined);
  let engine: Engine;
  try {
    engine = await pickEngine(options.engine ?? 'auto', ctx, notice);
  } catch (error) {
    if (error instanceof CannotRunError) throw cannotRun(error.message, null);
    throw error;
  }
  if (options.signal?.aborted) {
    await engine.cleanup();
    throw new InterruptedError(String(options.signal.reason ?? 'aborted'));
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
    if (error instanceof DeadlineError) throw cannotRun(error.message, engine.name);
    throw error;
  } finally {
    // Bounded too: a cleanup that hangs (a wedged engine) must not keep the verifier alive.
    const started = Date.now();
    const done = await within(
      engine.cleanup().then(() => true),
      cleanupMs,
    );
    record({
      name: 'cleanup',
      ok: done === true,
      ms: Date.now() - started,
      ...(done ? {} : { detail: `not finished within ${cleanupMs / 1000} s` }),
    });
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
    await run.step(`build (${engine.name})`, (signal) => engine.build(signal), {
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
    await run.step('image facts', (signal) => engine.inspect!(signal), {
      capMs: INSPECT_MS,
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
    running = await run.step(
      'start',
      (signal) =>
        engine.start({
          hostPort,
          servicePort: observed.facts.port ?? 8080,
          graceSeconds: timeout,
          signal,
          env: {
            DEBUG_ENDPOINTS: 'true',
            SHUTDOWN_DELAY_SECONDS: String(delay),
            SHUTDOWN_TIMEOUT_SECONDS: String(appTimeout),
          },
        }),
      { capMs: START_MS },
    );
  } catch (error) {
    observed.start = { error: serviceFailure(error) };
    run.judge('start');
    return;
  }
  observed.start = { error: null };
  try {
    // The readiness bound is the grace period; the step's deadline is a little later, for the last probe.
    await run.step('ready (/readyz 200)', (signal) => waitReady(running, timeout * 1000, signal), {
      capMs: timeout * 1000 + 5_000,
    });
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
      // Requests before SIGTERM, the grace period, then the kill and its wait (probe.ts KILL_WAIT_MS).
      capMs: 2 * timeout * 1000 + 45_000,
      detail: drainDetail,
      check: async (report) => {
        observed.drain = { report, logs: tail(await running.logs(), 10), pid1: running.pid1 === true };
        run.judge('drain');
      },
    },
  );
}

/**
 * The drain step's line: how it exited (a code, or the signal that ended it, where it read
 * `exit null`), how long after SIGTERM, and when /readyz turned 503.
 */
export function drainDetail(r: DrainReport): string {
  const drop = r.readyDropMs !== null ? `, /readyz 503 after ${r.readyDropMs} ms` : '';
  const exit = r.exit.code ?? r.exit.signal ?? 'unknown';
  return `exit ${exit}, ${r.stopToExitMs} ms after SIGTERM (delivered in ${r.deliveryMs} ms${drop})`;
}

/** Step bounds, each clipped to what is left of the overall deadline. */
const STATIC_MS = 300_000;
const INSPECT_MS = 120_000;
const START_MS = 120_000;

async function pickEngine(
  choice: 'auto' | EngineName,
  ctx: EngineContext,
  notice: ((message: string) => void) | undefined,
): Promise<Engine> {
  if (choice === 'native') return native(ctx, notice, NATIVE_CHOSEN);
  if (choice !== 'auto') {
    if (!(await containerEngineWorks(choice)))
      throw new CannotRunError(`${choice} is not usable here (\`${choice} info\` failed)`);
    return containerEngine(choice, ctx);
  }
  for (const name of ['docker', 'podman'] as const)
    if (await containerEngineWorks(name)) return containerEngine(name, ctx);
  // Never silently: the native engine runs the service's own code on this machine (in a sandbox).
  return native(ctx, notice, 'auto: neither docker nor podman works here, so the native engine');
}

const NATIVE_CHOSEN = '--engine native';

function native(ctx: EngineContext, notice: ((message: string) => void) | undefined, why: string): Engine {
  // What verifiers killed with SIGKILL left behind (their cleanup never ran), said when there is any.
  const stale = sweepStaleRoots();
  if (stale.length)
    notice?.(`removed ${stale.length} temporary folder(s) of killed verifications: ${stale.join(', ')}`);
  try {
    const engine = nativeEngine(ctx);
    notice?.(`${why} runs the service's code on this machine:\n${engine.describe?.() ?? ''}`);
    return engine;
  } catch (error) {
    // Only auto fell back to native because no container engine works; --engine native was asked for.
    if (error instanceof EngineError) {
      const what =
        why === NATIVE_CHOSEN ? 'the native engine cannot build it' : 'no container engine, and no native build';
      throw new CannotRunError(`${what}: ${error.message}`);
    }
    throw error;
  }
}
