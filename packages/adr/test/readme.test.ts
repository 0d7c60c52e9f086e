// The README's Commands section against the parser: every flag it names is one the parser takes,
// every flag --help lists is in it, and so is every short flag the parser takes (found by trying
// each letter on each command). Removing a flag from the README fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, OPTIONS, parseCommand, USAGE } from '../src/args.js';
import { commandHelp } from '../src/help.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const commands = readme.slice(readme.indexOf('\n## Commands\n'), readme.indexOf('\n## Configuration\n'));

/** The flags written in a text: `--name` or `-x`, not inside a word. */
const flagsIn = (text: string): string[] =>
  [...new Set([...text.matchAll(/(?<![\w-])--?[a-zA-Z][\w-]*/g)].map((m) => m[0]))].sort();

// The positionals each command needs, so that a flag is tried on a command line that is otherwise valid.
const POSITIONALS: Record<string, string[]> = {
  new: [],
  supersede: ['1', '2'],
  link: ['1', 'Amends', '2'],
  index: [],
  list: [],
  templates: [],
};

/** Whether some command takes `flag` (alone, or with a value). */
function takes(flag: string): boolean {
  const lines = [[flag]];
  // Values valid for each flag that takes one (list's --format, new's --links).
  for (const [command, positionals] of Object.entries(POSITIONALS))
    for (const value of [[], ['table'], ['1:Amends']]) lines.push([command, flag, ...value, ...positionals]);
  return lines.some((argv) => {
    try {
      parseCommand(argv);
      return true;
    } catch {
      return false;
    }
  });
}

describe('README: distroless-adr', () => {
  it('the Commands section names flags, and every one is a flag the parser takes', () => {
    const named = flagsIn(commands);
    expect(named.length).toBeGreaterThan(10);
    for (const flag of named) expect(takes(flag), flag).toBe(true);
    // The probe itself tells a flag from a stranger.
    expect(takes('--no-such-flag')).toBe(false);
  });

  it('every flag --help lists is in the Commands section', () => {
    expect(flagsIn(commands)).toEqual(expect.arrayContaining(flagsIn(USAGE)));
  });

  it('every short flag the parser takes is in the Commands section', () => {
    const shorts = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c) => `-${c}`).filter(takes);
    expect(shorts).toContain('-h');
    expect(flagsIn(commands)).toEqual(expect.arrayContaining(shorts));
  });

  it('each command in the Commands table has its own help, listing every option it takes, exit codes and an example', () => {
    // The first column of the table: `new "<title>"`, `link <from> <relation> <to>`, ...
    const table = [...commands.matchAll(/^\| `([a-z]+)[^`]*` +\|/gm)].map((m) => m[1]);
    expect([...table].sort()).toEqual([...COMMANDS, 'help'].sort());
    for (const command of COMMANDS) {
      const help = commandHelp(command);
      expect(help, command).toMatch(new RegExp(`^Usage: distroless-adr ${command} `));
      const own = Object.entries(OPTIONS[command]).flatMap(([name, o]) => [
        `--${name}`,
        ...('short' in o ? [`-${o.short}`] : []),
      ]);
      expect(flagsIn(help), command).toEqual([...own, '--dir', '-h', '--help'].sort());
      expect(help, command).toMatch(/\nExit codes: 0 /);
      expect(help, command).toMatch(new RegExp(`\\nExamples?:\\n  distroless-adr ${command}\\b`));
      // What the help says about a flag, the README says too.
      expect(flagsIn(commands), command).toEqual(expect.arrayContaining(flagsIn(help)));
    }
    expect(commandHelp('help')).toMatch(/^Usage: distroless-adr help /);
  });

  it('npx runs this package by its name: `npx distroless-adr` would fetch whatever package is called that', () => {
    const { name } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string };
    const run = [...readme.matchAll(/(?:^|`)npx +(?:-y +|--yes +)?([^\s`]+)/gm)].map((m) => m[1]!);
    expect(run.length).toBeGreaterThan(1);
    // `npx -y pnpm@10 adr ...` runs this monorepo's own script.
    for (const what of run.filter((w) => !w.startsWith('pnpm@'))) expect(what).toBe(name);
  });
});
