// Runtime rules: what building and running the service shows that reading it cannot. They use the
// validator's one rule shape; verification records what each step observed, then runs the rules of
// that step over the observations (a rule sees only what has happened so far).
import type { Rule } from '../../core/index.js';
import type { EngineError, ImageFacts } from '../engines/types.js';
import type { DrainReport, ProbeError } from '../probe.js';
import type { ServiceFacts } from '../types.js';
import type { Locator } from './locator.js';

/** The steps of a verification that have checks, in order. */
export type Stage = 'build' | 'image' | 'start' | 'ready' | 'drain';

export interface Observed {
  facts: ServiceFacts;
  build?: { error: EngineError | null; artifact: string | null };
  image?: ImageFacts;
  start?: { error: EngineError | null };
  /** The last lines of the service's output are taken when readiness failed. */
  ready?: { error: ProbeError | null; logs: string };
  /** `pid1`: the service ran as PID 1 of its PID namespace (a container, the sandbox). */
  drain?: { report: DrainReport; logs: string; pid1?: boolean };
}

export interface RuntimeOptions {
  /** Finds the line a finding points at. */
  locator: Locator;
  /** The readiness bound and grace period, in seconds (`--timeout`). */
  timeout: number;
}

export interface RuntimeRule extends Rule<Observed, RuntimeOptions> {
  /** After which steps the rule looks at the observations. */
  stages: readonly Stage[];
}
