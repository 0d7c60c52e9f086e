// What verification needs from an engine: build the service, say what the image is (containers
// only), start it with an environment, and clean up.
import type { Target } from '../probe.js';
import type { ServiceFacts } from '../types.js';

export type EngineName = 'docker' | 'podman' | 'native';

export interface ImageFacts {
  user: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  sizeBytes: number;
  /** Whether `/bin/sh` could be started in the image (it must not). */
  shell: boolean;
}

export interface Running extends Target {
  /** Output so far, for messages. */
  logs(): Promise<string>;
  /** Resident memory of the service now, in bytes, where the engine can tell. */
  rss?(): Promise<number | null>;
  /**
   * The service is PID 1 of its own PID namespace (a container, the native engine's sandbox), where
   * a signal without a handler is dropped; without the sandbox its default action (exit) applies.
   */
  pid1?: boolean;
}

export interface StartOptions {
  /** Host port to reach the service on (loopback). */
  hostPort: number;
  /** Port the service listens on inside its environment. */
  servicePort: number;
  env: Record<string, string>;
  /** Seconds the engine waits after SIGTERM before it kills (the grace period). */
  graceSeconds: number;
  /** Fires at the start step's deadline or on an interrupt: starting stops, cleanup follows. */
  signal?: AbortSignal;
}

export interface Engine {
  name: EngineName;
  /**
   * Builds the service; throws EngineError with the tool's output on failure. When `signal` fires
   * (the step's deadline, or an interrupt), everything the build started is killed.
   */
  build(signal?: AbortSignal): Promise<void>;
  /** Container engines only. */
  inspect?(signal?: AbortSignal): Promise<ImageFacts>;
  /** What the engine runs, in words and commands, printed before `--engine native` runs anything. */
  describe?(): string;
  start(options: StartOptions): Promise<Running>;
  /** The built executable on the host (native engine), for checks on the binary itself. */
  artifact?(): string | null;
  /** Stops and removes everything the engine started or made (unless `keep`); safe to call twice. */
  cleanup(): Promise<void>;
}

export interface EngineContext {
  dir: string;
  facts: ServiceFacts;
  /** Keep images, containers and build output for inspection. */
  keep: boolean;
  /** Container base-image pull policy. */
  pull: 'never' | 'missing' | 'always';
  /**
   * Native engine: run the target in the bubblewrap sandbox (default). False runs it as the invoking
   * user without one, for code the caller trusts: only an explicit false does that.
   */
  sandbox?: boolean;
}

export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    message: string,
    readonly output = '',
    /** The build step that failed, as the Dockerfile writes it or as its RUN line contains it. */
    readonly step?: string,
  ) {
    super(message);
  }
}

/**
 * The engine itself cannot go on (a base image absent under --pull never, a signal it cannot
 * send): not the service's fault.
 */
export class EngineUnavailableError extends EngineError {
  override name = 'EngineUnavailableError';
}

/**
 * A failed test as the generated services' runners report it: node --test (TAP `not ok`, spec
 * `✖`), go test (`--- FAIL:`), unittest (`FAIL:`/`ERROR:` blocks). BuildKit prefixes each line
 * with its step and time.
 */
const FAILED_TEST = /^(?:#\d+ [\d.]+ )?\s*(?:not ok \d+|✖ |--- FAIL: |(?:FAIL|ERROR): )/;
/** Lines kept of each failed test's report (its first line and what follows up to a blank line). */
const FAILURE_LINES = 8;
/** Failed tests kept from before the last lines. */
const FAILURES = 3;

/**
 * The last lines of a tool's output, enough to see why it failed, after the first failed tests
 * reported above them: a build that runs the tests ends in the runner's summary and the build
 * tool's own lines, which would otherwise hide which test failed.
 */
export function tail(text: string, lines = 25): string {
  const all = text.trimEnd().split('\n');
  const cut = Math.max(0, all.length - lines);
  const kept: string[] = [];
  let failures = 0;
  for (let i = 0; i < cut && failures < FAILURES; i++) {
    if (!FAILED_TEST.test(all[i]!)) continue;
    failures++;
    let end = i + 1;
    while (end < cut && end - i < FAILURE_LINES && all[end] !== '' && !FAILED_TEST.test(all[end]!)) end++;
    kept.push(...all.slice(i, end));
    i = end - 1;
  }
  const omitted = cut - kept.length;
  const marker = omitted === 1 ? '[… 1 line omitted …]' : `[… ${omitted} lines omitted …]`;
  return [...kept, ...(kept.length > 0 && omitted > 0 ? [marker] : []), ...all.slice(cut)].join('\n');
}
