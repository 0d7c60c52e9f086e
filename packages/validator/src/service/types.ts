// Shared shapes of service verification: static checks produce findings and facts; engines build
// and run; probe and drain checks add findings; reporters print them.

import type { Finding, Severity } from '../core/index.js';

/** Findings are the validator's one shape; `file` is relative to the service directory. */
export type { Finding, Severity };

export type Language = 'node' | 'go' | 'python';

/** What the static checks learnt about the service, for the engines to build and run it. */
export interface ServiceFacts {
  language: Language | null;
  /** The final stage's base image reference, as written. */
  runtimeImage: string | null;
  /** The builder stage's base image reference (the stage the final stage copies from). */
  builderImage: string | null;
  /** Final-stage ENTRYPOINT and CMD in exec form (null when absent or shell form). */
  entrypoint: string[] | null;
  cmd: string[] | null;
  workdir: string | null;
  user: string | null;
  /** EXPOSEd port, if any. */
  port: number | null;
  /** Dockerfile builder RUN commands, in order, for the native engine. */
  builderRuns: string[];
  /** ENV set in the builder stage (e.g. CGO_ENABLED), for the native engine. */
  builderEnv?: Record<string, string>;
}

export interface StaticOptions {
  /** Registries/prefixes allowed for the final stage (default: Google distroless and Chainguard). */
  allowedBases?: string[];
}

/** The tool that rendered the chart, e.g. { name: 'helm', version: 'v4.1.4' }. */
export interface Renderer {
  name: string;
  version: string;
  path: string;
}

export interface StaticResult {
  findings: Finding[];
  facts: ServiceFacts;
  /** The helm that linted and rendered the chart; null when there is none (or no chart). */
  renderer: Renderer | null;
}

export interface Step {
  name: string;
  /** False when the step failed or one of its checks raised an error. */
  ok: boolean;
  ms: number;
  detail?: string;
  /** Ids of the findings this step's checks raised. */
  findings?: string[];
}
