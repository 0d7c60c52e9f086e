// Each command's own help (`distroless-adr new --help`, `distroless-adr help new`), as `git <cmd> -h`
// and npm's per-command help: usage, arguments, options with their defaults, exit codes, examples.
// Imported on demand only (cli.ts), so a plain `new` never builds these texts.
import type { CommandName } from './args.js';

interface CommandHelp {
  usage: string;
  about: string;
  arguments?: [string, string][];
  /** Each command also takes --dir and -h, --help (added below). */
  options?: [string, string][];
  exit: string;
  examples: string[];
}

const DIR: [string, string] = [
  '--dir <dir>',
  'the ADR folder; default: from .distroless-adr.json, the "distroless-adr" key of package.json, ' +
    '.adr-dir (adr-tools), .log4brains.yml, else the first of adr/, docs/adr/, docs/decisions/, doc/adr/ found, ' +
    'else docs/adr',
];
const HELP: [string, string] = ['-h, --help', 'show this help'];
// A no-break space (\u00a0) keeps words together when wrapped.
const REF =
  'a number (7\u00a0=\u00a00007; written -0012, it reads as an option: give 0012, or -- -0012), ' +
  '(part of) a file name, or its path (as new prints it)';
const USAGE_EXIT = '2 bad arguments (an unknown option, a missing or extra argument, a --dir that is a file)';
const RECORD_EXIT = USAGE_EXIT.replace(')', ', an unknown record)');

