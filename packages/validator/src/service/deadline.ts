// Deadlines and interrupts: every step of a verification gets an AbortSignal that fires at the
// step's own deadline (inside the overall --timeout) or when the verifier itself is interrupted;
// whatever the step started listens to it and stops its whole process tree or container.

/** A step ran past its deadline: verification could not finish (exit 2), the service was not proven wrong. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
  constructor(
    readonly step: string,
    readonly ms: number,
  ) {
    super(`${step} did not finish within its deadline (${Math.round(ms / 1000)} s); what it started was killed`);
  }
}

/** The verifier was asked to stop (SIGINT, SIGTERM, SIGHUP, or the caller's signal). */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
  constructor(readonly reason: string) {
    super(`interrupted (${reason})`);
  }
}

export interface StepSignal {
  signal: AbortSignal;
  /** Resolves never; rejects with DeadlineError or InterruptedError when the signal fires. */
  fired: Promise<never>;
  dispose(): void;
}

/** A signal that fires `ms` from now, or when `outer` fires, whichever comes first. */
export function stepSignal(step: string, ms: number, outer?: AbortSignal): StepSignal {
  const controller = new AbortController();
  let reject: (e: Error) => void = () => {};
  const fired = new Promise<never>((_, r) => (reject = r));
  // Nobody may be listening when it fires after the step is over.
  fired.catch(() => {});
  const fire = (error: Error) => {
    if (controller.signal.aborted) return;
    controller.abort(error);
    reject(error);
  };
  const timer = setTimeout(() => fire(new DeadlineError(step, ms)), Math.max(0, ms));
  const onOuter = () => fire(new InterruptedError(reasonOf(outer!)));
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    fired,
    dispose: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

function reasonOf(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  if (typeof r === 'string') return r;
  if (r instanceof InterruptedError) return r.reason;
  return r instanceof Error ? r.message : 'aborted';
}

/** Resolves with the promise's value, or undefined once `ms` have passed; the timer never outlives it. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, ms))));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
