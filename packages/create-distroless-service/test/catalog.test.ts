// The Backstage catalog entry's owner: spec.owner is an entity reference, [kind:][namespace/]name,
// whatever form the owner was given in; CODEOWNERS keeps GitHub's @ form.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generate } from '../src/generate.js';
import { tempDir } from './support/cli.js';

/** Backstage's rules for a reference, written out part by part (its catalog-model's validators). */
function validOwnerRef(ref: string): boolean {
  const colon = ref.indexOf(':');
  const kind = colon >= 0 ? ref.slice(0, colon) : 'group';
  const rest = ref.slice(colon + 1);
  const slash = rest.indexOf('/');
  const namespace = slash >= 0 ? rest.slice(0, slash) : 'default';
  const name = rest.slice(slash + 1);
  const short = (part: string) => part.length >= 1 && part.length <= 63;
  return (
    ['user', 'group'].includes(kind.toLowerCase()) &&
    short(namespace) &&
    /^[a-z0-9]+(-[a-z0-9]+)*$/.test(namespace) &&
    short(name) &&
    /^[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$/.test(name)
  );
}

async function generated(owner: string): Promise<{ catalogOwner: unknown; codeowners: string }> {
  const dir = path.join(tempDir(), 'svc');
  await generate({
    dir,
    git: false,
    answers: {
      name: 'svc',
      lang: 'node',
      description: 'd',
      owner,
      port: 8080,
      base: 'distroless',
      adrStatus: 'proposed',
    },
  });
  const catalog = parseYaml(fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8'));
  return { catalogOwner: catalog.spec.owner, codeowners: fs.readFileSync(path.join(dir, 'CODEOWNERS'), 'utf8') };
}

describe('catalog-info.yaml spec.owner', () => {
  it.each([
    // GitHub forms, named as Backstage's GitHub org import names users (login) and teams (slug).
    ['@alice', 'user:alice', '* @alice'],
    ['@Alice-Smith', 'user:Alice-Smith', '* @Alice-Smith'],
    ['@org/team', 'group:team', '* @org/team'],
    ['@acme/payments.core', 'group:payments.core', '* @acme/payments.core'],
    ['alice@example.com', 'user:alice', '* alice@example.com'],
    // Already a reference: as written.
    ['platform-team', 'platform-team', null],
    ['group:default/x', 'group:default/x', null],
    ['user:alice', 'user:alice', null],
    ['Group:payments/orders_v2', 'Group:payments/orders_v2', null],
    // Other text: a group name made of it.
    ['Payments Team', 'payments-team', null],
    ['@acme/Payments Team', 'group:payments-team', null],
    ['team:payments', 'team-payments', null],
    ['group:Default/x', 'group-default-x', null],
    ['true', 'true', null],
    ['Équipe Paiements', 'equipe-paiements', null],
    ['@' + 'a'.repeat(70), 'user:' + 'a'.repeat(63), '* @' + 'a'.repeat(70)],
    ['x'.repeat(64), 'x'.repeat(63), null],
    ['!!!', 'unknown', null],
  ])('%s → %s, a valid entity reference', async (owner, ref, codeowner) => {
    const { catalogOwner, codeowners } = await generated(owner);
    // A string even where YAML would read the bare word otherwise (true).
    expect(catalogOwner).toBe(ref);
    expect(validOwnerRef(ref)).toBe(true);
    if (codeowner) expect(codeowners.split('\n')).toContain(codeowner);
    else expect(codeowners).toContain('No code owner is set');
  });
});
