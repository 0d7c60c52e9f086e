// Instruction counts for the start-up benchmarks (--instructions): a command run under valgrind's
// callgrind, and the number of instructions it ran in user space, less those of V8's search for a
// random prime for its hash seed at isolate start-up (detail::sprp), which moves by millions from
// run to run in every node process alike. What is left hardly moves with the machine's load: two
// builds compare to a fraction of a percent on a machine where times need quiet to show 1 ms. It
// leaves out the kernel's share (file writes, page faults): report it next to the times.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Why instructions cannot be counted here, or null. */
export function callgrindMissing() {
  // callgrind_annotate --version exits 255: only its absence (ENOENT) counts.
  return spawnSync('valgrind', ['--version']).status === 0 && !spawnSync('callgrind_annotate', ['--version']).error
    ? null
    : '--instructions needs valgrind and callgrind_annotate (Debian: apt-get install valgrind)';
}

/** The command line that runs cmd under callgrind, its profile written to `profile`. */
export function underCallgrind(cmd, args, profile) {
  // V8 writes the code it runs: all-non-file makes valgrind see each new version of it.
  return [
    'valgrind',
    ['--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${profile}`, cmd, ...args],
  ];
}

/** The profile's instruction count, less V8's hash-seed prime search; the profile is removed. */
export function instructionsOf(profile) {
  const r = spawnSync('callgrind_annotate', [profile], { encoding: 'utf8', maxBuffer: 64 << 20 });
  fs.rmSync(profile, { force: true });
  if (r.status !== 0) throw new Error(`callgrind_annotate failed: ${r.stderr}`);
  const count = (re) => Number(re.exec(r.stdout)?.[1]?.replaceAll(',', '') ?? 0);
  const total = count(/^\s*([\d,]+) .*PROGRAM TOTALS/m);
  if (!total) throw new Error('no PROGRAM TOTALS in callgrind_annotate output');
  return total - count(/^\s*([\d,]+) .*detail::sprp/m);
}
