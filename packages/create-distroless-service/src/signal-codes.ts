/** Exit code per signal the CLI stops on: 128 + its number, as a shell reports it. No side effects. */
export const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
