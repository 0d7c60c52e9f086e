// `create-distroless-service update`: flags → update() → a report and an exit code. Loaded only
// when the first argument is `update` (its own bundle, dist/update.cjs), so scaffolding never
// pays for it.
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AnswersError, answerKeys, type PartialAnswers } from '../answers.js';
import { parseMirrors, SIGNAL_EXIT } from '../args.js';
import { chainguardUnpinned } from '../digests.js';
import { shellWord } from '../text.js';
import { describeMarkers, formatMarker } from './markers.js';
import type { FileChange } from './merge.js';
import { TargetError, workingDirectory } from '../write.js';
import { update, UpdateError, type UpdateResult } from './update.js';

export const UPDATE_USAGE = `Usage: create-distroless-service update [dir] [options]

Bring a service made by create-distroless-service up to a newer template, or
re-render it with changed answers, keeping your edits: the old template with the
recorded answers and the new one are merged into your files with git merge-file.

Options:
      --to <version|path>    template to update to: a published version or
                             dist-tag (fetched with npm, cached), a templates
                             folder or a package tarball (default: this CLI's)
      --from <version|path>  template the service was made from, when its
                             .distroless-service.json does not record it
      --set <key=value>      change an answer, repeatable: --set port=9090
      --answers-only         keep the template version, apply --set only
      --check                say whether the service is behind the template (or
                             the answers --set gives), or holds conflict markers
                             an earlier update left
                             (exit 1 when either, listed path:line); change nothing.
                             A service made from a newer template is ahead (exit 0)
      --dry-run              print the unified diff of the update, write nothing
      --pin-digests          pin the base images by digest (image:tag@sha256:...),
                             read from their registries now, as generation's
                             --pin-digests does, for a service generated without
                             it; with --answers-only, without a template update.
                             A service already pinned keeps its digests
      --registry-mirror <registry>=<url>
                             where a base image's digest is read (--pin-digests,
                             or a pinned service whose template moved a base
                             image to a new tag): ask <url> for <registry>'s
                             images (repeatable). A tag the template still
                             names keeps its recorded digest.
  -f, --force                run over uncommitted changes in the git work tree,
                             over unresolved conflict markers, and back to an
                             older template than the service was made from
  -h, --help                 show this help

Exit codes: 0 updated or already current; 1 updated with conflicts to resolve
(files hold <<<<<<< markers, or a <path>.template-new the template's version
of a file you deleted, or of a binary file you both changed), or --check found
the service behind or holding markers; 2 bad arguments or refused (not a
service, uncommitted changes, files still holding conflict markers, made from a
newer template), nothing written;
3 failed (template version not found, a templates folder holding a FIFO or a
link, a base image's digest not resolved, rendering or writing failed), nothing
written; 129, 130, 143 interrupted by SIGHUP, SIGINT, SIGTERM, nothing written.`;

// The function itself too, for programs that load this bundle (the crash tests drive it with a hook).
export { update };

/** Exit codes; a signal gives 128 + its number (SIGNAL_EXIT: 129, 130, 143), as generation does. */
export const UPDATE_EXIT = { ok: 0, conflicts: 1, usage: 2, failed: 3 } as const;

