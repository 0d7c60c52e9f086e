#!/usr/bin/env node
// distroless-adr: one command per run. `new` stays on a short path (no Markdown parser unless it
// has records to read); the other commands load the record reader on demand.
import module, { createRequire } from 'node:module';
import path from 'node:path';
import { parseCommand, USAGE, type Command } from './args.js';
import { resolveSettings } from './config.js';
import { UsageError } from './errors.js';
import { loadRecords, newRecord } from './new.js';
import { builtinNames, repoTemplateNames } from './render.js';
import { createExclusive, replaceAll } from './write.js';

// Node 22+: keep the compiled code of the on-demand bundles between runs (absent on Node 20).
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;
const shown = (file: string) => path.relative(process.cwd(), file) || file;

async function run(command: Command): Promise<number> {
  const cwd = process.cwd();
  switch (command.name) {
    case 'help':
      console.log(USAGE);
      return EXIT.ok;
    case 'version':
      console.log((createRequire(import.meta.url)('../package.json') as { version: string }).version);
      return EXIT.ok;
    case 'new': {
      let title = command.title;
      if (title === undefined) {
        if (!process.stdin.isTTY || process.env.CI)
          throw new UsageError('missing <title>: pass it as the argument, e.g. new "Use PostgreSQL for orders"');
        title = await (await import('./prompts.js')).askTitle();
      }
      const result = await newRecord({ ...command, title, cwd });
      for (const f of result.updated) console.error(`updated ${shown(f)}`);
      console.log(shown(result.file));
      return EXIT.ok;
    }
    case 'supersede':
    case 'link': {
      const settings = await resolveSettings(cwd, command.dir);
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
      if (changes.length === 0) console.error('nothing to change: the links are already there');
      for (const c of changes) console.log(shown(c.file));
      return EXIT.ok;
    }
    case 'index': {
      const settings = await resolveSettings(cwd, command.dir);
      const state = await (await loadRecords()).indexOf(settings, cwd);
      if (command.check) {
        if (state.fresh) return EXIT.ok;
        console.error(
          state.current === null
            ? `${shown(state.file)} does not exist; run 'distroless-adr index'`
            : `${shown(state.file)}: the ADR index is out of date; run 'distroless-adr index'`,
        );
        return EXIT.failed;
      }
      if (!state.fresh) {
        if (state.current === null) createExclusive(state.file, state.expected);
        else replaceAll([{ file: state.file, content: state.expected, before: state.current }]);
      }
      console.log(shown(state.file));
      return EXIT.ok;
    }
    case 'list': {
      const settings = await resolveSettings(cwd, command.dir);
      const entries = await (await loadRecords()).listEntries(settings, cwd);
      if (command.format === 'json') {
        console.log(JSON.stringify(entries, null, 2));
        return EXIT.ok;
      }
      const rows = entries.map((e) => [e.number ?? '-', e.status ?? '-', e.date ?? '-', e.title, e.file]);
      const head = ['ADR', 'STATUS', 'DATE', 'TITLE', 'FILE'];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const r of [head, ...rows])
        console.log(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
      return EXIT.ok;
    }
    case 'templates': {
      const settings = await resolveSettings(cwd, command.dir);
      for (const name of builtinNames()) console.log(`${name}  (built in)`);
      for (const name of repoTemplateNames(settings.templatesDir))
        console.log(`${name}  (${shown(path.join(settings.templatesDir!, name))})`);
      return EXIT.ok;
    }
  }
}

async function main(argv: string[]): Promise<number> {
  return run(parseCommand(argv));
}

// The record reader is a separate bundle with its own copy of the error classes: match by name.
const isUsage = (e: Error) => e.name === 'UsageError';
const isExpected = (e: Error) => isUsage(e) || e.name === 'AdrError' || Boolean((e as NodeJS.ErrnoException).code);

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const err = error as Error;
    if (err.name === 'ExitPromptError') return process.exit(EXIT.cancelled);
    console.error(`distroless-adr: ${err.message}`);
    if (isUsage(err)) console.error("Run 'distroless-adr --help' for usage.");
    // Unexpected failures get their stack; expected ones (bad input, I/O errors with a code) do not.
    if (process.env.DEBUG || !isExpected(err)) console.error(err.stack);
    process.exit(isUsage(err) ? EXIT.usage : EXIT.failed);
  },
);
