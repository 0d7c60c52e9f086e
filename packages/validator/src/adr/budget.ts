// The per-file time limit (fileTimeLimit, ADR 0014) for every command that parses ADRs: `adr`
// (lint), `adr --init`, the ADR index (`distroless-adr index` and the index-up-to-date rule) and
// the record readers of `distroless-adr`. Shapes known to be slow are refused before parsing
// (shape.ts, inside parseAdr); this bounds whatever else defeats the parser.
import vm from 'node:vm';
import { parseAdr, type ParseOptions } from './parse.js';
import type { AdrDocument } from './types.js';

/** Default bytes per file (maxFileSize): files above it are reported, not parsed; a 5 MB "ADR" is not one. */
export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/** Default seconds per file (fileTimeLimit): a real ADR takes milliseconds, even on a busy CI machine. */
export const DEFAULT_FILE_TIME_LIMIT = 10;

/**
 * Runs `fn` and ends it after `seconds`: V8 stops the script from a native watchdog thread of
 * node:vm (not a worker thread, no second JavaScript engine), and the call throws
 * ERR_SCRIPT_EXECUTION_TIMEOUT. The parser keeps no state between calls, so the next file is
 * parsed as if nothing happened. Returns null when the time ran out.
 * The script runs in this context, reaching `fn` through a registered symbol: a context of its
 * own (vm.createContext) cost about 0.6 ms of a short command's start-up and bought nothing, since
 * `fn` and everything it touches belong to this context anyway.
 */
const RUN = Symbol.for('@distroless-service/validator withinTime');
let timedRun: vm.Script | null = null;
export function withinTime<T>(seconds: number, fn: () => T): { value: T } | null {
  timedRun ??= new vm.Script(`globalThis[Symbol.for(${JSON.stringify(RUN.description)})]()`);
  const global = globalThis as unknown as Record<symbol, unknown>;
  const outer = global[RUN];
  global[RUN] = fn;
  try {
    // node:vm takes at most 2^32 - 1 ms (about 49 days); a larger fileTimeLimit means no limit in practice.
    const timeout = Math.min(Math.ceil(seconds * 1000), 2 ** 32 - 1);
    return { value: timedRun.runInThisContext({ timeout }) as T };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return null;
    throw e;
  } finally {
    if (outer === undefined) delete global[RUN];
    else global[RUN] = outer;
  }
}

/** What a file that broke fileTimeLimit is told, wherever it was parsed. */
export function timeLimitMessage(seconds: number, what = 'parsing and checking'): string {
  return (
    `not linted: ${what} took longer than ${seconds} s (fileTimeLimit); ` +
    'Markdown nested this way makes parsers slow'
  );
}

export interface BoundedParseOptions extends ParseOptions {
  /** Seconds one file may take to parse; default fileTimeLimit's default. */
  fileTimeLimit?: number;
}

/**
 * parseAdr within the per-file time limit. A file that breaks it comes back as an unreadable
 * document with a fatal `file-readable` problem saying so, as a shape parseAdr refuses does.
 */
export function parseAdrWithin(
  text: string,
  file: string,
  absPath = file,
  options: BoundedParseOptions = {},
): AdrDocument {
  const seconds = options.fileTimeLimit ?? DEFAULT_FILE_TIME_LIMIT;
  const parsed = withinTime(seconds, () => parseAdr(text, file, absPath, options));
  if (parsed) return parsed.value;
  const doc = parseAdr('', file, absPath);
  doc.text = text;
  doc.readProblems.push({ ruleId: 'file-readable', message: timeLimitMessage(seconds, 'parsing'), fatal: true });
  doc.dialect = 'unreadable';
  return doc;
}

/** Why a document was not read, for commands that skip it: its first fatal read problem. */
export function unreadableReason(doc: AdrDocument): string | null {
  return doc.readProblems.find((p) => p.fatal)?.message ?? null;
}
