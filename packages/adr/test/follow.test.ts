// The dialect memo (ADR 0023): a verdict is kept only for a record unchanged since it was read, and
// the record `new` writes is kept unread only where the template is proven to write its own dialect.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveSettings } from '../src/config.js';
import { readRecord } from '../src/detect.js';
import {
  candidates,
  DialectMemo,
  DISABLE_ENV,
  followFolder,
  SETTLE_MS,
  type Found,
  type ReadRecord,
} from '../src/follow.js';
import { scanFolder } from '../src/naming.js';
import { newRecord, SELF_DETECTED } from '../src/new.js';
import { builtinNames } from '../src/render.js';
import { adr, read, tmpRepo } from './support/cli.js';

const NYGARD = (n: number) =>
  `# ${n}. Decision ${n}\n\nDate: 2026-01-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n`;
const BOLD = (n: number) =>
  `# ADR-00${n}: X\n\n**Status:** Accepted\n**Date:** 2026-02-20\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n`;

let cache: string;
const memoFiles = () => readdirSync(cache);
const memoOf = () => JSON.parse(readFileSync(path.join(cache, memoFiles()[0]!), 'utf8'));
const open = (dir: string) => DialectMemo.open(dir, () => cache);

/** The real reader, counting the records it reads. */
function counting(): { reader: () => Promise<ReadRecord>; reads: string[] } {
  const reads: string[] = [];
  const read: ReadRecord = (file, name) => {
    reads.push(name);
    return readRecord(file, name);
  };
  return { reader: () => Promise.resolve(read), reads };
}

async function follow(dir: string): Promise<{ found: Found | null; reads: string[] }> {
  const { reader, reads } = counting();
  const memo = open(dir);
  const found = await followFolder(dir, candidates(scanFolder(dir)), memo, reader);
  memo.save(readdirSync(dir));
  return { found, reads };
}

/** A folder of records written more than SETTLE_MS ago, as the clock has it. */
function settled(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'follow-'));
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  vi.setSystemTime(Date.now() + SETTLE_MS + 1000);
  return dir;
}

