// `distroless-validate service <dir>`: verify a service statically and by building and running it.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Command } from '../io.js';
import { formats, reporterFor } from '../reporters/index.js';
import { version } from '../version.js';
import { formatProgress, formatStep } from './progress.js';
import { serviceReport } from './report.js';
import { onPath } from './tools.js';
import { InterruptedError } from './deadline.js';
import { CannotRunError, verifyService, type VerifyResult } from './verify.js';

export const SERVICE_USAGE = `Usage: distroless-validate service <dir> [options]

Check a service statically (Dockerfile, Helm chart, ADRs), then build and run it like
Kubernetes would: /readyz and /healthz answered, and SIGTERM with a request in flight
turns /readyz to 503, lets the request finish and exits 0 within the grace period.

Options:
  --engine <e>     auto | docker | podman | native (default auto: a working docker or
                   podman, else the host toolchain in a bubblewrap sandbox, said so on stderr)
  --format <f>     stylish | json | sarif | github (default stylish); sarif and github
                   give paths from the current directory, json from the service; stylish
                   shows each step on stderr, and every 30 s that a long step still runs
  --timeout <s>    seconds the whole verification may take, cleanup included (1200); each
                   step (static, build, start, ready, drain, cleanup) has its own deadline
                   inside it, and a step past it is killed with all it started (exit 2)
  --grace <s>      seconds to wait for readiness, and the grace period after SIGTERM (30)
  --pull <p>       base image pull policy for container builds: never | missing | always (missing)
  --helm <path>    the helm that lints and renders the chart (default: helm on PATH;
                   without one, a warning and the other checks still run)
  --keep           keep the image, container or build output
  --no-sandbox     native engine only, for code you trust: run its build, tests and service
                   WITHOUT the bubblewrap sandbox, as you, with all your access (said on stderr)
  -h, --help       show this help

Waits are for events, each with a bound: SIGTERM counts as sent when the engine's
kill (podman/docker kill --signal TERM, or kill(2) for native) has returned; /readyz
is then polled every 50 ms until it answers 503, for at most the drain delay the
verifier sets (SHUTDOWN_DELAY_SECONDS: 2 s, 1 s when --grace < 10) plus the grace
period; the exit is awaited for the grace period, then the service is killed (137).

SIGINT, SIGTERM or SIGHUP stop the verification: what it started (processes,
containers, images it built, temporary folders) is removed first, then it exits
130, 143 or 129.

Exit codes: 0 no errors, 1 errors found, 2 could not verify (bad arguments, no engine
and no toolchain, or a go older than go.mod's go line, a base image missing under
--pull never, --helm not an executable,
a step past its deadline, an internal error); the findings made before it stopped,
the static ones at least, are still printed.
`;

