/** What a subcommand may touch, so tests can run it in-process. */
export interface CommandIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export type Command = (argv: string[], io: CommandIo) => Promise<number>;
