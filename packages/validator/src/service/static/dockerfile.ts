// Dockerfile model on dockerfile-ast: stages, their FROM images (ARG defaults substituted) and
// instructions with exec-form arguments, plus the image facts the engines need.
import { DockerfileParser, type From, type JSONInstruction } from 'dockerfile-ast';
import type { DockerModel, ImageRef, Stage, StageInstruction } from './types.js';

const JSON_KEYWORDS = new Set(['CMD', 'ENTRYPOINT', 'RUN', 'SHELL', 'VOLUME', 'COPY', 'ADD']);

/** Splits `registry/name:tag@digest` the way Docker does: a registry has a `.` or `:` or is localhost. */
export function parseImageRef(raw: string): ImageRef {
  const variable = /\$/.test(raw);
  let rest = raw;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  return { raw, registry, name: rest, tag, digest, variable };
}

/** The reference without tag/digest, with its registry: `gcr.io/distroless/static-debian13`. */
export function repoOf(ref: ImageRef): string {
  return ref.registry ? `${ref.registry}/${ref.name}` : ref.name;
}

function substitute(text: string, args: Map<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a, def, b) => {
    const v = args.get(a ?? b);
    if (v !== undefined && v !== '') return v;
    return def !== undefined ? def : m;
  });
}

/** A JSON array of strings, as Docker accepts for exec form; null means shell form. */
export function execForm(args: string): string[] | null {
  const t = args.replace(/\\\r?\n/g, ' ').trim();
  if (!t.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
  } catch {
    return null;
  }
}

export function parseDockerfile(text: string, file = 'Dockerfile'): DockerModel | null {
  const ast = DockerfileParser.parse(text);
  const args = new Map<string, string>();
  for (const a of ast.getInitialARGs()) {
    const p = a.getProperty();
    if (p) args.set(p.getName(), p.getValue() ?? '');
  }
  const stages: Stage[] = [];
  let current: Stage | null = null;
  for (const ins of ast.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const line = ins.getRange().start.line + 1;
    const raw = ins.getRawArgumentsContent() ?? '';
    if (keyword === 'FROM') {
      // FROM [--platform=...] image [AS name]: the parser gives the image and the alias.
      const from = ins as From;
      const image = substitute(from.getImage() ?? '', args);
      const alias = from.getBuildStage();
      const parentStage = stages.find((s) => s.alias !== null && s.alias.toLowerCase() === image.toLowerCase()) ?? null;
      current = {
        index: stages.length,
        alias,
        from: parseImageRef(image),
        fromLine: line,
        parent: parentStage,
        instructions: [],
      };
      stages.push(current);
      continue;
    }
    if (!current) continue;
    let json: string[] | null = null;
    if (JSON_KEYWORDS.has(keyword)) {
      json = execForm(raw);
      // dockerfile-ast already split a valid array; prefer its view when it agrees it is JSON.
      const ji = ins as JSONInstruction;
      if (
        json === null &&
        typeof ji.getOpeningBracket === 'function' &&
        ji.getOpeningBracket() &&
        ji.getClosingBracket()
      ) {
        const strings = ji.getJSONStrings().map((s) => s.getJSONValue());
        if (strings.length > 0 || /^\s*\[\s*\]\s*$/.test(raw)) json = strings;
      }
    } else if (keyword === 'HEALTHCHECK') {
      const m = /^\s*(?:--\S+\s+)*CMD\s+([\s\S]*)$/i.exec(raw);
      json = m ? execForm(m[1]!) : null;
    }
    const si: StageInstruction = { keyword, line, args: raw, json };
    current.instructions.push(si);
  }
  if (stages.length === 0) return null;
  const final = stages[stages.length - 1]!;
  // The stage the final one copies from. When it copies from several (production dependencies,
  // and the build stage that extends them), the one on the longest FROM chain: it holds the others.
  const depth = (s: Stage): number => (s.parent ? depth(s.parent) + 1 : 0);
  let builder: Stage | null = null;
  for (const ins of final.instructions) {
    if (ins.keyword !== 'COPY') continue;
    const m = /--from=(\S+)/.exec(ins.args);
    if (!m) continue;
    const ref = m[1]!.toLowerCase();
    const from = stages.find((s) => s !== final && (s.alias?.toLowerCase() === ref || String(s.index) === ref));
    if (from && (!builder || depth(from) > depth(builder))) builder = from;
  }
  if (!builder && stages.length > 1) builder = stages[stages.length - 2]!;
  const builderChain: Stage[] = [];
  for (let s: Stage | null = builder; s; s = s.parent) builderChain.unshift(s);
  return { file, ast, stages, final, builder, builderChain };
}

/** The external image a stage ultimately builds on (following FROM <stage>). */
export function baseImage(stage: Stage): ImageRef {
  let s = stage;
  while (s.parent) s = s.parent;
  return s.from;
}

export function lastOf(stage: Stage, keyword: string): StageInstruction | null {
  const all = stage.instructions.filter((i) => i.keyword === keyword);
  return all[all.length - 1] ?? null;
}

/** RUN commands as a shell would get them (exec form joined), continuations folded. */
export function runCommand(ins: StageInstruction): string {
  if (ins.json) return ins.json.join(' ');
  return ins.args.replace(/\\\r?\n\s*/g, ' ').trim();
}

/** The final stage's USER as written, split into user and group, and whether either is root. */
export function finalUser(
  stage: Stage,
): { line: number; value: string; user: string; group: string | undefined; root: boolean } | null {
  const ins = lastOf(stage, 'USER');
  if (!ins) return null;
  const value = ins.args.trim();
  const [user = '', group] = value.split(':');
  const isRoot = (s: string): boolean => /^(root|0)$/.test(s);
  // `USER app:0` is a named user in group root; `USER 1000:root` is numeric and not root.
  const root = isRoot(user) || (group !== undefined && isRoot(group) && !/^\d+$/.test(user));
  return { line: ins.line, value, user, group, root };
}
