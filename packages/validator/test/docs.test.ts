// Generated docs match the rule modules, every shared fact is written once (copies outside
// TypeScript are checked against it), and the sources have no import cycles.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ADR_DIRS } from '../src/adr/folders.js';
import { recordPageFolder } from '../src/adr/record-page.js';
import { rules } from '../src/adr/rules/index.js';
import { DOCS_HOME } from '../src/core/index.js';
import { documentedRules, rulePages, updateReadme } from '../src/rule-docs.js';
import { pkgRoot } from './helpers.js';

const repoRoot = path.resolve(pkgRoot, '../..');
const read = (file: string): string => readFileSync(file, 'utf8');
const FIX = 'run `pnpm --filter @distroless-service/validator build docs` and commit the result';

describe('generated rule docs', () => {
  it(`the README's generated parts match the rule modules (${FIX})`, () => {
    const readme = read(path.join(pkgRoot, 'README.md'));
    expect(updateReadme(readme)).toBe(readme);
  });

  it(`there is exactly one page per rule, as generated (${FIX})`, () => {
    const pages = rulePages();
    const onDisk = readdirSync(path.join(pkgRoot, 'docs/rules'), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(pkgRoot, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
    expect(onDisk.sort()).toEqual([...pages.keys()].sort());
    for (const [rel, text] of pages) expect(read(path.join(pkgRoot, rel)), rel).toBe(text);
  });

  it("every rule's url is its page in the package's repository, and the page exists", () => {
    const pkg = JSON.parse(read(path.join(pkgRoot, 'package.json'))) as {
      repository: { url: string; directory: string };
    };
    const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(DOCS_HOME).toBe(`${repo}/blob/main/${pkg.repository.directory}/`);
    for (const [family, metas] of Object.entries(documentedRules()))
      for (const meta of metas) {
        const rel = `docs/rules/${family}/${meta.id}.md`;
        expect(meta.url).toBe(`${DOCS_HOME}${rel}`);
        expect(existsSync(path.join(pkgRoot, rel)), rel).toBe(true);
      }
  });

  it('rule ids are unique per family and docs are one sentence', () => {
    for (const metas of Object.values(documentedRules())) {
      const ids = metas.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const m of metas) expect(m.docs, m.id).toMatch(/^\S.*\.$/);
    }
    expect(rules.length).toBe(documentedRules().adr.length);
  });
});

describe('default ADR folders are one list', () => {
  it('action.yml and .pre-commit-hooks.yaml name the same folders as the code', () => {
    const action = read(path.join(repoRoot, 'action.yml'));
    expect(action).toContain(`whichever exist of ${DEFAULT_ADR_DIRS.map((d) => `${d}/`).join(', ')}.`);
    const hooks = read(path.join(repoRoot, '.pre-commit-hooks.yaml'));
    const group = /files: \(\^\|\/\)\(([^)]*)\)\//.exec(hooks)?.[1];
    expect(group?.split('|')).toEqual(DEFAULT_ADR_DIRS);
  });

  it(".pre-commit-hooks.yaml's exclude keeps index pages out and lets record pages through", () => {
    const hooks = read(path.join(repoRoot, '.pre-commit-hooks.yaml'));
    // pre-commit applies it with Python's re.search; this pattern reads the same in JavaScript.
    const exclude = new RegExp(/^ {2}exclude: (.*)$/m.exec(hooks)![1]!);
    const pages = [
      'docs/adr/README.md',
      'doc/adr/index.md',
      'adr/2024/index.md',
      'docs/decisions/archive/README.md',
      'docs/adr/0002-use-y/index.md',
      'adr/ADR-007/README.md',
      'adr/0003_z/readme.md',
    ];
    for (const page of pages) expect(exclude.test(page), page).toBe(recordPageFolder(page) === null);
    expect(exclude.test('adr/0001-x.md')).toBe(false);
    expect(exclude.test('adr/adr-template.md')).toBe(true);
  });
});

/** Relative imports of every module under src, type-only ones included: a cycle is a cycle. */
function importGraph(srcDir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const entry of readdirSync(srcDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const deps = [...read(file).matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)].map((m) =>
      path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')),
    );
    graph.set(file, deps);
  }
  return graph;
}

describe('module structure', () => {
  it('src has no import cycles', () => {
    const graph = importGraph(path.join(pkgRoot, 'src'));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        const loop = trail.slice(trail.indexOf(file));
        cycles.push([...loop, file].map((f) => path.relative(pkgRoot, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const dep of graph.get(file) ?? []) visit(dep, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

describe('line length', () => {
  it('no line of the sources, tests or scripts is over 120 characters (Prettier leaves strings and comments)', () => {
    const long: string[] = [];
    for (const dir of ['src', 'test', 'scripts'])
      for (const e of readdirSync(path.join(pkgRoot, dir), { recursive: true, withFileTypes: true })) {
        const file = path.join(e.parentPath, e.name);
        if (!e.isFile() || !/\.(ts|mjs)$/.test(e.name) || file.includes(`${path.sep}fixtures${path.sep}`)) continue;
        read(file)
          .split('\n')
          .forEach((l, i) => l.length > 120 && long.push(`${path.relative(pkgRoot, file)}:${i + 1} (${l.length})`));
      }
    expect(long).toEqual([]);
  });
});