const COMMAND_HELP: Record<CommandName, CommandHelp> = {
  new: {
    usage: 'distroless-adr new [options] <title...>',
    about:
      'Write the next record, numbered after the highest in the folder and in the dialect of the newest ' +
      "records, and print its path (only the path on stdout). A built-in template follows the newest records' " +
      'front-matter key names, the keys they all carry (parent, nav_order, ...) their title heading style ' +
      '(# ADR-0008: X, # 8. X, ...) and list bullet. Without <title>, asks for ' +
      'it on an interactive terminal outside CI.',
    arguments: [['<title...>', "the decision's title; its words may be given unquoted"]],
    options: [
      [
        '-t, --template <name>',
        "a built-in template (see 'templates'), one from the repository's templates folder, or one beside the " +
          "records (adr-template.md, template.md, ...); default: the config's template, else adr-tools' " +
          'templates/template.md, else the template beside the records, else the dialect of the newest ' +
          'records, else madr-minimal',
      ],
      ['-s, --status <word>', "default: proposed; a word from the validator's statuses config is allowed too"],
      ['--supersedes <ref>', 'mark record <ref> superseded by the new one, in the same step (repeatable)'],
      [
        '-l, --links <ref>:<relation>[:<reverse>]',
        'link the new record to <ref>, and <ref> back with the reverse relation (repeatable)',
      ],
      ['--deciders <names>', 'who decided (front matter decision-makers, or Deciders); default: none'],
      ['--date <YYYY-MM-DD>', 'default: today'],
    ],
    exit:
      '0 written; 1 failed, nothing written; 2 bad arguments (a missing title without a terminal or with CI ' +
      'set, an unknown template, status or record); 130 cancelled at the prompt',
    examples: [
      'distroless-adr new "Use PostgreSQL for orders"',
      'distroless-adr new Use MySQL instead --supersedes 1 --links 3:Amends',
    ],
  },
  supersede: {
    usage: 'distroless-adr supersede [options] <old> <new>',
    about:
      'Mark <old> superseded by <new>, and <new> as superseding <old>, each in its own dialect; print the ' +
      'files changed (none when both links are there already).',
    arguments: [
      ['<old>', `the record superseded: ${REF}`],
      ['<new>', `the record that supersedes it: ${REF}`],
    ],
    exit: `0 done; 1 failed, nothing changed (a cycle: <new> is itself superseded by <old>; <old> superseded by another record); ${RECORD_EXIT}`,
    examples: ['distroless-adr supersede 1 2'],
  },
  link: {
    usage: 'distroless-adr link [options] <from> <relation> <to>',
    about:
      'Write "<relation> <to>" into <from> and the reverse relation into <to> (Amends / Amended by, ...); ' +
      'print the files changed.',
    arguments: [
      ['<from>', `the record the relation is written in: ${REF}`],
      ['<relation>', 'a few words, e.g. Amends, Clarifies, Depends on, Relates to'],
      ['<to>', `the record it points to: ${REF}`],
    ],
    options: [
      [
        '--reverse <relation>',
        'the reverse written into <to>; default: the known reverse (Amends: Amended by, Extends: Extended by, ...), ' +
          'required for a relation without one',
      ],
    ],
    exit: `0 done; 1 failed, nothing changed; ${RECORD_EXIT.replace(')', ', a relation without a known reverse)')}`,
    examples: ['distroless-adr link 5 Amends 2', 'distroless-adr link 5 "Is tested by" 6 --reverse Tests'],
  },
  index: {
    usage: 'distroless-adr index [options]',
    about:
      "Write the index table of the records into the ADR folder's README.md, or the " +
      'configured index file, between <!--\u00a0adr-index:start\u00a0--> and <!--\u00a0adr-index:end\u00a0-->; print its path.',
    options: [['--check', 'write nothing; exit 1 when the table is missing or stale (for CI)']],
    exit: `0 written, or (--check) up to date; 1 (--check) stale or missing, or failed, nothing written; ${USAGE_EXIT}`,
    examples: ['distroless-adr index', 'distroless-adr index --check'],
  },
  list: {
    usage: 'distroless-adr list [options]',
    about: 'Print the records: number, status, date, title, links and file. Reads only.',
    options: [['-f, --format <table|json>', 'default: table']],
    exit: `0 listed; 1 failed; ${USAGE_EXIT.replace(')', ', a --format other than table or json)')}`,
    examples: ['distroless-adr list', 'distroless-adr list --format json'],
  },
  templates: {
    usage: 'distroless-adr templates [options]',
    about:
      "Print the templates 'new' can use: the built-in ones, and the repository's own (in its templates " +
      'folder and beside the records) with their files.',
    exit: `0 listed; 1 failed; ${USAGE_EXIT}`,
    examples: ['distroless-adr templates'],
  },
  help: {
    usage: 'distroless-adr help [<command>]',
    about: "Print the help of <command>, as '<command> --help' does; without one, the list of commands.",
    arguments: [['<command>', 'new, supersede, link, index, list or templates']],
    exit: '0 printed; 2 an unknown command',
    examples: ['distroless-adr help new'],
  },
};

const WIDTH = 80;
const INDENT = 30;

/** Words of text wrapped to the width, each line after the first indented. */
function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`).replaceAll('\u00a0', ' ');
}

/** `  -t, --template <name>      the ...`, the description below a name too long for its column. */
function rows(items: [string, string][]): string {
  return items
    .map(([name, text]) => {
      const head = `  ${name}`;
      return head.length < INDENT - 1
        ? head.padEnd(INDENT) + wrap(text, INDENT)
        : `${head}\n${' '.repeat(INDENT)}${wrap(text, INDENT)}`;
    })
    .join('\n');
}

export function commandHelp(name: CommandName): string {
  const h = COMMAND_HELP[name];
  const options = name === 'help' ? [HELP] : [...(h.options ?? []), DIR, HELP];
  return [
    `Usage: ${h.usage}`,
    wrap(h.about, 0),
    ...(h.arguments ? [`Arguments:\n${rows(h.arguments)}`] : []),
    `Options:\n${rows(options)}`,
    wrap(`Exit codes: ${h.exit}`, 0),
    `Example${h.examples.length > 1 ? 's' : ''}:\n${h.examples.map((e) => `  ${e}`).join('\n')}`,
  ].join('\n\n');
}
