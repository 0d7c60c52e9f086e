// A distribution registry (`.ci/tools.sh registry`) on loopback, for the tests that pin base images
// by digest against a real OCI registry, and the podman push that fills it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '@distroless-service/validator/service';
import { until } from './wait.js';
import { tempDir } from './generator.js';

export interface LocalRegistry {
  /** http://127.0.0.1:<port>, as --registry-mirror takes it. */
  url: string;
  /** 127.0.0.1:<port>, as an image reference names it. */
  host: string;
  stop: () => void;
}

/** Starts `registry serve` with its storage under `work`; resolves once /v2/ answers. */
export async function startRegistry(bin: string, work: string): Promise<LocalRegistry> {
  const port = await freePort();
  const config = path.join(work, 'config.yml');
  fs.writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(work, 'data')}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  let output = '';
  const child = spawn(bin, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  // A registry that exits fails at once, with its output.
  const up = async () => {
    if (child.exitCode !== null) throw new Error(`registry exited ${child.exitCode}: ${output}`);
    return fetch(`${url}/v2/`).then(
      (r) => r.ok,
      () => false,
    );
  };
  try {
    await until(`registry on ${url}`, up, 30_000);
  } catch (error) {
    child.kill('SIGTERM');
    throw child.exitCode === null ? new Error(`${(error as Error).message}: ${output}`) : error;
  }
  return { url, host: `127.0.0.1:${port}`, stop: () => void child.kill('SIGTERM') };
}

/** Pushes a local image into the registry as `as` (without its cgr.dev/ prefix); returns the digest pushed. */
export function push(podman: string, registry: LocalRegistry, ref: string, as = ref): string {
  const digestFile = path.join(tempDir('push-'), 'digest');
  const target = `${registry.host}/${as.replace(/^cgr\.dev\//, '')}`;
  const r = spawnSync(podman, ['push', '--quiet', '--tls-verify=false', '--digestfile', digestFile, ref, target], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`podman push ${ref} ${target}: exit ${r.status}: ${r.stderr}`);
  return fs.readFileSync(digestFile, 'utf8').trim();
}
