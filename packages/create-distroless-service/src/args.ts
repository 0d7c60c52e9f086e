// Command-line flags → a partial answers object plus run options. No validation beyond parsing:
// the answers schema judges the values.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { PartialAnswers } from './answers.js';
import { mirrorUrlProblem } from './digests.js';

export const USAGE = `Usage: create-distroless-service [dir] [options]
       create-distroless-service update [dir] [options]   (see update --help)

Scaffold a service that builds into a distroless image, answers Kubernetes
probes, drains on SIGTERM and ships a Helm chart, an ADR and a CI workflow.

Options:
  -l, --lang <lang>          node | go | python
      --framework <name>     Node only: http (node:http, default) | fastify
  -n, --name <name>          service name, a DNS-1123 label (default: the dir name)
  -d, --description <text>   one line describing the service
  -o, --owner <team>         owning team, e.g. @acme/payments (CODEOWNERS, catalog, ADR)
  -p, --port <n>             port the service listens on (default 8080)
      --base <base>          distroless | chainguard (default distroless)
      --adr-status <status>  proposed | accepted: status of the generated ADRs
                             (default proposed: nobody has decided yet)
      --pin-digests          pin the base images by digest (image:tag@sha256:...), read
                             from their registries now; Renovate keeps them current
      --registry-mirror <registry>=<url>
                             with --pin-digests, ask <url> for <registry>'s images
                             (e.g. cgr.dev=http://127.0.0.1:5000; repeatable)
      --answers <file.json>  read answers from a JSON file (flags win); a service's
                             .distroless-service.json works too
  -y, --yes                  use defaults for everything not given, never prompt
      --dry-run              print the files that would be written, write nothing
  -f, --force                write into a non-empty directory, replacing template files
      --no-git               do not initialise a git repository
  -h, --help                 show this help
  -v, --version              show the version

Prompts appear only on an interactive terminal outside CI. Without them, a
missing --lang or --name fails at once unless --yes is given.

Exit codes: 0 done; 1 generation failed (an I/O error, git failed, or a digest
could not be read), nothing written; 2 bad arguments or answers, or a target
that is not empty (no --force), a link, a file, busy or named like a Windows
device (con, nul, com1, ...); 130 cancelled (SIGINT), 143 SIGTERM, 129 SIGHUP.
A killed run leaves the target as it was or complete; the next run on it
finishes an interrupted swap.

To generate into a directory named "update", write ./update.`;

/** The options generation accepts (the README's flag table is tested against them). */
export const CLI_OPTIONS = {
  lang: { type: 'string', short: 'l' },
  framework: { type: 'string' },
  name: { type: 'string', short: 'n' },
  description: { type: 'string', short: 'd' },
  owner: { type: 'string', short: 'o' },
  port: { type: 'string', short: 'p' },
  base: { type: 'string' },
  'adr-status': { type: 'string' },
  answers: { type: 'string' },
  yes: { type: 'boolean', short: 'y', default: false },
  'dry-run': { type: 'boolean', default: false },
  force: { type: 'boolean', short: 'f', default: false },
  'no-git': { type: 'boolean', default: false },
  'pin-digests': { type: 'boolean', default: false },
  'registry-mirror': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const satisfies ParseArgsConfig['options'];

/** Generation's exit codes, and those of the signals it stops on (the README's table is tested against them). */
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;
export { SIGNAL_EXIT } from './signal-codes.js';

export interface CliOptions {
  dir?: string;
  flags: PartialAnswers;
  answersFile?: string;
  yes: boolean;
  dryRun: boolean;
  force: boolean;
  git: boolean;
  /** --pin-digests, with the registry mirrors to ask. */
  pinDigests: false | { mirrors: Record<string, string> };
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--registry-mirror <registry>=<url>` values (generation's and update's) → registry → URL. */
export function parseMirrors(specs: readonly string[], fail: (message: string) => Error): Record<string, string> {
  const mirrors: Record<string, string> = {};
  for (const m of specs) {
    const eq = m.indexOf('=');
    if (eq < 1 || !/^https?:\/\/\S+$/.test(m.slice(eq + 1)))
      throw fail(`--registry-mirror ${m}: expected <registry>=<http(s) URL>`);
    const problem = mirrorUrlProblem(m.slice(eq + 1));
    if (problem) throw fail(`--registry-mirror ${m}: ${problem}`);
    mirrors[m.slice(0, eq)] = m.slice(eq + 1);
  }
  return mirrors;
}

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: CLI_OPTIONS,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected at most one directory, got ${positionals.join(' ')}`);

  // `--answers=` or `--answers ""` (an unset shell variable): a file was meant, none was named.
  if (values.answers === '') throw new UsageError('--answers needs a file: got an empty path');
  const flags: PartialAnswers = {};
  for (const key of ['lang', 'framework', 'name', 'description', 'owner', 'base'] as const) {
    if (values[key] !== undefined) flags[key] = values[key];
  }
  if (values['adr-status'] !== undefined) flags.adrStatus = values['adr-status'];
  // Text: checkAnswers reads a port from it, by the one rule for every way a port is given.
  if (values.port !== undefined) flags.port = values.port;

  const mirrors = parseMirrors(values['registry-mirror'] ?? [], (message) => new UsageError(message));
  if (Object.keys(mirrors).length > 0 && !values['pin-digests'])
    throw new UsageError('--registry-mirror only applies with --pin-digests');

  return {
    dir: positionals[0],
    flags,
    answersFile: values.answers,
    yes: values.yes,
    dryRun: values['dry-run'],
    force: values.force,
    git: !values['no-git'],
    pinDigests: values['pin-digests'] && { mirrors },
    help: values.help,
    version: values.version,
  };
}
