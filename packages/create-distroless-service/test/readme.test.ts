// The README's CLI tables against the code: the flags each parser accepts, the ones its --help lists
// and the rows of the README's flag table are the same set, and the exit code tables have a row for
// each code the commands return. Removing a row from the README, or adding an option without one,
// fails here.
import { readFileSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI_OPTIONS, EXIT, SIGNAL_EXIT, USAGE } from '../src/args.js';
import { UPDATE_EXIT, UPDATE_OPTIONS, UPDATE_USAGE } from '../src/update/command.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** `--name` for every option, and `-x` for its short alias. */
const accepted = (options: NonNullable<ParseArgsConfig['options']>): string[] =>
  Object.entries(options)
    .flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])])
    .sort();

/** The flags written in a text: `--name` or `-x`, not inside a word. */
const flagsIn = (text: string): string[] =>
  [...new Set([...text.matchAll(/(?<![\w-])--?[a-zA-Z][\w-]*/g)].map((m) => m[0]))].sort();

/** From a heading to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${heading.split(' ')[0]!.length}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The first cells of the rows of the first table in `text` whose first header cell is `header`. */
function firstColumn(text: string, header: string): string[] {
  const lines = text.split('\n');
  const head = lines.findIndex((l) => new RegExp(`^\\|\\s*${header}\\s*\\|`).test(l));
  expect(head, `a table headed ${header}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > head && !l.startsWith('|'));
  return lines.slice(head + 2, end < 0 ? undefined : end).map((l) => l.split('|')[1]!.trim());
}

const codes = (text: string) =>
  firstColumn(text, 'code')
    .flatMap((cell) => cell.split(',').map(Number))
    .sort((a, b) => a - b);
const values = (...objects: Record<string, number>[]) =>
  [...new Set(objects.flatMap((o) => Object.values(o)))].sort((a, b) => a - b);

/** The flags --help lists as options: the lines of its Options: block that start with one. */
function usageOptions(usage: string): string[] {
  const block = usage.split('\nOptions:\n')[1]!.split('\n\n')[0]!;
  return flagsIn(
    block
      .split('\n')
      .map((line) => /^ {2,6}((?:--?[\w-]+(?:, )?)+)/.exec(line)?.[1] ?? '')
      .join(' '),
  );
}

describe('README: create-distroless-service', () => {
  const cli = section('## CLI');

  it('the flag table has a row for every option the parser accepts, and no other', () => {
    expect(flagsIn(firstColumn(cli, 'flag').join(' '))).toEqual(accepted(CLI_OPTIONS));
  });

  it('--help lists every option the parser accepts, and no other', () => {
    expect(usageOptions(USAGE)).toEqual(accepted(CLI_OPTIONS));
  });

  it('the synopsis names every option but --help and --version', () => {
    const synopsis = /```\n([^]*?)\n```/.exec(cli)![1]!;
    const long = accepted(CLI_OPTIONS).filter((f) => f.startsWith('--') && f !== '--help' && f !== '--version');
    expect(flagsIn(synopsis).filter((f) => f.startsWith('--'))).toEqual(long);
  });

  it('the exit code table has a row for each code generation returns', () => {
    expect(codes(section('### Exit codes'))).toEqual(values(EXIT, SIGNAL_EXIT));
  });
});

describe('README: create-distroless-service update', () => {
  const update = section('## Keeping a service current: `update`');

  it('the flag table has a row for every option the parser accepts, and no other', () => {
    expect(flagsIn(firstColumn(update, 'flag').join(' '))).toEqual(accepted(UPDATE_OPTIONS));
  });

  it('--help lists every option the parser accepts, and no other', () => {
    expect(usageOptions(UPDATE_USAGE)).toEqual(accepted(UPDATE_OPTIONS));
  });

  it('the synopsis names every option but --help', () => {
    const synopsis = /```\n([^]*?)\n```/.exec(update)![1]!;
    const long = accepted(UPDATE_OPTIONS).filter((f) => f.startsWith('--') && f !== '--help');
    expect(flagsIn(synopsis).filter((f) => f.startsWith('--'))).toEqual(long);
  });

  it('the exit code table has a row for each code update returns', () => {
    expect(codes(section('### Exit codes (`update`)'))).toEqual(values(UPDATE_EXIT, SIGNAL_EXIT));
  });
});
