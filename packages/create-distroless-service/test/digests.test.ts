// The digest resolver's protocol, against a loopback server that answers as a token-protected
// registry does (401 with a Bearer challenge, an anonymous pull token, the manifest digest in a
// header). The real registry, with images pushed into it, is in tests/e2e (pin-digests.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestError, parseImage, resolveDigest } from '../src/digests.js';
import { serve, type Loopback } from './support/loopback.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const seen: string[] = [];
let server: Loopback | undefined;
let base = '';

beforeAll(async () => {
  server = await serve((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push(`${req.method} ${url.pathname}${url.search} ${req.headers.authorization ?? ''}`.trim());
    if (url.pathname === '/token') {
      const ok = url.searchParams.get('scope') === 'repository:chainguard/static:pull';
      res.writeHead(ok ? 200 : 403, { 'content-type': 'application/json' });
      return res.end(ok ? JSON.stringify({ token: 'T0K' }) : '{}');
    }
    if (url.pathname.startsWith('/v2/chainguard/')) {
      if (req.headers.authorization !== 'Bearer T0K') {
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="${base}/token",service="reg.test",scope="repository:chainguard/static:pull"`,
        });
        return res.end();
      }
      if (url.pathname === '/v2/chainguard/static/manifests/latest') {
        expect(req.headers.accept).toContain('application/vnd.oci.image.index.v1+json');
        res.writeHead(200, { 'docker-content-digest': DIGEST });
        return res.end();
      }
      res.writeHead(404);
      return res.end();
    }
    if (url.pathname === '/v2/open/nodigest/manifests/1') {
      res.writeHead(200);
      return res.end();
    }
    res.writeHead(401); // no challenge: credentials only
    res.end();
  });
  base = server.url;
});
afterAll(() => server?.close());

describe('parseImage', () => {
  it.each([
    ['node:24-trixie-slim', { registry: 'docker.io', repository: 'library/node', tag: '24-trixie-slim' }],
    ['golang', { registry: 'docker.io', repository: 'library/golang', tag: 'latest' }],
    ['acme/tool:1.2', { registry: 'docker.io', repository: 'acme/tool', tag: '1.2' }],
    ['cgr.dev/chainguard/go:latest-dev', { registry: 'cgr.dev', repository: 'chainguard/go', tag: 'latest-dev' }],
    ['localhost:5000/a/b', { registry: 'localhost:5000', repository: 'a/b', tag: 'latest' }],
    [
      'gcr.io/distroless/static-debian13:nonroot',
      { registry: 'gcr.io', repository: 'distroless/static-debian13', tag: 'nonroot' },
    ],
  ])('%s', (ref, want) => {
    expect(parseImage(ref)).toEqual(want);
  });

  it('refuses a reference that is pinned already or malformed', () => {
    expect(() => parseImage(`node:24@${DIGEST}`)).toThrow(/already pinned/);
    expect(() => parseImage('Bad Name:1')).toThrow(DigestError);
  });
});

describe('resolveDigest', () => {
  it('answers the 401 challenge with an anonymous token for the scope asked, then reads the digest', async () => {
    seen.length = 0;
    const digest = await resolveDigest('cgr.dev/chainguard/static:latest', { mirrors: { 'cgr.dev': base } });
    expect(digest).toBe(DIGEST);
    expect(seen).toEqual([
      'HEAD /v2/chainguard/static/manifests/latest',
      'GET /token?service=reg.test&scope=repository%3Achainguard%2Fstatic%3Apull',
      'HEAD /v2/chainguard/static/manifests/latest Bearer T0K',
    ]);
  });

  it('says which image is missing (404), which registry wants credentials, and which gave no digest', async () => {
    const mirrors = { 'cgr.dev': base, 'reg.test': base };
    await expect(resolveDigest('cgr.dev/chainguard/static:nope', { mirrors })).rejects.toThrow(
      'cgr.dev/chainguard/static:nope: no such image or tag in its registry (404)',
    );
    await expect(resolveDigest('reg.test/private/x:1', { mirrors })).rejects.toThrow(/wants credentials.*no token/);
    await expect(resolveDigest('reg.test/open/nodigest:1', { mirrors })).rejects.toThrow(/gave no sha256 digest/);
  });

  it('names the host that did not answer, and accepts plain http on loopback only', async () => {
    // A port that was just free: nothing listens there now.
    const closed = await serve(() => {});
    await closed.close();
    await expect(
      resolveDigest('cgr.dev/chainguard/static:latest', { mirrors: { 'cgr.dev': closed.url } }),
    ).rejects.toThrow(`${new URL(closed.url).host} did not answer (ECONNREFUSED)`);
    await expect(
      resolveDigest('cgr.dev/chainguard/static:latest', { mirrors: { 'cgr.dev': 'http://mirror.example.invalid' } }),
    ).rejects.toThrow(/only https, or http on a loopback address/);
  });
});
