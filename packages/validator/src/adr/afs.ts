// The promise forms of the fs calls the ADR lint makes, over node:fs's callback API. node:fs/promises
// would do the same through the thread pool too, but loading it loads about a dozen more built-in
// modules (readline, streams' string_decoder, fs watchers), a millisecond of a one-file check's
// start-up on each Node line (issue 15).
import fs from 'node:fs';
import { promisify } from 'node:util';

export const chown = promisify(fs.chown);
export const lstat = promisify(fs.lstat);
export const readFile = promisify(fs.readFile);
export const readdir = promisify(fs.readdir);
/** The system's realpath(3), as fs/promises' realpath is (fs.realpath walks the path in JavaScript). */
export const realpath = promisify(fs.realpath.native);
export const rename = promisify(fs.rename);
export const stat = promisify(fs.stat);
export const unlink = promisify(fs.unlink);
export const writeFile = promisify(fs.writeFile);
