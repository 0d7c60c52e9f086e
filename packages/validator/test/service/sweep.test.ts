// The sweep of throwaway roots that verifiers killed with SIGKILL left behind: only folders named
// and marked as the verifier's, whose owning process is gone, are removed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWNER_FILE, prepareLayout, sweepStaleRoots } from '../../src/service/engines/sandbox.js';

/** The pid of a process that has exited (and been reaped), and is not reused yet. */
function deadPid(): number {
  for (;;) {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(r.stdout);
    if (!fs.existsSync(`/proc/${pid}`)) return pid;
  }
}

/** A root as prepareLayout makes it, with its owner line rewritten by `owner`. */
function root(tmp: string, owner: ((line: string) => string) | null): string {
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  let dir: string;
  try {
    const service = fs.mkdtempSync(path.join(tmp, 'svc-'));
    fs.writeFileSync(path.join(service, 'go.mod'), 'module x\n');
    dir = prepareLayout(service).root;
    fs.rmSync(service, { recursive: true });
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
  const file = path.join(dir, OWNER_FILE);
  if (owner === null) fs.rmSync(file);
  else fs.writeFileSync(file, owner(fs.readFileSync(file, 'utf8')));
  return dir;
}

describe('sweepStaleRoots', () => {
  it('removes the roots of verifiers that are gone, and only those', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-'));
    const [, started, ns] = fs
      .readFileSync(
        path.join(
          root(tmp, (l) => l),
          OWNER_FILE,
        ),
        'utf8',
      )
      .trim()
      .split(' ');
    const mine = root(tmp, (l) => l); // this process: alive
    const dead = root(tmp, () => `${deadPid()} ${started} ${ns}\n`);
    const reused = root(tmp, () => `${process.pid} ${Number(started) - 1} ${ns}\n`); // pid now someone else's
    const elsewhere = root(tmp, () => `${deadPid()} ${started} pid:[1]\n`); // another PID namespace
    const unmarked = root(tmp, null);
    const garbled = root(tmp, () => 'not a pid line\n');
    // Named like ours but a link: neither it nor what it points to is touched.
    const target = fs.mkdtempSync(path.join(tmp, 'target-'));
    fs.writeFileSync(path.join(target, OWNER_FILE), `${deadPid()} ${started} ${ns}\n`);
    const link = path.join(tmp, 'distroless-validate-LINKED');
    fs.symlinkSync(target, link);
    // An owner file that is a link is not trusted either.
    const linkedOwner = root(tmp, (l) => l);
    fs.rmSync(path.join(linkedOwner, OWNER_FILE));
    fs.symlinkSync(path.join(target, OWNER_FILE), path.join(linkedOwner, OWNER_FILE));
    // Someone else's folder with another name.
    const other = fs.mkdtempSync(path.join(tmp, 'distroless-validated-'));
    fs.writeFileSync(path.join(other, OWNER_FILE), `${deadPid()} ${started} ${ns}\n`);

    const removed = sweepStaleRoots(tmp);
    expect(removed.sort()).toEqual([dead, reused].sort());
    for (const kept of [mine, elsewhere, unmarked, garbled, link, target, linkedOwner, other])
      expect(fs.existsSync(kept), kept).toBe(true);
    expect(fs.existsSync(path.join(target, OWNER_FILE))).toBe(true);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('marks each root before copying the service into it', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-'));
    const dir = root(tmp, (l) => l);
    const [pid, started, ns] = fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8').trim().split(' ');
    expect(Number(pid)).toBe(process.pid);
    expect(started).toMatch(/^\d+$/);
    expect(ns).toBe(fs.readlinkSync('/proc/self/ns/pid'));
    // Alive: a second sweep keeps it.
    expect(sweepStaleRoots(tmp)).toEqual([]);
    expect(fs.existsSync(dir)).toBe(true);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
