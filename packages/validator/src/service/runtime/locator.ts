// Where runtime findings point: the place a user can open and act on (the Dockerfile instruction,
// or the source line that installs the SIGTERM handler or serves /readyz), never a file as a whole.
import fs from 'node:fs';
import path from 'node:path';
import { parseDockerfile, runCommand } from '../static/dockerfile.js';
import type { DockerModel } from '../static/types.js';
import { readServiceFile } from '../read.js';

export type Anchor = 'build' | 'final-from' | 'user' | 'entrypoint' | 'cgo' | 'sigterm' | 'readyz' | 'healthz';

export interface Location {
  file: string;
  line: number;
}

const SOURCE_EXT = /\.(go|[cm]?[jt]s|py)$/;
const TEST_FILE = /(_test\.go|\.(test|spec)\.[cm]?[jt]s|^test_.*\.py|_test\.py)$/;
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  'build',
  'vendor',
  'deploy',
  'docs',
  'test',
  'tests',
  '__pycache__',
  'venv',
  'coverage',
]);
/** Bounds for hostile trees: the search reads at most this many files of at most this size. */
const MAX_FILES = 2000;
const MAX_BYTES = 512 * 1024;

const SEARCHES: Partial<Record<Anchor, RegExp>> = {
  readyz: /["'`][^"'`]*\/readyz\b/,
  healthz: /["'`][^"'`]*\/healthz\b/,
};
/** A quoted absolute path on a line (`'/readyz'`, `"/metrics"`): how many a probe's line names. */
const QUOTED_PATH = /["'`]\/[^"'`\s]*["'`]/g;

const GO_NOTIFY = /\bsignal\.Notify(Context)?\(/;
/** A signal handler being installed, for signals other than SIGTERM when the line does not name it. */
const NODE_HANDLER = /\bprocess\.(on|once|addListener|prependListener)\(\s*["'`]SIG[A-Z0-9]+["'`]/;
const PY_HANDLER = /\bsignal\.signal\(|\badd_signal_handler\(/;
/** The entry point, where a handler belongs when the service has none. */
const GO_MAIN = /^func main\(\)/;
const PY_MAIN = /^if __name__ == ["']__main__["']|^def main\(/;
/** Lines a call's arguments may take; a longer call is not a handler a user wrote by hand. */
const MAX_CALL_LINES = 12;

/** Whether the Go signal.Notify call opening on line `i` asks for SIGTERM, by name or by naming no signal. */
function notifiesSigterm(lines: string[], i: number): boolean {
  const m = GO_NOTIFY.exec(lines[i]!)!;
  let call = '';
  let depth = 0;
  for (let j = i; j < Math.min(lines.length, i + MAX_CALL_LINES); j++) {
    const text = j === i ? lines[j]!.slice(m.index + m[0].length - 1) : lines[j]!;
    for (const ch of text) {
      call += ch;
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) {
        // Notify(c) and NotifyContext(ctx) relay every signal, SIGTERM among them.
        const args = call
          .slice(1, -1)
          .split(',')
          .filter((a) => a.trim()).length;
        return /\bSIGTERM\b/.test(call) || args === 1;
      }
    }
    call += '\n';
  }
  return false;
}

/** Finds what runtime findings point at in one service directory; reads each file once. */
export class Locator {
  private docker: DockerModel | null | undefined;
  private sources: string[] | undefined;
  private texts: { file: string; lines: string[] }[] | undefined;
  private sigtermFound: { at: Location | null; handled: boolean } | undefined;
  private readonly found = new Map<Anchor, Location | null>();

  constructor(private readonly dir: string) {}

  /**
   * Whether the service's sources have a line for a searched anchor (readyz, healthz); for sigterm,
   * whether a signal handler in them asks for SIGTERM.
   */
  inSources(anchor: Anchor): boolean {
    if (anchor === 'sigterm') return this.sigterm().handled;
    if (!this.found.has(anchor)) this.found.set(anchor, this.search(anchor));
    return this.found.get(anchor) != null;
  }

  /** `step` is the failing build step's text (e.g. `RUN npm test`, `go test`), for the build anchor. */
  locate(anchor: Anchor, step?: string): Location {
    if (anchor === 'build') return this.buildStep(step);
    if (anchor === 'sigterm') return this.sigterm().at ?? this.dockerfile(anchor);
    if (!this.found.has(anchor)) this.found.set(anchor, this.search(anchor));
    return this.found.get(anchor) ?? this.dockerfile(anchor);
  }

  private model(): DockerModel | null {
    if (this.docker === undefined) {
      // No readable Dockerfile: the static checks report that.
      const text = readServiceFile(this.dir, 'Dockerfile')?.text;
      this.docker = text === undefined ? null : parseDockerfile(text);
    }
    return this.docker;
  }

  /** The Dockerfile line for an anchor; line 1 when the Dockerfile has no such instruction. */
  private dockerfile(anchor: Anchor): Location {
    const d = this.model();
    const at = (line: number | undefined) => ({ file: 'Dockerfile', line: line ?? 1 });
    if (!d) return at(1);
    const last = (keyword: string) => d.final.instructions.filter((i) => i.keyword === keyword).pop()?.line;
    switch (anchor) {
      case 'user':
        return at(last('USER') ?? d.final.fromLine);
      case 'cgo': {
        const stages = d.builderChain.length ? d.builderChain : d.stages;
        const lines = stages.flatMap((s) => s.instructions);
        const cgo =
          lines.find((i) => /CGO_ENABLED/.test(i.args)) ??
          lines.find((i) => i.keyword === 'RUN' && /\bgo build\b/.test(runCommand(i)));
        return at(cgo?.line ?? d.builder?.fromLine ?? d.final.fromLine);
      }
      case 'final-from':
        return at(d.final.fromLine);
      default:
        // The command that runs the service: what a missing handler or probe path is about.
        return at(last('ENTRYPOINT') ?? last('CMD') ?? d.final.fromLine);
    }
  }

  private buildStep(step: string | undefined): Location {
    const d = this.model();
    if (!d) return { file: 'Dockerfile', line: 1 };
    const norm = (s: string) =>
      s
        .replace(/\\\r?\n/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    if (step) {
      const wanted = norm(step);
      const all = d.stages.flatMap((s) => s.instructions);
      // Container engines name the step as written (`RUN npm test`); the native engine names the command.
      const hit =
        all.find((i) => norm(`${i.keyword} ${i.args}`) === wanted) ??
        all.find((i) => wanted.length > 0 && norm(`${i.keyword} ${i.args}`).startsWith(wanted)) ??
        all.find((i) => i.keyword === 'RUN' && norm(runCommand(i)).includes(wanted));
      if (hit) return { file: 'Dockerfile', line: hit.line };
    }
    return { file: 'Dockerfile', line: (d.builder ?? d.final).fromLine };
  }

  /**
   * The first source line for an anchor. For a probe path, a line that quotes that path alone (the
   * handler: `case '/readyz':`, `handle("/readyz", ...)`) wins over an earlier one that lists it among
   * other paths (a set of quiet routes, a 404's list of known ones). SIGTERM has its own search.
   */
  private search(anchor: Anchor): Location | null {
    const re = SEARCHES[anchor];
    if (!re) return null;
    let first: Location | null = null;
    for (const { file, lines } of this.sourceLines()) {
      for (let i = 0; i < lines.length; i++) {
        const code = lines[i]!;
        if (!re.test(code)) continue;
        if ((code.match(QUOTED_PATH) ?? []).length === 1) return { file, line: i + 1 };
        first ??= { file, line: i + 1 };
      }
    }
    return first;
  }

  /**
   * Where the SIGTERM handler is, or should be, and whether one asks for SIGTERM at all. Best first:
   * a handler that asks for it (Go: the signal.Notify / signal.NotifyContext call naming it or no
   * signal, its arguments possibly over several lines; Node and Python: a line naming SIGTERM); then
   * a handler for other signals only, where SIGTERM belongs (Go's Notify without it, Node's
   * `process.on('SIGINT', ...)`, Python's `signal.signal(...)` / `add_signal_handler(...)`); then
   * the entry point's main (`func main()`, `if __name__ == "__main__":`, `def main(`). A Go line
   * that only names SIGTERM (`if sig == syscall.SIGTERM` in a helper) is none of these.
   */
  private sigterm(): { at: Location | null; handled: boolean } {
    if (this.sigtermFound) return this.sigtermFound;
    let other: Location | null = null;
    let main: Location | null = null;
    for (const { file, lines } of this.sourceLines()) {
      const go = file.endsWith('.go');
      const py = file.endsWith('.py');
      for (let i = 0; i < lines.length; i++) {
        const code = lines[i]!;
        const at = { file, line: i + 1 };
        if (go && GO_NOTIFY.test(code)) {
          if (notifiesSigterm(lines, i)) return (this.sigtermFound = { at, handled: true });
          other ??= at;
          continue;
        }
        if (!go && /SIGTERM/.test(code)) return (this.sigtermFound = { at, handled: true });
        if (!go && (py ? PY_HANDLER : NODE_HANDLER).test(code)) other ??= at;
        if ((go ? GO_MAIN : py ? PY_MAIN : null)?.test(code)) main ??= at;
      }
    }
    return (this.sigtermFound = { at: other ?? main, handled: false });
  }

  /** Each source file's lines with comments blanked out, read once. */
  private sourceLines(): { file: string; lines: string[] }[] {
    if (this.texts) return this.texts;
    this.texts = [];
    for (const file of this.sourceFiles()) {
      const text = readServiceFile(this.dir, file, MAX_BYTES)?.text;
      if (text === undefined) continue;
      const comment = file.endsWith('.py') ? /#.*$/ : /(^\s*\*.*$|\/\/.*$|\/\*.*$)/;
      this.texts.push({ file, lines: text.split('\n').map((l) => l.replace(comment, '')) });
    }
    return this.texts;
  }

  /** The service's own source files (no tests, dependencies or build output), shallowest first. */
  private sourceFiles(): string[] {
    if (this.sources) return this.sources;
    const out: string[] = [];
    const queue = [''];
    while (queue.length && out.length < MAX_FILES) {
      const rel = queue.shift()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(path.join(this.dir, rel), { withFileTypes: true });
      } catch {
        continue;
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) {
        const p = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) queue.push(p);
        } else if (e.isFile() && SOURCE_EXT.test(e.name) && !TEST_FILE.test(e.name) && !e.name.endsWith('.d.ts')) {
          try {
            if (fs.statSync(path.join(this.dir, p)).size <= MAX_BYTES) out.push(p);
          } catch {
            // Gone meanwhile.
          }
        }
      }
    }
    this.sources = out.slice(0, MAX_FILES);
    return this.sources;
  }
}