const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** Exit codes (the README's table is tested against these). */
export const SERVICE_EXIT = { ok: 0, errors: 1, failed: 2, ...SIGNALS } as const;

/** The options the command accepts (the README's synopsis is tested against them). */
export const SERVICE_OPTIONS = {
  engine: { type: 'string', default: 'auto' },
  format: { type: 'string', default: 'stylish' },
  timeout: { type: 'string', default: '1200' },
  grace: { type: 'string', default: '30' },
  pull: { type: 'string', default: 'missing' },
  helm: { type: 'string' },
  keep: { type: 'boolean', default: false },
  'no-sandbox': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export const runService: Command = async (argv, io) => {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: SERVICE_OPTIONS,
    }));
  } catch (error) {
    io.stderr(`distroless-validate service: ${(error as Error).message}\n\n${SERVICE_USAGE}`);
    return SERVICE_EXIT.failed;
  }
  if (values.help) {
    io.stdout(SERVICE_USAGE);
    return SERVICE_EXIT.ok;
  }
  const fail = (message: string) => {
    io.stderr(`distroless-validate service: ${message}\n`);
    return SERVICE_EXIT.failed;
  };
  if (positionals.length !== 1) return fail('expected exactly one service directory');
  const dir = path.resolve(io.cwd, positionals[0]!);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return fail(`${positionals[0]} is not a directory`);
  if (!['auto', 'docker', 'podman', 'native'].includes(values.engine))
    return fail(`--engine must be auto, docker, podman or native (got ${values.engine})`);
  if (values['no-sandbox'] && (values.engine === 'docker' || values.engine === 'podman'))
    return fail(`--no-sandbox is for the native engine; ${values.engine} runs the service in its containers`);
  const reporter = reporterFor(values.format);
  if (!reporter) return fail(`--format must be one of ${formats.join(', ')} (got ${values.format})`);
  if (!['never', 'missing', 'always'].includes(values.pull))
    return fail(`--pull must be never, missing or always (got ${values.pull})`);
  const grace = Number(values.grace);
  if (!Number.isInteger(grace) || grace < 5 || grace > 3600)
    return fail(`--grace must be whole seconds from 5 to 3600 (got ${values.grace})`);
  const timeout = Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout < 5 || timeout > 86_400)
    return fail(`--timeout must be whole seconds from 5 to 86400 (got ${values.timeout})`);

  let helm: string | undefined;
  if (values.helm !== undefined) {
    // A bare name (helm3) is looked up on PATH, as a shell would.
    const found = values.helm.includes('/') ? path.resolve(io.cwd, values.helm) : onPath(values.helm);
    try {
      fs.accessSync(found ?? '', fs.constants.X_OK);
      if (!fs.statSync(found ?? '').isFile()) throw new Error('not a file');
    } catch {
      return fail(`--helm ${values.helm} is not an executable file`);
    }
    helm = found!;
  }

  const live = values.format === 'stylish';
  const base = path.relative(io.cwd, dir).split(path.sep).join('/');
  const print = (result: VerifyResult) => io.stdout(reporter(serviceReport(result, { version, base })));
  // A signal stops the verification; its cleanup runs before the exit code says which signal it was.
  const interrupt = new AbortController();
  let received: keyof typeof SIGNALS | undefined;
  const handlers = Object.keys(SIGNALS).map((name) => {
    const handler = () => {
      // A second signal must not cut the cleanup short (that would leave what it is removing).
      if (received) {
        io.stderr(`distroless-validate service: ${name} again: still removing what it started\n`);
        return;
      }
      received = name as keyof typeof SIGNALS;
      io.stderr(`distroless-validate service: ${name}, stopping and removing what it started\n`);
      interrupt.abort(name);
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  try {
    const result = await verifyService(dir, {
      engine: values.engine as 'auto',
      timeoutSeconds: grace,
      deadlineSeconds: timeout,
      keep: values.keep,
      sandbox: !values['no-sandbox'],
      pull: values.pull as 'missing',
      helm,
      signal: interrupt.signal,
      onNotice: (message) => io.stderr(`distroless-validate service: ${message}\n`),
      // Steps print as they finish (stderr, so stdout stays the report).
      onStep: live ? (s) => io.stderr(`${formatStep(s)}\n`) : undefined,
      // A long step says every 30 s that it still runs, with its time limit (stderr, stylish only).
      onProgress: live ? (p) => io.stderr(`${formatProgress(p)}\n`) : undefined,
    });
    if (received) return SIGNALS[received];
    print(result);
    return result.ok ? SERVICE_EXIT.ok : SERVICE_EXIT.errors;
  } catch (error) {
    if (received || error instanceof InterruptedError) return SIGNALS[received ?? 'SIGINT'];
    if (!(error instanceof CannotRunError)) {
      // Hostile input must not end in a stack trace: it could not be verified, and this says why.
      return fail(`could not verify (internal error: ${(error as Error).message ?? String(error)})`);
    }
    // What was found before the engine gave up (the static findings at least) is still reported.
    if (error.result) print(error.result);
    return fail(error.message);
  } finally {
    // After a signal the process exits with its code as soon as this returns: the handlers stay, so
    // a further signal in that moment is still answered, not taken by Node's default (exit 143).
    if (!received) for (const off of handlers) off();
  }
};
