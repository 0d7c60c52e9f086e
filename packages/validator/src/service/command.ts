// `distroless-validate service <dir>`: verify a service statically and by building and running it.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../io.js';
import { formats, reporterFor } from '../reporters/index.js';
import { version } from '../version.js';
import { formatStep } from './progress.js';
import { serviceReport } from './report.js';
import { onPath } from './tools.js';
import { CannotRunError, verifyService, type VerifyResult } from './verify.js';

const USAGE = `Usage: distroless-validate service <dir> [options]

Check a service statically (Dockerfile, Helm chart, ADRs), then build and run it like
Kubernetes would: /readyz and /healthz answered, and SIGTERM with a request in flight
turns /readyz to 503, lets the request finish and exits 0 within the grace period.

Options:
  --engine <e>     auto | docker | podman | native (default auto: a working docker or
                   podman, else the host toolchain)
  --format <f>     stylish | json | sarif | github (default stylish); sarif and github
                   give paths from the current directory, json from the service
  --timeout <s>    seconds to wait for readiness, and the grace period after SIGTERM (30)
  --pull <p>       base image pull policy for container builds: never | missing | always (missing)
  --helm <path>    the helm that lints and renders the chart (default: helm on PATH;
                   without one, a warning and the other checks still run)
  --keep           keep the image, container or build output
  -h, --help       show this help

Waits are for events, each with a bound: SIGTERM counts as sent when the engine's
kill (podman/docker kill --signal TERM, or kill(2) for native) has returned; /readyz
is then polled every 50 ms until it answers 503, for at most the drain delay the
verifier sets (SHUTDOWN_DELAY_SECONDS: 2 s, 1 s when --timeout < 10) plus the grace
period; the exit is awaited for the grace period, then the service is killed (137).

Exit codes: 0 no errors, 1 errors found, 2 could not run (bad arguments, no engine
and no toolchain, a base image missing under --pull never, --helm not an executable);
the findings made before it stopped, the static ones at least, are still printed.
`;

export const runService: Command = async (argv, io) => {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        engine: { type: 'string', default: 'auto' },
        format: { type: 'string', default: 'stylish' },
        timeout: { type: 'string', default: '30' },
        pull: { type: 'string', default: 'missing' },
        helm: { type: 'string' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    io.stderr(`distroless-validate service: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const fail = (message: string) => {
    io.stderr(`distroless-validate service: ${message}\n`);
    return 2;
  };
  if (positionals.length !== 1) return fail('expected exactly one service directory');
  const dir = path.resolve(io.cwd, positionals[0]!);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return fail(`${positionals[0]} is not a directory`);
  if (!['auto', 'docker', 'podman', 'native'].includes(values.engine))
    return fail(`--engine must be auto, docker, podman or native (got ${values.engine})`);
  const reporter = reporterFor(values.format);
  if (!reporter) return fail(`--format must be one of ${formats.join(', ')} (got ${values.format})`);
  if (!['never', 'missing', 'always'].includes(values.pull))
    return fail(`--pull must be never, missing or always (got ${values.pull})`);
  const timeout = Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout < 5 || timeout > 3600)
    return fail(`--timeout must be whole seconds from 5 to 3600 (got ${values.timeout})`);

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
  try {
    const result = await verifyService(dir, {
      engine: values.engine as 'auto',
      timeoutSeconds: timeout,
      keep: values.keep,
      pull: values.pull as 'missing',
      helm,
      // Steps print as they finish (stderr, so stdout stays the report).
      onStep: live ? (s) => io.stderr(`${formatStep(s)}\n`) : undefined,
    });
    print(result);
    return result.ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof CannotRunError)) throw error;
    // What was found before the engine gave up (the static findings at least) is still reported.
    if (error.result) print(error.result);
    return fail(error.message);
  }
};
