// Command line → one command and its options. No file system access here.
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import type { LinkRequest } from './new.js';

export const USAGE = `Usage: distroless-adr <command> [options]

Architecture Decision Records from templates, in the dialect the repository
already writes (MADR 4, adr-tools/Nygard, front matter, bold fields, ...).

Commands:
  new "<title>"                 create the next record and print its path
      --template <name>         a built-in template (see 'templates') or one from the
                                repository's templates folder; default: the dialect of
                                the newest records, else madr-minimal
      --status <word>           default proposed
      --supersedes <ref>        mark record <ref> superseded by the new one (repeatable)
      --links <ref>:<relation>[:<reverse>]
                                link the new record to <ref>, both ways (repeatable)
      --deciders <names>        who decided (front matter decision-makers / Deciders)
      --date <YYYY-MM-DD>       default today
  supersede <old> <new>         mark <old> superseded by <new>, and <new> as superseding <old>
  link <from> <relation> <to>   e.g. 'link 5 Amends 2'; writes the reverse link into <to>
      --reverse <relation>      the reverse for a relation without a known one
  index [--check]               write the index table into the folder's README.md (between
                                <!-- adr-index:start --> and <!-- adr-index:end -->);
                                --check only compares, exit 1 when it is stale
  list [--format table|json]    the records with number, status, date and title
  templates                     the templates 'new' can use
  help <command>                that command's usage, options and their defaults,
                                exit codes and examples (as '<command> --help')

<ref> is a number (compared as a number: 7 = 0007), (part of) a file name, or the
record's path, as 'new' prints it.

Options for every command:
      --dir <dir>               the ADR folder; default: from .distroless-adr.json, the
                                "distroless-adr" key of package.json, .adr-dir (adr-tools),
                                .log4brains.yml, else the first of adr/, docs/adr/,
                                docs/decisions/, doc/adr/ found, else docs/adr
  -h, --help                    show this help ('<command> --help': that command's)
  -v, --version                 show the version

Prompts appear only on an interactive terminal outside CI; otherwise a missing
title fails at once.

Exit codes: 0 done; 1 failed, or 'index --check' found the index stale;
2 bad arguments (no command, missing title, unknown template or record);
130 cancelled.`;

export type Command =
  /** `command`: the one whose help was asked for (`new --help`, `help new`); none for the general help. */
  | { name: 'help'; command?: CommandName }
  | { name: 'version' }
  | {
      name: 'new';
      title?: string;
      template?: string;
      status?: string;
      supersedes: string[];
      links: LinkRequest[];
      deciders?: string;
      date?: string;
      dir?: string;
    }
  | { name: 'supersede'; old: string; by: string; dir?: string }
  | { name: 'link'; from: string; relation: string; to: string; reverse?: string; dir?: string }
  | { name: 'index'; check: boolean; dir?: string }
  | { name: 'list'; format: 'table' | 'json'; dir?: string }
  | { name: 'templates'; dir?: string };

export const COMMANDS = ['new', 'supersede', 'link', 'index', 'list', 'templates'] as const;
export type CommandName = (typeof COMMANDS)[number] | 'help';

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

/** Each command's own options (every command also takes --dir and -h, --help); help.ts documents each. */
export const OPTIONS = {
  new: {
    template: { type: 'string', short: 't' },
    status: { type: 'string', short: 's' },
    supersedes: { type: 'string', multiple: true },
    links: { type: 'string', short: 'l', multiple: true },
    deciders: { type: 'string' },
    date: { type: 'string' },
  },
  supersede: {},
  link: { reverse: { type: 'string' } },
  index: { check: { type: 'boolean' } },
  list: { format: { type: 'string', short: 'f' } },
  templates: {},
} as const satisfies Record<(typeof COMMANDS)[number], Options>;

const isCommand = (name: string): name is (typeof COMMANDS)[number] => (COMMANDS as readonly string[]).includes(name);

