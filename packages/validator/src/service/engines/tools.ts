// Host toolchains for the native engine.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function findTool(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    if (name !== 'go') return null;
    // Debian's golang-1.NN-go packages install under /usr/lib/go-1.NN without a link on PATH.
    const dirs = fs.existsSync('/usr/lib') ? fs.readdirSync('/usr/lib').filter((d) => /^go-1\.\d+$/.test(d)) : [];
    dirs.sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]));
    return dirs.map((d) => path.join('/usr/lib', d, 'bin', 'go')).find((p) => fs.existsSync(p)) ?? null;
  }
}
