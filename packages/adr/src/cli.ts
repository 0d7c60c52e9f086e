#!/usr/bin/env node
// distroless-adr: one command per run (bundled as dist/main.cjs, which the bin from
// @distroless-service/compile-cache loads). `new` stays on a short path (no Markdown parser unless it has records to read); the
// other commands load the record reader on demand.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseCommand, USAGE, type Command } from './args.js';
import { ADR_FOLDER_FILES, DEFAULT_ADR_DIRS } from '@distroless-service/validator';
import { resolveSettings, type Settings } from './config.js';
import { AdrError, UsageError } from './errors.js';
import { JOURNAL_FILE } from './journal.js';
import { err, out } from '@distroless-service/compile-cache/print';
import { runKind } from '@distroless-service/compile-cache/kind';
import { loadRecords, newRecord } from './new.js';
import { besideTemplateNames, builtinNames, repoTemplateNames } from './render.js';
import { requireFrom } from './require-here.js';
import { createExclusive, replaceAll } from './write.js';

const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;
const shown = (file: string) => path.relative(process.cwd(), file) || file;

/** Why there is no ADR folder, in the user's terms: the --dir as typed, the config that named it, or where we looked. */
function missingFolder(settings: Settings, dirFlag: string | undefined): string {
  if (settings.dirSource === '--dir') return `--dir ${dirFlag ?? shown(settings.dir)} does not exist`;
  if (settings.dirSource === 'default')
    return (
      `no ADR folder found (looked for ${ADR_FOLDER_FILES.join(', ')} and the folders ` +
      `${DEFAULT_ADR_DIRS.join(', ')}, up to the repository root); ` +
      `pass --dir, or write the first record with 'distroless-adr new'`
    );
  return `the ADR folder ${shown(settings.dir)} (from ${settings.dirSource}) does not exist`;
}

