// A real registry for the tests: Verdaccio on a free loopback port with an empty storage folder,
// its uplink the registry this machine's npm is configured with (read here, never written down).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./registry-server.mjs', import.meta.url));
/** The project's own package names: served only from what the test publishes, never from the uplink. */
export const OURS = ['create-distroless-service', '@distroless-service/*'];

export interface Registry {
  url: string;
  token: string;
  stop(): Promise<void>;
}

export async function startRegistry(work: string, bootSeconds = 120): Promise<Registry> {
  const uplink = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
  const settings = {
    storage: path.join(work, 'storage'),
    htpasswd: path.join(work, 'htpasswd'),
    uplink,
    ours: OURS,
  };
  fs.mkdirSync(settings.storage, { recursive: true });
  const child = spawn(process.execPath, [SERVER, JSON.stringify(settings)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const stop = () => stopChild(child);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`Verdaccio did not listen within ${bootSeconds}s\n${stderr}`)),
        bootSeconds * 1000,
      );
      child.stdout!.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.startsWith('{"port":'));
        if (line) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { port: number }).port);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Verdaccio exited (${code}) before listening\n${stderr}`));
      });
    });
    const url = `http://127.0.0.1:${port}/`;
    // `npm adduser` against a fresh htpasswd file: the registry creates the user and answers with a token.
    const user = 'release-test';
    const res = await fetch(`${url}-/user/org.couchdb.user:${user}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: user,
        password: `${user}-${port}`,
        email: 'release-test@example.invalid',
        type: 'user',
      }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as { token?: string };
    if (!res.ok || !body.token) throw new Error(`adduser: ${res.status} ${JSON.stringify(body)}`);
    return { url, token: body.token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** SIGTERM, then SIGKILL if it has not exited within the bound. */
function stopChild(child: ChildProcess, seconds = 10): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), seconds * 1000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
