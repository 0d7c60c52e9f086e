// Signals from the moment the CLI starts. Imported first by cli.ts, and by nothing else (importing
// it installs the handlers), so that a SIGINT, SIGTERM or
// SIGHUP that arrives while the CLI is still starting (reading its flags, loading the update
// bundle, at a prompt) ends it as one arriving later before the write does: 128 + the signal's
// number, with the message, where the default action ended it silently. Generation and update
// take over with handlers of their own (takeOverSignals) once they can stop cleanly.
import { err } from '@distroless-service/compile-cache/print';
import { SIGNAL_EXIT } from './signal-codes.js';

const early = (signal: NodeJS.Signals) => {
  const update = process.argv[2] === 'update';
  err(
    `create-distroless-service${update ? ' update' : ''}: interrupted (${signal}); nothing was ${update ? 'changed' : 'written'}`,
  );
  process.exit(SIGNAL_EXIT[signal]);
};
for (const signal of Object.keys(SIGNAL_EXIT)) process.on(signal, early);

/**
 * Removes the start-up handlers; call it in the same synchronous step that installs the command's own
 * (no signal is handled in between).
 */
export function takeOverSignals(): void {
  for (const signal of Object.keys(SIGNAL_EXIT)) process.off(signal, early);
}
