// values.yaml with positions: ajv errors and rendered-manifest findings point at its lines.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ValuesFile } from './types.js';

/** The yaml library's bound on alias expansion (its default, stated where it matters). */
export const MAX_ALIAS_COUNT = 100;

export function parseValues(
  text: string,
  file: string,
): { values: ValuesFile | null; error: { line: number; message: string } | null } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    return { values: null, error: { line: lines.linePos(e.pos[0]).line, message: e.message.split('\n')[0]! } };
  }
  let data: unknown;
  try {
    // An alias bomb (anchors expanded into billions of nodes) stops at the alias bound.
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (e) {
    return { values: null, error: { line: 0, message: (e as Error).message.split('\n')[0]! } };
  }
  return { values: { file, doc, lines, data }, error: null };
}

/**
 * The line of the key at `path` (or of the item for an index); when the path does not exist,
 * the line of its deepest existing ancestor, and `exact: false`.
 */
export function lineOf(values: ValuesFile, path: (string | number)[]): { line: number; exact: boolean } {
  let node: Node | null = values.doc.contents as Node | null;
  let line = 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return { line, exact: false };
      const key = pair.key as Node;
      if (key.range) line = values.lines.linePos(key.range[0]).line;
      node = (pair.value as Node | null) ?? null;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return { line, exact: false };
      if (item.range) line = values.lines.linePos(item.range[0]).line;
      node = item;
    } else {
      return { line, exact: false };
    }
  }
  return { line, exact: true };
}

/** `/a/b/0` → ['a','b',0] */
export function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
