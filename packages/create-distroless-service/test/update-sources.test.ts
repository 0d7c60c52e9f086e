// Old template versions from the published package: npm fetches them from the registry in its
// configuration (here a loopback registry serving one packed version), update unpacks and caches
// them, and a service made from that version updates without naming its templates.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseRecord, RECORD_FILE } from '@distroless-service/record';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/generate.js';
import { locateTemplates } from '../src/templates.js';
import { resolveSource, SourceError } from '../src/update/sources.js';
import { update } from '../src/update/update.js';
import { tempDir } from './support/cli.js';

const VERSION = '7.7.7';
const NAME = 'create-distroless-service';
let server: http.Server;
let requests: string[] = [];
let work = '';
let tarball = '';
const saved: Record<string, string | undefined> = {};

/** A package of version 7.7.7 shaped like the published one: dist/templates beside package.json. */
function packVersion(): string {
  const pkg = path.join(work, 'pkg');
  const src = locateTemplates().root;
  for (const entry of ['images.json', 'shared', 'node', 'node-fastify', 'go', 'python']) {
    fs.cpSync(path.join(src, entry), path.join(pkg, 'dist', 'templates', entry), { recursive: true });
  }
  // What 7.7.7 changed: one line of the chart's values.
  const values = path.join(pkg, 'dist/templates/shared/deploy/chart/values.yaml.hbs');
  fs.writeFileSync(values, fs.readFileSync(values, 'utf8').replace('replicaCount: 2\n', 'replicaCount: 7\n'));
  fs.writeFileSync(path.join(pkg, 'dist', 'templates', 'package.json'), JSON.stringify({ version: '0.0.0' }));
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: NAME, version: VERSION, files: ['dist'] }));
  const out = path.join(work, 'packed');
  fs.mkdirSync(out);
  execFileSync('npm', ['pack', pkg, '--pack-destination', out, '--ignore-scripts'], { stdio: 'pipe' });
  return path.join(out, `${NAME}-${VERSION}.tgz`);
}

beforeAll(async () => {
  work = tempDir('update-npm-');
  tarball = packVersion();
  const bytes = fs.readFileSync(tarball);
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const { port } = server.address() as AddressInfo;
    if (req.url === `/${NAME}`) {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          name: NAME,
          'dist-tags': { latest: VERSION },
          versions: {
            [VERSION]: {
              name: NAME,
              version: VERSION,
              dist: {
                tarball: `http://127.0.0.1:${port}/${NAME}/-/${NAME}-${VERSION}.tgz`,
                shasum: createHash('sha1').update(bytes).digest('hex'),
                integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
              },
            },
          },
        }),
      );
    } else if (req.url === `/${NAME}/-/${NAME}-${VERSION}.tgz`) {
      res.end(bytes);
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const env = {
    npm_config_registry: `http://127.0.0.1:${port}/`,
    npm_config_cache: path.join(work, 'npm-cache'),
    npm_config_prefer_online: 'true',
    CREATE_DISTROLESS_SERVICE_CACHE: path.join(work, 'cache'),
  };
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
});

afterAll(() => {
  server?.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('template versions from the registry', () => {
  it('fetches a version with npm once, then reads it from the cache', async () => {
    requests = [];
    const first = await resolveSource(VERSION, work);
    expect(first.templates.version).toBe(VERSION);
    expect(first.label).toBe(VERSION);
    expect(first.templates.root).toBe(path.join(work, 'cache', 'versions', VERSION, 'package', 'dist', 'templates'));
    expect(requests).toContain(`/${NAME}/-/${NAME}-${VERSION}.tgz`);

    requests = [];
    const again = await resolveSource(VERSION, work);
    expect(again.templates.root).toBe(first.templates.root);
    expect(requests).toEqual([]);
    // Nothing half-unpacked is left beside the entry.
    expect(fs.readdirSync(path.join(work, 'cache', 'versions'))).toEqual([VERSION]);
  });

  it('resolves a dist-tag through npm to its version', async () => {
    const latest = await resolveSource('latest', work);
    expect(latest.templates.version).toBe(VERSION);
  });

  it('says why when the version is not published', async () => {
    await expect(resolveSource('9.9.9', work)).rejects.toThrow(SourceError);
    await expect(resolveSource('9.9.9', work)).rejects.toThrow(
      /npm could not fetch create-distroless-service@9\.9\.9 \(.*(ETARGET|No matching version|notarget).*\); name the templates by path/i,
    );
  });

  it('reads a package tarball given as a path, cached by its content', async () => {
    const source = await resolveSource(tarball, work);
    expect(source.templates.version).toBe(VERSION);
    expect(source.label).toBe(`${VERSION} (${tarball})`);
    expect(fs.readdirSync(path.join(work, 'cache', 'tarballs'))).toHaveLength(1);
  });

  it('updates a service made from a published version without being told where its templates are', async () => {
    const made = await resolveSource(VERSION, work);
    const dir = path.join(tempDir('update-npm-svc-'), 'svc');
    await generate({
      dir,
      git: false,
      templates: made.templates,
      answers: {
        name: 'svc',
        lang: 'go',
        description: 'Svc',
        owner: '@acme/x',
        port: 8080,
        base: 'distroless',
        adrStatus: 'proposed',
      },
    });
    // A version the registry does not have: the message names the option that works, --from.
    const record = path.join(dir, RECORD_FILE);
    const recorded = fs.readFileSync(record, 'utf8');
    fs.writeFileSync(
      record,
      recorded
        .replace(`"templateVersion": "${VERSION}"`, '"templateVersion": "9.9.8"')
        .replace(/"templateHash": "[^"]*",\n\s*/, ''),
    );
    await expect(update({ dir, force: true })).rejects.toThrow(
      /npm could not fetch create-distroless-service@9\.9\.8 \(.*\); name the templates by path instead: pass --from <templates folder\|tarball>$/,
    );
    fs.writeFileSync(record, recorded);
    fs.rmSync(path.join(work, 'cache'), { recursive: true });
    requests = [];
    // To this generator's own templates: 7.7.7's replicaCount: 7 goes back to the repository's 2.
    // 7.7.7 is newer than this generator's version: going back is refused unless forced.
    await expect(update({ dir })).rejects.toThrow(/made from template 7\.7\.7, newer than/);
    const result = await update({ dir, force: true });
    expect(requests).toContain(`/${NAME}/-/${NAME}-${VERSION}.tgz`);
    expect(result.from).toBe(VERSION);
    expect(result.changes.map((c) => [c.path, c.outcome])).toContainEqual(['deploy/chart/values.yaml', 'updated']);
    expect(fs.readFileSync(path.join(dir, 'deploy/chart/values.yaml'), 'utf8')).toContain('replicaCount: 2\n');
    expect(parseRecord(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8')).templateVersion).toBe(
      locateTemplates().version,
    );
  });
});