/** The options `update` accepts (the README's flag table is tested against them). */
export const UPDATE_OPTIONS = {
  to: { type: 'string' },
  from: { type: 'string' },
  set: { type: 'string', multiple: true, default: [] },
  'answers-only': { type: 'boolean', default: false },
  check: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  force: { type: 'boolean', short: 'f', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  'registry-mirror': { type: 'string', multiple: true, default: [] },
  'pin-digests': { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

interface UpdateCli {
  /** As given: the next step --check prints repeats it only when it was. */
  dir?: string;
  to?: string;
  from?: string;
  set: PartialAnswers;
  answersOnly: boolean;
  check: boolean;
  dryRun: boolean;
  force: boolean;
  help: boolean;
  mirrors: Record<string, string>;
  pinDigests: boolean;
}

function parse(argv: string[]): UpdateCli {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: UPDATE_OPTIONS,
  });
  if (positionals.length > 1) throw new UpdateError(`expected at most one directory, got ${positionals.join(' ')}`);
  const set: PartialAnswers = {};
  for (const pair of values.set) {
    const match = /^([A-Za-z][\w-]*)=(.*)$/s.exec(pair);
    if (!match) throw new UpdateError(`--set takes key=value, got "${pair}"`);
    const [, key, value] = match as unknown as [string, string, string];
    if (!(answerKeys as string[]).includes(key)) {
      throw new UpdateError(`--set ${key}: unknown answer (known: ${answerKeys.join(', ')})`);
    }
    // Text, as with --port: checkAnswers reads a port from it.
    (set as Record<string, unknown>)[key] = value;
  }
  const mirrors = parseMirrors(values['registry-mirror'], (message) => new UpdateError(message));
  return {
    dir: positionals[0],
    mirrors,
    pinDigests: values['pin-digests'],
    to: values.to,
    from: values.from,
    set,
    answersOnly: values['answers-only'],
    check: values.check,
    dryRun: values['dry-run'],
    force: values.force,
    help: values.help,
  };
}

export async function runUpdate(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let caught: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    caught ??= signal;
    controller.abort();
  };
  for (const signal of Object.keys(SIGNAL_EXIT)) process.on(signal, onSignal);
  try {
    const cli = parse(argv);
    if (cli.help) {
      console.log(UPDATE_USAGE);
      return UPDATE_EXIT.ok;
    }
    // Before the update: a swap of the directory holding it leaves the process in a removed folder.
    const cwd = workingDirectory();
    const result = await update({ ...cli, dir: cli.dir ?? '.', signal: controller.signal });
    return report(result, cwd, cli);
  } catch (error) {
    const err = error as Error;
    if (controller.signal.aborted) {
      console.error(`create-distroless-service update: interrupted (${caught}); nothing was changed`);
      return SIGNAL_EXIT[caught!]!;
    }
    // A digest that cannot be read (--pin-digests, or a pinned service's moved tag): the image and why.
    const message =
      err.name === 'DigestError'
        ? `cannot pin the base images by digest: ${err.message}; nothing was changed`
        : err.message;
    console.error(`create-distroless-service update: ${message}`);
    if (process.env.DEBUG) console.error(err.stack);
    const usage =
      err instanceof UpdateError ||
      err instanceof AnswersError ||
      err instanceof TargetError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (usage && /^(Unknown option|Option|expected at most|--set takes)/.test(err.message)) {
      console.error('Run create-distroless-service update --help for usage.');
    }
    return usage ? UPDATE_EXIT.usage : UPDATE_EXIT.failed;
  } finally {
    for (const signal of Object.keys(SIGNAL_EXIT)) process.off(signal, onSignal);
  }
}

function why(change: FileChange): string | undefined {
  const folder = change.path.slice(0, change.path.lastIndexOf('/') + 1) || './';
  switch (change.conflict) {
    case 'content':
      return 'both changed the same lines: resolve the <<<<<<< markers';
    case 'modified-deleted':
      return 'the template removed it, you changed it: kept as it is';
    case 'deleted-modified':
      return `you deleted it, the template changed it: left deleted, the template's version is in ${change.aside}; apply what you need, then delete that file`;
    case 'added-removed-folder':
      return `the template added it in ${folder}, which you removed: not written there, it is in ${change.aside}; move it where it belongs or delete it`;
    case 'binary':
      return `not text, changed on both sides: kept yours, the template's version is in ${change.aside}; apply what you need, then delete that file`;
  }
  // The team moved the file (or its folder): the template's change went with it.
  if (change.templatePath && change.outcome === 'added') {
    return `the template's new ${change.templatePath}, in the folder you moved here`;
  }
  if (change.templatePath) return `the template's ${change.templatePath}, which you moved here`;
  return undefined;
}

function line(change: FileChange): string {
  const name = change.from ? `${change.from} -> ${change.path}` : change.path;
  const reason = why(change);
  return `  ${change.outcome.padEnd(9)} ${name}${reason ? `  (${reason})` : ''}`;
}

/** The update that --check stands for, from the parsed options: the same directory and every option that
 * chooses what it does. --force is left for the user to add: the update names it when it refuses. */
function nextStep(cli: UpdateCli): string {
  // A directory opening with a dash goes after --, where it cannot be read as an option.
  const dashed = cli.dir?.startsWith('-');
  const words = ['create-distroless-service', 'update', ...(cli.dir !== undefined && !dashed ? [cli.dir] : [])];
  if (cli.to !== undefined) words.push('--to', cli.to);
  if (cli.from !== undefined) words.push('--from', cli.from);
  if (cli.answersOnly) words.push('--answers-only');
  for (const [key, value] of Object.entries(cli.set)) words.push('--set', `${key}=${String(value)}`);
  for (const [registry, url] of Object.entries(cli.mirrors)) words.push('--registry-mirror', `${registry}=${url}`);
  if (dashed) words.push('--', cli.dir!);
  return words.map(shellWord).join(' ');
}

