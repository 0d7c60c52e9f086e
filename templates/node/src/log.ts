// The log schema every logger of the service writes, whichever library writes it.
export const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type Level = (typeof LEVELS)[number];

export type Fields = Record<string, unknown>;
/** Writes one line: time, level, msg, then snake_case fields. */
export type Log = (level: Level, msg: string, fields?: Fields) => void;
