/** What a subcommand may touch, so tests can run it in-process. */
export interface CommandIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colour is used only there); default false. */
  isTTY?: boolean;
  /** The environment (NO_COLOR, GITHUB_STEP_SUMMARY, ...); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export type Command = (argv: string[], io: CommandIo) => Promise<number>;
