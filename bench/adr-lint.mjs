#!/usr/bin/env node
// ADR lint benchmark, every tool measured in the same run, each in a fresh process:
//   - `distroless-validate adr` (the command's bundle, default settings: on 100 files or more,
//     child processes, one per CPU up to 4, ADR 0022), and with `--processes 0` (threads, ADR 0018),
//   - markdownlint-cli2 over the same files (its own defaults),
//   - a bare parse of the same files with the parser the linter uses (remark-parse +
//     YAML/TOML front matter + GFM tables on every file), one thread: the floor a remark-based
//     linter pays that tries the table construct everywhere (the linter tries it only on files
//     with a line that can be a delimiter row, src/adr/tables.ts, so its ratio can go below 1);
//     once as Node starts by default and once with the V8 flags the linter's child processes
//     start with (ADR 0019), so the children's CPU can also be compared like with like.
// With child processes, the command's CPU time and peak RSS include its children's (CPU from
// the children's times the kernel adds to this process once they are reaped; memory as this
// process's peak plus the highest sum of the children's RSS sampled every 20 ms, an upper bound).
// Reports wall time, files/s, CPU time (all threads) and peak RSS, then the two ratios the
// ADR lint issue sets goals for: throughput against markdownlint-cli2 (wall time, both cores)
// and CPU time against the bare parse as Node runs it by default; for the children, also against
// the bare parse with their flags (like with like). Runs each tool --runs times (default 3) and prints the
// median with the spread, because the machine is shared.
//
//   node bench/adr-lint.mjs [corpusDir] [--copies 2] [--runs 3] [--generated]
//
//   corpusDir    default ../shared/adr-corpus (read in place; copied only into a temp folder)
//   --copies N   the corpus is copied N times into one temp folder (default 2: "corpus x2")
//   --generated  also time generated corpora of 1,000 and 10,000 ADRs
//
// Needs a built validator: npx -y pnpm@10 --filter @distroless-service/validator run build
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const validatorRoot = path.join(root, 'packages/validator');

function mdFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...mdFiles(p));
    else if (/\.md$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

// The V8 flags the linter's child processes start with, read from the built bundle.
async function childFlags() {
  const { CHILD_V8_FLAGS } = await import(pathToFileURL(path.join(validatorRoot, 'dist/adr/processes.js')).href);
  return CHILD_V8_FLAGS;
}

/** CPU ms of this process's reaped children (Linux: /proc/self/stat cutime + cstime, in clock ticks). */
let ticks = 0;
function childrenCpuMs() {
  if (process.platform !== 'linux') return 0;
  ticks ||= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  // Fields after the command name, which is in parentheses and may hold spaces.
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return ((Number(f[13]) + Number(f[14])) * 1000) / ticks;
}

/** RSS in MB of this process's live children (Linux only). */
function childrenRssMB() {
  if (process.platform !== 'linux') return 0;
  let kb = 0;
  for (const task of readdirSync('/proc/self/task')) {
    let pids = '';
    try {
      pids = readFileSync(`/proc/self/task/${task}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const pid of pids.split(' ').filter(Boolean)) {
      try {
        kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        /* exited meanwhile */
      }
    }
  }
  return kb / 1024;
}

// Child mode: run one tool in this process and print wall time, CPU time and peak RSS.
if (process.argv[2] === '--child') {
  const [, , , tool, listFile] = process.argv;
  const files = JSON.parse(readFileSync(listFile, 'utf8'));
  let childrenPeak = 0;
  const sampler = setInterval(() => {
    childrenPeak = Math.max(childrenPeak, childrenRssMB());
  }, 20);
  const childCpu0 = childrenCpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let findings = 0;
  if (tool === 'adr' || tool === 'adr-threads') {
    // The command as `distroless-validate adr --format json <files>` runs it (its bundle, not the
    // library entry, which also loads service verification), in this process as markdownlint-cli2 is.
    const { runAdr } = await import(pathToFileURL(path.join(validatorRoot, 'dist/adr/command.js')).href);
    let out = '';
    const sink = (t) => {
      out += t;
    };
    const extra = tool === 'adr-threads' ? ['--processes', '0'] : [];
    const code = await runAdr(['--format', 'json', ...extra, ...files], {
      cwd: os.tmpdir(),
      stdout: sink,
      stderr: sink,
      isTTY: false,
      env: {},
    });
    if (code === 2) throw new Error(out);
    for (const r of JSON.parse(out)) findings += r.messages.length;
  } else if (tool === 'parse' || tool === 'parse-flags') {
    // The validator's own dependencies, resolved from its package (pnpm keeps them there).
    const req = createRequire(path.join(validatorRoot, 'package.json'));
    const load = async (name) => import(pathToFileURL(req.resolve(name)).href);
    const { unified } = await load('unified');
    const remarkParse = (await load('remark-parse')).default;
    const remarkFrontmatter = (await load('remark-frontmatter')).default;
    const { gfmTable } = await load('micromark-extension-gfm-table');
    const { gfmTableFromMarkdown } = await load('mdast-util-gfm-table');
    const processor = unified()
      .use(remarkParse)
      .use(remarkFrontmatter, ['yaml', 'toml'])
      .use(function tables() {
        const data = this.data();
        (data.micromarkExtensions ??= []).push(gfmTable());
        (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
      });
    for (const f of files) findings += processor.parse(readFileSync(f, 'utf8')).children.length > 0 ? 0 : 0;
  } else {
    const { main } = await import('markdownlint-cli2');
    await main({
      directory: path.dirname(files[0]),
      // `:` marks a literal path, so names are not read as globs.
      argv: files.map((f) => `:${f}`),
      logMessage: () => {},
      logError: () => {
        findings++;
      },
      noImport: true,
    });
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  process.stdout.write(
    JSON.stringify({
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000 + (childrenCpuMs() - childCpu0),
      rssMB: process.resourceUsage().maxRSS / 1024 + childrenPeak,
      findings,
    }),
  );
  process.exit(0);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    copies: { type: 'string', default: '2' },
    runs: { type: 'string', default: '3' },
    generated: { type: 'boolean', default: false },
  },
});

const STATUSES = [
  'Accepted',
  'accepted',
  'Proposed',
  'Superseded by [ADR-0001](0001-x.md)',
  'Deprecated',
  'Acepted',
  '✅ Accepted',
  'draft',
];
const para = (i) =>
  `This paragraph explains force number ${i} with *emphasis*, a [link](https://example.invalid/${i}) and \`code\`.\nIt wraps onto a second line so the parser has real paragraphs to build.\n`;

function adr(i) {
  const n = String(i).padStart(4, '0');
  const status = STATUSES[i % STATUSES.length];
  const body = (ctx) =>
    `## ${ctx}\n\n${para(i)}\n${para(i + 1)}\n- first consequence\n- second consequence with **bold**\n\n`;
  switch (i % 4) {
    case 0:
      return [
        `${n}-nygard-${i}.md`,
        `# ${i}. Nygard decision ${i}\n\nDate: 2024-01-${String((i % 28) + 1).padStart(2, '0')}\n\n## Status\n\n${status}\n\n${body('Context')}${body('Decision')}${i % 50 ? body('Consequences') : ''}`,
      ];
    case 1:
      return [
        `${n}-madr2-${i}.md`,
        `# MADR 2 decision ${i}\n\n* Status: ${status.toLowerCase()}\n* Deciders: team ${i % 7}\n* Date: ${i % 40 ? '2021-02-03' : '25.05.2020'}\n\n${body('Context and Problem Statement')}${body('Considered Options')}${body('Decision Outcome')}`,
      ];
    case 2:
      return [
        `${n}-madr4-${i}.md`,
        `---\nstatus: ${status.startsWith('Superseded') ? 'superseded' : status}\ndate: 2024-11-02\ndecision-makers: Dana, Lee\n---\n\n# MADR 4 decision ${i}\n\n${body('Context and Problem Statement')}${body('Considered Options')}${body('Decision Outcome')}| Option | Pros |\n|---|---|\n| A | fast |\n| B | cheap |\n`,
      ];
    default:
      return [
        `ADR-${n}-bold-${i}.md`,
        `# ADR-${n}: Bold decision ${i}\n\n**Status:** ${status}\n**Date:** 2026-02-20\n**Deciders:** Platform\n\n---\n\n${body('Context')}${body('Decision')}${body('Alternatives Considered')}${body('Consequences')}`,
      ];
  }
}

function generate(count) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `adr-bench-${count}-`));
  // 100 ADRs per folder, as in a monorepo with many services.
  for (let i = 1; i <= count; i++) {
    const sub = path.join(dir, `svc-${Math.floor(i / 100)}`, 'docs', 'adr');
    mkdirSync(sub, { recursive: true });
    const [name, text] = adr(i);
    writeFileSync(path.join(sub, name), text);
  }
  return dir;
}

const flags = await childFlags();

function measureOnce(tool, files) {
  const list = path.join(os.tmpdir(), `adr-bench-list-${process.pid}.json`);
  writeFileSync(list, JSON.stringify(files));
  const r = spawnSync(process.execPath, [...(tool === 'parse-flags' ? flags : []), self, '--child', tool, list], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  rmSync(list, { force: true });
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs, f = (x) => x.toFixed(0)) =>
  xs.length > 1 ? `${f(median(xs))} (${f(Math.min(...xs))}-${f(Math.max(...xs))})` : f(xs[0]);

const corpusDir = path.resolve(root, positionals[0] ?? '../shared/adr-corpus');
const copies = Number(values.copies);
const runs = Number(values.runs);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'adr-bench-corpus-'));
// Copies into a temp folder only for the run: the corpus is read in place, never kept.
for (let c = 1; c <= copies; c++) cpSync(corpusDir, path.join(tmp, `copy-${c}`), { recursive: true });
const corpora = [[`real corpus x${copies} (${path.basename(corpusDir)})`, mdFiles(tmp)]];
const generated = [];
if (values.generated) {
  for (const n of [1000, 10000]) {
    const dir = generate(n);
    generated.push(dir);
    corpora.push([`generated ${n.toLocaleString('en')}`, mdFiles(dir)]);
  }
}

let mlVersion = '?';
try {
  mlVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/markdownlint-cli2/package.json'), 'utf8')).version;
} catch {
  /* version is cosmetic */
}
console.log(
  `adr lints 100 files or more in child processes started with ${flags.join(' ')} (ADR 0019, 0022).\n` +
    `node ${process.version}, ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, markdownlint-cli2 ${mlVersion}; ${runs} runs each, median (min-max)\n`,
);
console.log('| corpus | files | MB | tool | wall ms | files/s | CPU ms (all threads) | peak RSS MB | findings |');
console.log('|---|---:|---:|---|---:|---:|---:|---:|---:|');
try {
  for (const [name, files] of corpora) {
    const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
    const m = { adr: [], 'adr-threads': [], markdownlint: [], parse: [], 'parse-flags': [] };
    // Interleaved, so a burst of load from other processes hits all three alike.
    for (let r = 0; r < runs; r++) for (const tool of Object.keys(m)) m[tool].push(measureOnce(tool, files));
    for (const [tool, rs] of Object.entries(m)) {
      const label = {
        adr: 'distroless-validate adr (default)',
        'adr-threads': 'distroless-validate adr --processes 0 (threads)',
        markdownlint: 'markdownlint-cli2',
        parse: 'bare parse (1 thread)',
        'parse-flags': `bare parse (1 thread, ${flags.join(' ')})`,
      }[tool];
      console.log(
        `| ${name} | ${files.length} | ${(bytes / 1e6).toFixed(1)} | ${label} | ${spread(rs.map((x) => x.ms))} | ${spread(rs.map((x) => files.length / (x.ms / 1000)))} | ${spread(rs.map((x) => x.cpuMs))} | ${spread(rs.map((x) => x.rssMB))} | ${rs[0].findings} |`,
      );
    }
    // Ratios per run (same run, same load), then their median and spread.
    const f2 = (x) => `${x.toFixed(2)}x`;
    const ratios = (tool) => ({
      thr: spread(
        m[tool].map((a, i) => m.markdownlint[i].ms / a.ms),
        f2,
      ),
      cpu: spread(
        m[tool].map((a, i) => a.cpuMs / m.parse[i].cpuMs),
        f2,
      ),
      cpuFlags: spread(
        m[tool].map((a, i) => a.cpuMs / m['parse-flags'][i].cpuMs),
        f2,
      ),
    });
    const d = ratios('adr');
    const t = ratios('adr-threads');
    console.log(
      `\n${name}, default: throughput vs markdownlint-cli2 (wall): ${d.thr} (goal >= 2x); ` +
        `CPU vs bare parse: ${d.cpu} (goal <= 1.2x); CPU vs bare parse with ${flags.join(' ')}: ${d.cpuFlags}`,
    );
    console.log(
      `${name}, --processes 0 (threads): throughput vs markdownlint-cli2 (wall): ${t.thr}; CPU vs bare parse: ${t.cpu}\n`,
    );
  }
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
  for (const d of generated) rmSync(d, { recursive: true, force: true });
}