describe('the dialect memo', () => {
  beforeEach(() => {
    cache = mkdtempSync(path.join(os.tmpdir(), 'follow-cache-'));
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    delete process.env[DISABLE_ENV];
  });

  it('reads no record the second time, and every changed one again', async () => {
    const dir = settled({ '0001-a.md': NYGARD(1), '0002-b.md': BOLD(2) });
    const cold = await follow(dir);
    expect(cold.found).toMatchObject({ template: 'bold-fields', dialect: 'bold-fields' });
    expect(cold.reads).toEqual(['0002-b.md']);
    expect(Object.keys(memoOf().records)).toEqual(['0002-b.md']);
    const warm = await follow(dir);
    expect(warm).toEqual({ found: cold.found, reads: [] });
    // Rewritten with the same size: another ctime (and mtime), so read again.
    writeFileSync(path.join(dir, '0002-b.md'), BOLD(2).replace('# ADR-002: X', '# ADR-002: Y'));
    expect(statSync(path.join(dir, '0002-b.md')).size).toBe(BOLD(2).length);
    vi.setSystemTime(Date.now() + SETTLE_MS + 1000);
    expect((await follow(dir)).reads).toEqual(['0002-b.md']);
    // Replaced by a record in another dialect: the new verdict, not the kept one.
    writeFileSync(path.join(dir, '0002-b.md'), NYGARD(2));
    expect(await follow(dir)).toMatchObject({ found: { template: 'nygard' }, reads: ['0002-b.md'] });
  });

  it('does not keep the verdict on a record changed within SETTLE_MS of its read', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'follow-'));
    writeFileSync(path.join(dir, '0001-a.md'), NYGARD(1));
    expect((await follow(dir)).reads).toEqual(['0001-a.md']);
    expect(memoFiles()).toEqual([]);
    expect((await follow(dir)).reads).toEqual(['0001-a.md']);
  });

  it('keeps the verdicts on records passed over (MADR headings without a status) and reads past them', async () => {
    const body = '## Context and Problem Statement\n\nc\n\n## Decision Outcome\n\nd\n';
    const dir = settled({
      '0001-a.md': `# A\n\n* Status: accepted\n* Date: 2021-04-01\n\n${body}`,
      '0002-b.md': `# B\n\n${body}`,
      '0003-c.md': 'not a record\u0000 binary',
    });
    const cold = await follow(dir);
    expect(cold.found).toMatchObject({ template: 'madr2', dialect: 'madr2' });
    expect(cold.reads).toEqual(['0003-c.md', '0002-b.md', '0001-a.md']);
    expect(memoOf().records['0003-c.md'].found).toBeNull();
    expect(await follow(dir)).toEqual({ found: cold.found, reads: [] });
  });

  it('does not keep a verdict the time limit gave', async () => {
    const dir = settled({ '0001-a.md': NYGARD(1) });
    const reads: string[] = [];
    const timedOut: ReadRecord = (_file, name) => (reads.push(name), { found: null, timedOut: true });
    const memo = open(dir);
    expect(await followFolder(dir, candidates(scanFolder(dir)), memo, () => Promise.resolve(timedOut))).toBeNull();
    memo.save(['0001-a.md']);
    expect(memoFiles()).toEqual([]);
  });

  it('ignores a damaged memo, another folder’s, and another detector’s, and mends them', async () => {
    const dir = settled({ '0001-a.md': NYGARD(1) });
    await follow(dir);
    const file = path.join(cache, memoFiles()[0]!);
    const good = readFileSync(file, 'utf8');
    const lying = (data: Record<string, unknown>) => {
      const memo = JSON.parse(good);
      const entry = memo.records['0001-a.md'];
      entry.found = { template: 'bold-fields', dialect: 'bold-fields', frontMatter: null };
      return JSON.stringify({ ...memo, ...data });
    };
    for (const bad of [
      '{"v":1,"dir":',
      'null',
      lying({ dir: '/elsewhere' }),
      lying({ detector: 'detect.cjs:1:2' }),
      lying({ v: 99 }),
      lying({ records: { '0001-a.md': { stat: 'x', found: { template: 'bold-fields' } } } }),
      lying({
        records: {
          '0001-a.md': { ...JSON.parse(good).records['0001-a.md'], found: { template: 'frontmatter', dialect: 'x' } },
        },
      }),
      lying({
        records: {
          '0001-a.md': {
            ...JSON.parse(good).records['0001-a.md'],
            found: { template: 'frontmatter', dialect: 'x', frontMatter: { format: 'toml', keys: 'id' } },
          },
        },
      }),
    ]) {
      writeFileSync(file, bad);
      expect(await follow(dir), bad).toMatchObject({ found: { template: 'nygard' }, reads: ['0001-a.md'] });
      expect(readFileSync(file, 'utf8')).toBe(good);
    }
    // Its own verdict, but a lie: read as written (so the stamp is what stands for the record).
    writeFileSync(file, lying({}));
    expect((await follow(dir)).found).toMatchObject({ template: 'bold-fields' });
  });

  it(`is off with ${DISABLE_ENV}=1`, async () => {
    process.env[DISABLE_ENV] = '1';
    const dir = settled({ '0001-a.md': NYGARD(1) });
    expect((await follow(dir)).reads).toEqual(['0001-a.md']);
    expect((await follow(dir)).reads).toEqual(['0001-a.md']);
    expect(memoFiles()).toEqual([]);
  });
});

// Folders in each dialect `new` follows: each built-in template's own records, and records written
// by other tools (log4brains, front matter without fences, TOML, a status in bold).
const BODY = '## Context and Problem Statement\n\nc\n\n## Decision Outcome\n\nd\n';
const FOREIGN: Record<string, Record<string, string>> = {
  'adr-tools': { '0001-a.md': NYGARD(1), '0002-b.md': NYGARD(2) },
  'bold fields': { '0001-a.md': BOLD(1), '0002-b.md': BOLD(2) },
  log4brains: { '20240105-use-rest.md': `# Use REST\n\n- Status: accepted\n- Date: 2024-01-05\n\n${BODY}` },
  'front matter without fences': {
    '0001-a.md': `status: accepted date: 2026-03-12\n\n# A\n\n${BODY}`,
  },
  'MADR headings alone': { '0001-a.md': `# A\n\n${BODY}`, '0002-b.md': `# B\n\n${BODY}` },
  TOML: {
    '0007-use-x.md': `+++\ntitle = "Use X"\nid = "ADR-0007"\nstatus = 'Accepted'\ndate = 2026-01-05\n+++\n\n# Use X\n\n${BODY}`,
  },
  'front matter and a status section': {
    '0003-x.md':
      '---\nadr: 003\nstatus: accepted\ndate: 2025-01-09\n---\n\n# ADR-003: X\n\n## Status\n\nAccepted\n\n' +
      '## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n',
  },
};