function report(result: UpdateResult, cwd: string, cli: UpdateCli): number {
  const shown = path.relative(cwd, result.dir) || '.';
  for (const note of result.notes) console.error(`note: ${note}`);
  if (result.status === 'behind') {
    // What makes it behind: the template, the answers --set changes, or both, each named.
    const answers = result.answers.length
      ? `--set changes ${result.answers.map((a) => `${a.key} (${String(a.from)} → ${String(a.to)})`).join(', ')}`
      : '';
    const why =
      result.templateBehind === false
        ? `is behind its answers: ${answers} (its template, ${result.to}, is current)`
        : `is behind its template: made from ${result.from}, current is ${result.to}${answers && `, and ${answers}`}`;
    console.log(`${shown} ${why}; run ${nextStep(cli)}`);
  }
  if (result.status === 'ahead') {
    console.log(`${shown} is ahead of this template (made from ${result.from}, this is ${result.to})`);
  }
  // --check: an earlier update's conflicts left unresolved; the service is not current while they stay.
  if (result.markers?.length) {
    console.log(`${shown} holds ${describeMarkers(result.markers)} from an earlier update; resolve them, then commit:`);
    for (const m of result.markers) console.log(`  ${formatMarker(m)}`);
  }
  if (result.status === 'behind' || result.markers?.length) return UPDATE_EXIT.conflicts;
  if (result.status === 'ahead') return UPDATE_EXIT.ok;
  if (result.status === 'current' && result.changes.length === 0 && !result.record) {
    console.log(`${shown} is up to date with template ${result.to}`);
    return UPDATE_EXIT.ok;
  }
  const conflicts = result.changes.filter((c) => c.outcome === 'conflict');
  const changed = result.changes.length - conflicts.length;
  const out = result.dryRun ? console.error : console.log;
  if (result.dryRun && result.diff) process.stdout.write(result.diff);
  const verb = result.dryRun ? 'Would update' : 'Updated';
  const template =
    result.from === result.to ? `on template ${result.to}` : `from template ${result.from} to ${result.to}`;
  const answers = result.answers.map((a) => `${a.key} ${JSON.stringify(a.from)} → ${JSON.stringify(a.to)}`).join(', ');
  out(
    `${verb} ${shown} ${template}${answers ? ` with ${answers}` : ''}: ${changed} file${changed === 1 ? '' : 's'} changed` +
      `${conflicts.length ? `, ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}` : ''}` +
      `${result.record ? ', .distroless-service.json updated' : ''}${result.dryRun ? ' (dry run: nothing written)' : ''}.`,
  );
  for (const change of result.changes) out(line(change));
  // As generation says it: Chainguard's latest-only tags, unpinned, fail the service's own CI.
  const cause = result.answers.some((a) => a.key === 'base') ? '--set base=chainguard' : 'base chainguard';
  const unpinned = result.unpinnedChainguard ? chainguardUnpinned(cause, 'pin this service') : undefined;
  if (unpinned) console.error(unpinned.warning);
  const steps = result.dryRun ? '' : nextSteps(result, conflicts.length > 0, cwd);
  if (steps) out(steps);
  if (unpinned && !result.dryRun) out(`  ${unpinned.step}`);
  return conflicts.length ? UPDATE_EXIT.conflicts : UPDATE_EXIT.ok;
}

/** What to do after an update, only what applies: git steps in a work tree, `cd .` where the shell's folder was swapped. */
function nextSteps(result: UpdateResult, conflicts: boolean, cwd: string): string {
  const steps: string[] = [];
  // The service directory was replaced by rename: a shell inside it still points at the old, removed one.
  const inside = cwd === result.dir || cwd.startsWith(result.dir + path.sep);
  if (inside) steps.push('run `cd .` (your shell still points at the old, replaced directory)');
  if (conflicts) steps.push('resolve the conflicts');
  if (result.git === 'work-tree') steps.push('review with git diff', 'commit');
  // Outside a work tree a note has said so already; nothing here to diff with.
  if (steps.length === 0) return '';
  const [first, ...rest] = steps;
  const text = rest.length ? `${[first, ...rest.slice(0, -1)].join(', ')}, then ${rest.at(-1)}` : first!;
  return `\n${text[0]!.toUpperCase()}${text.slice(1)}.`;
}
