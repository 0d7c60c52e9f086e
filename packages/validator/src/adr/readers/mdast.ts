// Small helpers over the mdast tree and the source lines that every reader uses.
import type { Nodes, Root, RootContent } from 'mdast';

/** Plain text of a node (HTML comments and front matter left out); iterative, so deep input cannot
 * overflow the stack. */
export function textOf(node: Nodes): string {
  return textStart(node, Infinity);
}

/**
 * The start of textOf(node): its text, in the same order, up to the first piece that brings it to
 * at least `min` characters after leading white space (or all of it), without walking the rest.
 */
export function textStart(node: Nodes, min: number): string {
  let out = '';
  const stack: Nodes[] = [node];
  // The whole text (min Infinity) never trims what it has so far: textOf runs on every paragraph.
  while (stack.length > 0 && (min === Infinity || out.trimStart().length < min)) {
    const n = stack.pop()!;
    if (n.type === 'html' || n.type === 'yaml' || (n.type as string) === 'toml') continue;
    if ('value' in n && typeof n.value === 'string') out += n.value;
    else if (n.type === 'image') out += n.alt ?? '';
    if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
  }
  return out;
}

export function* walk(root: Root | Nodes): Generator<Nodes> {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    yield n;
    if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
  }
}

/**
 * Turns reference-style links (`[Use Foo][foo]` with `[foo]: 0007-foo.md` below) into the links
 * they render as, so readers that look for a link (a superseding record) see them too.
 */
export function resolveLinkReferences(tree: Root): void {
  const urls = new Map<string, { url: string; title: string | null | undefined }>();
  const refs: Nodes[] = [];
  for (const n of walk(tree)) {
    // The first definition of a label wins, as in CommonMark.
    if (n.type === 'definition' && !urls.has(n.identifier)) urls.set(n.identifier, { url: n.url, title: n.title });
    else if (n.type === 'linkReference') refs.push(n);
  }
  for (const n of refs) {
    if (n.type !== 'linkReference') continue;
    const def = urls.get(n.identifier);
    if (!def) continue;
    const link = n as unknown as Record<string, unknown>;
    for (const k of ['identifier', 'label', 'referenceType']) delete link[k];
    Object.assign(link, { type: 'link', url: def.url, title: def.title ?? null });
  }
}

export function firstLinkUrl(node: Nodes | RootContent): string | null {
  for (const n of walk(node as Nodes)) if (n.type === 'link') return n.url;
  return null;
}

/** Line starts of a text, for line ↔ offset mapping. */
export class Lines {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line → [start, end) offsets without the line ending. */
  range(line: number): { start: number; end: number } {
    const start = this.starts[line - 1] ?? this.text.length;
    let end = this.starts[line] !== undefined ? this.starts[line]! - 1 : this.text.length;
    if (end > start && this.text[end - 1] === '\r') end--;
    return { start, end };
  }
  get(line: number): string {
    const r = this.range(line);
    return this.text.slice(r.start, r.end);
  }
  get count(): number {
    return this.starts.length;
  }
}
