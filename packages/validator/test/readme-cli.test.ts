// The README's CLI sections against the code: the flags each command's parser accepts, the ones
// its --help lists and the ones the README's synopsis names are the same set, and the exit codes
// the README's tables give are the ones the commands return. Removing a flag or a table row from
// the README (or adding an option without documenting it) fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ADR_EXIT, ADR_OPTIONS, ADR_USAGE } from '../src/adr/command.js';
import { RUN_ERRORS } from '../src/core/index.js';
import { SERVICE_EXIT, SERVICE_OPTIONS, SERVICE_USAGE } from '../src/service/command.js';
import { pkgRoot } from './helpers.js';

const readme = readFileSync(path.join(pkgRoot, 'README.md'), 'utf8');

/** `--name` for every option, and `-x` for its short alias. */
function accepted(options: NonNullable<ParseArgsConfig['options']>): string[] {
  return Object.entries(options)
    .flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])])
    .sort();
}

/** The flags written in a text: `--name` or `-x`, not inside a word. */
function flagsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/(?<![\w-])--?[a-zA-Z][\w-]*/g)].map((m) => m[0]))].sort();
}

/** The text of a README section: from its heading to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const level = heading.split(' ')[0]!;
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The first fenced block of a text. */
function firstBlock(text: string): string {
  const m = /\n```\w*\n([^]*?)\n```/.exec(`\n${text}`);
  expect(m, 'a fenced synopsis').not.toBeNull();
  return m![1]!;
}

/** The first Markdown table of a text whose first header cell is `code`: each row's codes → its meaning. */
function exitTable(text: string): Map<number, string> {
  const lines = text.split('\n');
  const head = lines.findIndex((l) => /^\|\s*code\s*\|/.test(l));
  expect(head, 'an exit code table').toBeGreaterThanOrEqual(0);
  const rows = new Map<number, string>();
  for (const line of lines.slice(head + 2)) {
    if (!line.startsWith('|')) break;
    const [codes = '', meaning = ''] = line.split('|').slice(1, 3);
    for (const code of codes.split(',')) rows.set(Number(code.trim()), meaning.trim());
  }
  return rows;
}

/** The flags a --help text lists as options (the lines of its Options: block that start with one). */
function usageOptions(usage: string): string[] {
  const block = usage.split('\nOptions:\n')[1]!.split('\n\n')[0]!;
  const flags = block
    .split('\n')
    .map((line) => /^ {2}((?:--?[\w-]+(?: <[^>]+>)?(?:, )?)+)/.exec(line)?.[1] ?? '')
    .join(' ');
  return flagsIn(flags);
}

const values = (o: Record<string, number>) => [...new Set(Object.values(o))].sort((a, b) => a - b);

describe('README: distroless-validate adr', () => {
  const cli = section('## CLI');
  const synopsis = firstBlock(cli)
    .split('\n')
    .filter((l) => l.startsWith('distroless-validate adr') || l.startsWith(' '))
    .join('\n');

  it('the synopsis names every option the parser accepts, and no other', () => {
    expect(flagsIn(synopsis)).toEqual(accepted(ADR_OPTIONS));
  });

  it('--help lists every option the parser accepts, and no other', () => {
    expect(usageOptions(ADR_USAGE)).toEqual(accepted(ADR_OPTIONS));
  });

  it('every option but --help is explained in the CLI section', () => {
    const prose = cli.replace(synopsis, '');
    for (const flag of accepted(ADR_OPTIONS).filter((f) => f.startsWith('--') && f !== '--help'))
      expect(prose, flag).toContain(`\`${flag}`);
  });

  it('the exit code table has a row for each code the command returns', () => {
    expect([...exitTable(section('### Exit codes')).keys()].sort()).toEqual(values(ADR_EXIT));
  });

  it('exit 2 names every way the run itself can fail', () => {
    // How the README's row says each error the command turns into exit 2; a new one needs its words here.
    const named: Record<string, string> = {
      UsageError: 'unknown option',
      ConfigError: 'an invalid config',
      FixWriteError: 'a fix that cannot be written',
      LintProcessError: 'a lint process that cannot start',
    };
    const row = exitTable(section('### Exit codes')).get(ADR_EXIT.failed)!;
    for (const name of Object.keys(RUN_ERRORS)) {
      expect(named, `how the README names ${name}`).toHaveProperty(name);
      expect(row, name).toContain(named[name]);
    }
  });
});

describe('README: distroless-validate service', () => {
  const verification = section('## Service verification');
  const synopsis = firstBlock(verification);

  it('the synopsis names every option the parser accepts, and no other', () => {
    expect(flagsIn(synopsis)).toEqual(accepted(SERVICE_OPTIONS));
  });

  it('--help lists every option the parser accepts, and no other', () => {
    expect(usageOptions(SERVICE_USAGE)).toEqual(accepted(SERVICE_OPTIONS));
  });

  it('the exit code table has a row for each code the command returns', () => {
    expect([...exitTable(verification).keys()].sort((a, b) => a - b)).toEqual(values(SERVICE_EXIT));
  });
});