function parse(argv: string[], options: Options): { values: Record<string, unknown>; positionals: string[] } {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { ...options, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    // `supersede -0012 1`: a record number written with a dash reads as an option.
    const dashed = argv.find((a) => /^-\d/.test(a));
    if (dashed !== undefined && /^Unknown option '-\d/.test((e as Error).message))
      throw new UsageError(
        `'${dashed}' is read as an option: write the record as ${dashed.slice(1)}, or put it after '--' (-- ${dashed})`,
      );
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

function positionals(got: string[], names: string[], command: string): string[] {
  if (got.length > names.length) throw new UsageError(`${command}: unexpected argument '${got[names.length]}'`);
  if (got.length < names.length)
    throw new UsageError(
      `${command}: missing <${names[got.length]}> (usage: ${command} ${names.map((n) => `<${n}>`).join(' ')})`,
    );
  return got;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function parseCommand(argv: string[]): Command {
  const [first, ...rest] = argv;
  // No command is a usage error, as in distroless-validate: a script that forgot it must not pass.
  if (first === undefined) throw new UsageError(`a command is required: ${COMMANDS.join(', ')}`);
  if (first === '-h' || first === '--help') return { name: 'help' };
  if (first === 'help') {
    // `help <command>`, as git and npm have it.
    const [topic, extra] = rest;
    if (topic === undefined) return { name: 'help' };
    if (topic === '-h' || topic === '--help') return { name: 'help', command: 'help' };
    if (extra !== undefined) throw new UsageError(`help: unexpected argument '${extra}'`);
    if (topic !== 'help' && !isCommand(topic))
      throw new UsageError(`help: unknown command '${topic}'; commands: ${COMMANDS.join(', ')}`);
    return { name: 'help', command: topic };
  }
  if (first === '-v' || first === '--version') return { name: 'version' };
  if (!isCommand(first)) throw new UsageError(`unknown command '${first}'; commands: ${COMMANDS.join(', ')}`);
  // Before the parser: `new --help` needs no title, `link -h` no records. Not after `--`, where
  // everything is an argument.
  const end = rest.indexOf('--');
  const own = end < 0 ? rest : rest.slice(0, end);
  if (own.includes('-h') || own.includes('--help')) return { name: 'help', command: first };
  switch (first) {
    case 'new': {
      const { values, positionals: pos } = parse(rest, OPTIONS.new);
      const links = strs(values.links).map((spec): LinkRequest => {
        const i = spec.indexOf(':');
        if (i <= 0 || i === spec.length - 1)
          throw new UsageError(`--links needs <ref>:<relation>[:<reverse>], got '${spec}'`);
        return { ref: spec.slice(0, i), relation: spec.slice(i + 1) };
      });
      // Like adr-tools, the words of the title may be given unquoted.
      const title = pos.length > 0 ? pos.join(' ') : undefined;
      return {
        name: 'new',
        title,
        template: str(values.template),
        status: str(values.status),
        supersedes: strs(values.supersedes),
        links,
        deciders: str(values.deciders),
        date: str(values.date),
        dir: str(values.dir),
      };
    }
    case 'supersede': {
      const { values, positionals: pos } = parse(rest, OPTIONS.supersede);
      const [old, by] = positionals(pos, ['old', 'new'], 'supersede');
      return { name: 'supersede', old: old!, by: by!, dir: str(values.dir) };
    }
    case 'link': {
      const { values, positionals: pos } = parse(rest, OPTIONS.link);
      // `link 5 Amended by 2`: the relation may be several words.
      if (pos.length > 3) pos.splice(1, pos.length - 2, pos.slice(1, -1).join(' '));
      const [from, relation, to] = positionals(pos, ['from', 'relation', 'to'], 'link');
      return {
        name: 'link',
        from: from!,
        relation: relation!,
        to: to!,
        reverse: str(values.reverse),
        dir: str(values.dir),
      };
    }
    case 'index': {
      const { values, positionals: pos } = parse(rest, OPTIONS.index);
      positionals(pos, [], 'index');
      return { name: 'index', check: values.check === true, dir: str(values.dir) };
    }
    case 'list': {
      const { values, positionals: pos } = parse(rest, OPTIONS.list);
      positionals(pos, [], 'list');
      const format = str(values.format) ?? 'table';
      if (format !== 'table' && format !== 'json')
        throw new UsageError(`--format must be table or json, got '${format}'`);
      return { name: 'list', format, dir: str(values.dir) };
    }
    default: {
      const { values, positionals: pos } = parse(rest, OPTIONS.templates);
      positionals(pos, [], 'templates');
      return { name: 'templates', dir: str(values.dir) };
    }
  }
}