async function run(command: Command): Promise<number> {
  const cwd = process.cwd();
  switch (command.name) {
    case 'help':
      // A command's own help is a module of its own, loaded only here.
      out(command.command ? (await import('./help.js')).commandHelp(command.command) : USAGE);
      return EXIT.ok;
    case 'version':
      out((requireFrom(import.meta.url)('../package.json') as { version: string }).version);
      return EXIT.ok;
    case 'new': {
      let title = command.title;
      if (title === undefined) {
        if (!process.stdin.isTTY || process.env.CI)
          throw new UsageError('missing <title>: pass it as the argument, e.g. new "Use PostgreSQL for orders"');
        title = await (await import('./prompts.js')).askTitle();
      }
      const result = await newRecord({ ...command, title, cwd });
      for (const f of result.updated) err(`updated ${shown(f)}`);
      out(shown(result.file));
      runKind(`new:${result.codePath}`);
      return EXIT.ok;
    }
    case 'supersede':
    case 'link': {
      const settings = await resolveSettings(cwd, command.dir);
      // Nothing to lock or read: the first record it names is unknown (exit 2), said in these terms.
      if (!existsSync(settings.dir)) {
        const ref = command.name === 'supersede' ? command.old : command.from;
        throw new UsageError(`no ADR '${ref}': ${missingFolder(settings, command.dir)}`);
      }
      const records = await loadRecords();
      const { withLock } = await import('./lock.js');
      const { replaceJournaled } = await import('./journal.js');
      const changes = await withLock(settings.dir, async () => {
        const planned =
          command.name === 'supersede'
            ? await records.planSupersede(settings, cwd, command.old, command.by)
            : await records.planLink(settings, cwd, command.from, command.relation, command.to, command.reverse);
        replaceJournaled(settings.dir, planned);
        return planned;
      });
      if (changes.length === 0) err('nothing to change: the links are already there');
      for (const c of changes) out(shown(c.file));
      return EXIT.ok;
    }
    case 'index': {
      const settings = await resolveSettings(cwd, command.dir);
      // No folder, no records to index: say so, rather than fail on writing into it or advise a run that would.
      if (!existsSync(settings.dir)) throw new UsageError(missingFolder(settings, command.dir));
      const records = await loadRecords();
      if (command.check) {
        warnInterrupted(settings.dir);
        const state = await records.indexOf(settings, cwd);
        if (state.fresh) return EXIT.ok;
        err(
          state.problem
            ? `${shown(state.file)}: ${state.problem}`
            : state.current === null
              ? `${shown(state.file)} does not exist; run 'distroless-adr index'`
              : `${shown(state.file)}: the ADR index is out of date; run 'distroless-adr index'`,
        );
        return EXIT.failed;
      }
      // It writes: under the folder's lock, as new, supersede and link do, so it never reads the
      // records halfway through another run's change, and first undoes one a killed run left.
      const write = async () => {
        const state = await records.indexOf(settings, cwd);
        // Broken markers: where the index ends is a guess, and a wrong one deletes the team's text.
        if (state.problem) throw new AdrError(`${shown(state.file)}: ${state.problem} (nothing was written)`);
        if (!state.fresh) {
          if (state.current === null) createExclusive(state.file, state.expected);
          else replaceAll([{ file: state.file, content: state.expected, before: state.current }]);
        }
        return state.file;
      };
      const { withLock } = await import('./lock.js');
      out(shown(await withLock(settings.dir, write)));
      return EXIT.ok;
    }
    case 'list': {
      const settings = await resolveSettings(cwd, command.dir);
      if (!existsSync(settings.dir)) {
        // An empty table alone would read as "no decisions yet" where the folder is missing or mistyped.
        if (settings.dirSource === '--dir') throw new UsageError(missingFolder(settings, command.dir));
        err(`distroless-adr: warning: ${missingFolder(settings, command.dir)}`);
      }
      warnInterrupted(settings.dir);
      const entries = await (await loadRecords()).listEntries(settings, cwd);
      if (command.format === 'json') {
        out(JSON.stringify(entries, null, 2));
        return EXIT.ok;
      }
      // A link names its record by number where it has one: `Superseded by 0007`.
      const numberOf = new Map(entries.map((e) => [e.file, e.number ?? e.file]));
      const links = (e: (typeof entries)[number]) =>
        e.links.map((l) => `${l.relation} ${numberOf.get(l.target) ?? l.target}`).join(', ') || '-';
      const rows = entries.map((e) => [e.number ?? '-', e.status ?? '-', e.date ?? '-', e.title, links(e), e.file]);
      const head = ['ADR', 'STATUS', 'DATE', 'TITLE', 'LINKS', 'FILE'];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const r of [head, ...rows]) out(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
      return EXIT.ok;
    }
    case 'templates': {
      const settings = await resolveSettings(cwd, command.dir);
      for (const name of builtinNames()) out(`${name}  (built in)`);
      for (const name of repoTemplateNames(settings.templatesDir))
        out(`${name}  (${shown(path.join(settings.templatesDir!, name))})`);
      for (const name of besideTemplateNames(settings.dir))
        out(`${name}  (${shown(path.join(settings.dir, `${name}.md`))})`);
      return EXIT.ok;
    }
  }
}

/**
 * Read-only commands take no lock (they must work in a read-only checkout), so they cannot undo a
 * change a killed run left half done; they say that the records they read may be in that state.
 */
function warnInterrupted(dir: string): void {
  if (existsSync(path.join(dir, JOURNAL_FILE)))
    err(
      `distroless-adr: warning: ${shown(path.join(dir, JOURNAL_FILE))}: a change to several records was interrupted; ` +
        "the next 'distroless-adr index', 'new', 'supersede' or 'link' undoes it",
    );
}

async function main(argv: string[]): Promise<number> {
  const command = parseCommand(argv);
  const code = await run(command);
  // Once the work is done, so the compile cache keeps the whole command's code (compile-cache/kind).
  if (code === EXIT.ok) runKind(command.name);
  return code;
}

// The record reader is a separate bundle with its own copy of the error classes: match by name.
const isUsage = (e: Error) => e.name === 'UsageError';
const isExpected = (e: Error) => isUsage(e) || e.name === 'AdrError' || Boolean((e as NodeJS.ErrnoException).code);

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as Error;
    if (e.name === 'ExitPromptError') return process.exit(EXIT.cancelled);
    err(`distroless-adr: ${e.message}`);
    if (isUsage(e)) err("Run 'distroless-adr --help' for usage.");
    // Unexpected failures get their stack; expected ones (bad input, I/O errors with a code) do not.
    if ((process.env.DEBUG || !isExpected(e)) && e.stack) err(e.stack);
    process.exit(isUsage(e) ? EXIT.usage : EXIT.failed);
  },
);
