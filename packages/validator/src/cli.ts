#!/usr/bin/env node
// distroless-validate <command>: each subcommand lives in its own folder
// (src/adr/ now, src/service/ next) and registers here.
import module from 'node:module';
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import type { Command, CommandIo } from './io.js';
import { runProcess } from './run.js';
import { version } from './version.js';

// Node 22.1+ keeps compiled code on disk between runs; the subcommands below are imported after
// this line, so they profit. Node 20 has no such API and simply goes without.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  adr: { summary: 'lint Architecture Decision Records', load: async () => (await import('./adr/command.js')).runAdr },
  service: {
    summary: 'verify a distroless service: static checks, build, probes, drain',
    load: async () => (await import('./service/command.js')).runService,
  },
};

const USAGE = `Usage: distroless-validate <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
  .join('\n')}

Run 'distroless-validate <command> --help' for a command's options.
`;

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const cmd = name ? commands[name] : undefined;
  if (!cmd) {
    io.stderr(`${name ? `distroless-validate: unknown command '${name}'\n` : ''}${USAGE}`);
    return 2;
  }
  return (await cmd.load())(rest, io);
}

function isEntry(): boolean {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

/** Runs the command line of this process (the bin, bin.cts, calls this for all but `adr`). */
export function run(): void {
  runProcess(main, process.argv.slice(2));
}

if (isEntry()) run();
