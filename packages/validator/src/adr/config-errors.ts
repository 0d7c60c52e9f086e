// Config errors as a user reads them: each problem at its key path in the config's own terms
// (`rules["status-valid"]`, `overrides[0].files`), what is allowed there and what was given. Ajv
// checks the config; only its error objects (instancePath, keyword, params) are turned into words.
import type { ErrorObject } from 'ajv';
import { editDistance } from './status.js';

/** A JSON pointer (`/rules/status-valid`) as the key path a user writes: `rules["status-valid"]`. */
export function keyPath(pointer: string): string {
  if (pointer === '') return '(the config)';
  let out = '';
  for (const seg of segments(pointer)) {
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function child(pointer: string, key: string): string {
  return `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const seg of segments(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A value as given, short: `"loud" (a string)`, `5`, `a list ([...])`, `an object`. */
function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list (${clip(JSON.stringify(v))})`;
  if (v !== null && typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `${clip(JSON.stringify(v))} (a string)`;
  return String(v);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object (key: value)',
};

/** The closest of `known` to `word` within a small edit distance, as a "did you mean" hint. */
function closest(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== null && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : null;
}

/** The schema node at an Ajv schemaPath (`#/properties/overrides/items/required`), minus `drop` segments. */
function schemaAt(schema: unknown, schemaPath: string, drop = 1): unknown {
  const segs = schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean);
  let cur = schema;
  for (const seg of segs.slice(0, segs.length - drop)) cur = (cur as Record<string, unknown> | undefined)?.[seg];
  return cur;
}

function unknownName(name: string, known: readonly string[], what: string, plural: string): string {
  const hint = closest(name, known);
  return (
    `unknown ${what} ${JSON.stringify(name)}` +
    (hint ? `; did you mean ${JSON.stringify(hint)}?` : '') +
    ` (${plural}: ${known.join(', ')})`
  );
}

function describe(e: ErrorObject, data: unknown, schema: unknown): string | null {
  const at = keyPath(e.instancePath);
  const given = valueAt(data, e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const parent = schemaAt(schema, e.schemaPath) as { properties?: Record<string, unknown> } | undefined;
      const known = Object.keys(parent?.properties ?? {}).filter((k) => k !== '$schema');
      const key = String(p.additionalProperty);
      return `${keyPath(child(e.instancePath, key))}: ${unknownName(key, known, 'key', 'known keys')}`;
    }
    case 'propertyNames':
      return null; // said by the enum error beside it, which names the allowed names
    case 'enum': {
      const allowed = ((p.allowedValues as unknown[]) ?? []).map(String);
      if (e.propertyName !== undefined) {
        const rules = /\/rules$/.test(e.instancePath);
        return (
          `${keyPath(child(e.instancePath, e.propertyName))}: ` +
          unknownName(e.propertyName, allowed, rules ? 'rule id' : 'key', rules ? 'rule ids' : 'known keys')
        );
      }
      const hint = typeof given === 'string' ? closest(given, allowed) : null;
      return (
        `${at}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}; got ${shown(given)}` +
        (hint && hint !== given ? `; did you mean ${JSON.stringify(hint)}?` : '')
      );
    }
    case 'type':
      return `${at}: must be ${TYPE_WORDS[String(p.type)] ?? String(p.type)}; got ${shown(given)}`;
    case 'required':
      return `${at}: the key ${JSON.stringify(p.missingProperty)} is missing`;
    case 'minItems':
      return `${at}: must list at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}; got ${shown(given)}`;
    case 'minLength':
      return `${at}: must not be empty`;
    case 'minimum':
      return `${at}: must be at least ${String(p.limit)}; got ${shown(given)}`;
    case 'exclusiveMinimum':
      return `${at}: must be more than ${String(p.limit)}; got ${shown(given)}`;
    default:
      return `${at}: ${e.message ?? e.keyword}`;
  }
}

/**
 * Ajv's errors for `data` (checked with `schema`, allErrors) as one line per problem. A `oneOf`
 * whose branches all fail is said once: by the branch of the value's own kind (a list, an object)
 * when there is one, else as the kinds it takes.
 */
export function configProblems(errors: readonly ErrorObject[], data: unknown, schema: unknown): string[] {
  const out: string[] = [];
  const push = (line: string | null) => {
    if (line !== null && !out.includes(line)) out.push(line);
  };
  const branches = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.schemaPath);
  for (const e of errors) {
    if (branches.some((b) => e.schemaPath.startsWith(`${b}/`))) continue;
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf') {
      push(describe(e, data, schema));
      continue;
    }
    const given = valueAt(data, e.instancePath);
    const kind = Array.isArray(given) ? 'array' : given !== null && typeof given === 'object' ? 'object' : null;
    const options = (schemaAt(schema, e.schemaPath, 0) as Array<{ type?: string }> | undefined) ?? [];
    const own = options.findIndex((o) => o.type === kind);
    const nested = errors.filter((x) => x.schemaPath.startsWith(`${e.schemaPath}/${own}/`));
    if (own >= 0 && nested.length > 0) {
      for (const line of configProblems(nested, data, schema)) push(line);
      continue;
    }
    const kinds = options.map((o) => TYPE_WORDS[o.type ?? ''] ?? 'a value').join(' or ');
    push(`${keyPath(e.instancePath)}: must be ${kinds}; got ${shown(given)}`);
  }
  return out;
}

/** The 1-based line and column of a 0-based offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

const POSITION = /\s*(?:in JSON )?at position (\d+)(?: \(line \d+ column \d+\))?/;

/** JSON.parse's complaint at its line and column: `line 3, column 5: Expected ',' or '}' after property value`. */
export function jsonProblem(text: string, e: Error): string {
  const m = POSITION.exec(e.message);
  const what = e.message.replace(POSITION, '').trim();
  const offset = m ? Number(m[1]) : /end of JSON input/.test(e.message) ? text.length : null;
  if (offset === null) return what;
  const { line, column } = lineColumn(text, offset);
  return `line ${line}, column ${column}: ${what}`;
}