describe('SELF_DETECTED: the record new writes reads back as the dialect it followed', () => {
  beforeEach(() => {
    process.env[DISABLE_ENV] = '1';
  });
  afterEach(() => {
    delete process.env[DISABLE_ENV];
  });

  it('holds exactly the pairs whose records read back the same, over every template and dialect', async () => {
    const folders: Array<[string, string]> = [];
    for (const t of builtinNames()) {
      const repo = tmpRepo();
      for (const title of ['First', 'Second'])
        await newRecord({ cwd: repo, title, template: t, status: 'accepted', date: '2026-01-02' });
      folders.push([`written by ${t}`, repo]);
    }
    for (const [name, files] of Object.entries(FOREIGN))
      folders.push([name, tmpRepo(Object.fromEntries(Object.entries(files).map(([f, t]) => [`docs/adr/${f}`, t])))]);

    const proven = new Set<string>();
    const failed = new Set<string>();
    const seen = new Set<string>();
    for (const [name, repo] of folders) {
      const { dir } = await resolveSettings(repo);
      const found = await followFolder(dir, candidates(scanFolder(dir)), open(dir));
      expect(found, name).not.toBeNull();
      const made = await newRecord({ cwd: repo, title: 'Next decision', date: '2026-03-04' });
      expect(made.templateReason, name).toBe(`dialect ${found!.dialect}`);
      const back = readRecord(made.file, path.basename(made.file));
      // TOML front matter is kept apart: its keys' samples (the number) move with each record.
      const pair = `${found!.template}/${found!.dialect}${found!.frontMatter ? ' with TOML' : ''}`;
      seen.add(pair);
      if (JSON.stringify(back.found) === JSON.stringify(found)) proven.add(pair);
      else failed.add(pair);
    }
    // Every template's own folder was followed, and no pair both held and failed.
    // (madr-bare's records read as MADR 4's: the dialect is the same, the template is madr-full.)
    const followed = [...seen].map((p) => p.split('/')[0]);
    expect(followed).toEqual(expect.arrayContaining(builtinNames().filter((t) => !t.startsWith('madr-bare'))));
    // Records that drift: front matter over a status section comes back as MADR's front matter.
    expect([...failed].sort()).toEqual([
      'frontmatter/frontmatter-nygard',
      'madr-minimal/flattened',
      'madr-minimal/madr-frontmatter with TOML',
      'madr-minimal/madr-headings',
    ]);
    expect([...proven].filter((p) => failed.has(p))).toEqual([]);
    expect([...SELF_DETECTED].sort()).toEqual([...proven].sort());
  });
});

describe('new with the memo (the built CLI)', () => {
  const probe = fileURLToPath(new URL('./support/loaded-files.cjs', import.meta.url));

  it('a second new in a row loads no parser, and writes what a cold run writes', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'follow-tmp-'));
    const run = (dir: string, title: string, env: Record<string, string> = {}) => {
      const list = path.join(tmp, 'loaded.txt');
      const r = adr(dir, ['new', title, '--date', '2026-03-04'], { TMPDIR: tmp, LOADED_FILES: list, ...env }, [
        '--require',
        probe,
      ]);
      expect(r.status, r.stderr).toBe(0);
      return {
        file: r.stdout.trim(),
        loaded: readFileSync(list, 'utf8')
          .split('\n')
          .map((f) => path.basename(f)),
      };
    };
    const records = { 'doc/adr/0001-a.md': NYGARD(1), 'doc/adr/0002-b.md': NYGARD(2) };
    const warm = tmpRepo(records);
    const cold = tmpRepo(records);
    // The first run reads the newest record (written just now: not kept), the second reads the
    // record the first wrote from the memo, and so on.
    expect(run(warm, 'Three').loaded).toContain('detect.cjs');
    const four = run(warm, 'Four');
    expect(four.loaded).not.toContain('detect.cjs');
    expect(run(warm, 'Five').loaded).not.toContain('detect.cjs');
    const off = { [DISABLE_ENV]: '1' };
    for (const t of ['Three', 'Four', 'Five']) expect(run(cold, t, off).loaded).toContain('detect.cjs');
    for (const f of ['0003-three.md', '0004-four.md', '0005-five.md'])
      expect(read(warm, `doc/adr/${f}`)).toBe(read(cold, `doc/adr/${f}`));
    // Edited by hand into another dialect: read again, and followed.
    writeFileSync(path.join(warm, 'doc/adr/0005-five.md'), BOLD(5));
    const six = run(warm, 'Six');
    expect(six.loaded).toContain('detect.cjs');
    // (bold fields; the heading's numbering is the folder's, learned from all its records)
    expect(read(warm, six.file)).toMatch(/^# 6\. Six\n\n\*\*Status:\*\* Proposed\n/);
    // The memo sits in the user's own cache folder, closed to others.
    const folder = path.join(tmp, `distroless-adr-compile-cache-${process.getuid!()}`, 'dialects');
    expect(statSync(folder).mode & 0o077).toBe(0);
    expect(readdirSync(folder).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
  });
});
