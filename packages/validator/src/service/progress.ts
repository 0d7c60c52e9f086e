// Live progress: one line per step as it finishes, on stderr while stdout carries the report, and
// a line now and then while a long step runs (a cold module cache can keep a build busy for minutes).
import type { Step } from './types.js';

/** A step still running: its name, how long it has run and how long it may run. */
export interface StepProgress {
  name: string;
  elapsedMs: number;
  /** The step's deadline from its start (its own bound, clipped to what is left of `--timeout`). */
  limitMs: number;
}

/** How often a running step reports that it still runs, by default. */
export const PROGRESS_EVERY_MS = 30_000;

const seconds = (ms: number) => (ms >= 600_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

export function formatProgress(p: StepProgress): string {
  const limit = Number.isFinite(p.limitMs) ? ` (time limit ${seconds(p.limitMs)})` : '';
  return `… ${p.name} still running: ${seconds(p.elapsedMs)} so far${limit}`;
}

/**
 * Calls `emit` every `everyMs` while a step runs, from its start; the returned function stops it.
 * The timer never keeps the process alive.
 */
export function heartbeat(
  name: string,
  limitMs: number,
  emit: (p: StepProgress) => void,
  everyMs = PROGRESS_EVERY_MS,
): () => void {
  const started = Date.now();
  const timer = setInterval(() => emit({ name, elapsedMs: Date.now() - started, limitMs }), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function formatStep(step: Step): string {
  const time = step.ms >= 1000 ? `${(step.ms / 1000).toFixed(1)} s` : `${step.ms} ms`;
  const failed = step.findings?.length ? `  [${step.findings.join(', ')}]` : '';
  const detail = step.detail ? `  ${step.detail}` : '';
  return `${step.ok ? '✔' : '✖'} ${step.name.padEnd(40)} ${time.padStart(8)}${detail}${failed}`;
}
