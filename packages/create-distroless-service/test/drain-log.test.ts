// The line a service logs when its SIGTERM drain runs out of time is the same in every language:
// read from the golden services (what generation writes), the message and its fields, in order,
// agree with each other and with the log schema of templates/README.md, and each service's README
// documents it with the same paragraph. The e2e contract (tests/e2e, support/contract.ts) runs it.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const TIMED_OUT = 'shutdown timed out, in-flight requests were cut off';
const golden = (variant: string, file: string) =>
  fs.readFileSync(new URL(`golden/${variant}-distroless/${file}.golden`, import.meta.url), 'utf8');

/** Where each language logs it, and how to read the call's message and field names. */
const languages = [
  {
    variant: 'node',
    file: 'src/server.ts',
    call: /log\('error', '([^']*)', \{([^}]*)\}/g,
    keys: /(\w+):/g,
  },
  {
    variant: 'node-fastify',
    file: 'src/server.ts',
    call: /log\('error', '([^']*)', \{([^}]*)\}/g,
    keys: /(\w+):/g,
  },
  {
    variant: 'go',
    file: 'main.go',
    // To the end of the statement: the last argument is followed by `)` and a new line.
    call: /logger\.Error\("([^"]*)",([\s\S]*?)\)\n/g,
    keys: /"(\w+)",/g,
  },
  {
    variant: 'python',
    file: 'app/main.py',
    call: /logger\.error\("([^"]*)",(.*)\)$/gm,
    keys: /(\w+)=/g,
  },
];

function timedOut({ variant, file, call, keys }: (typeof languages)[number]): { msg: string; fields: string[] }[] {
  return [...golden(variant, file).matchAll(call)]
    .filter((m) => m[1] === TIMED_OUT)
    .map((m) => ({ msg: m[1]!, fields: [...m[2]!.matchAll(keys)].map((k) => k[1]!) }));
}

/** The fields templates/README.md's log schema gives the line. */
function documented(): string[] {
  const readme = fs.readFileSync(new URL('../../../templates/README.md', import.meta.url), 'utf8');
  const row = readme.split('\n').find((l) => l.startsWith(`| \`${TIMED_OUT}\` |`));
  expect(row, 'a row in the log schema').toBeDefined();
  return [...row!.split('|')[3]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!);
}

describe('the drain-timeout log line', () => {
  it.each(languages)('$variant logs it once, with the schema fields', (lang) => {
    expect(timedOut(lang)).toEqual([{ msg: TIMED_OUT, fields: documented() }]);
  });

  it('every service README documents it with the same paragraph', () => {
    const paragraphs = languages.map(({ variant }) => {
      const readme = golden(variant, 'README.md');
      const start = readme.indexOf('The drain logs the same lines');
      expect(start, variant).toBeGreaterThanOrEqual(0);
      return readme.slice(start, readme.indexOf('\n\n', start));
    });
    expect(new Set(paragraphs).size).toBe(1);
    expect(paragraphs[0]).toContain(`\`${TIMED_OUT}\` (\`error\`; \`exit_code\` 1, \`timeout_seconds\`)`);
  });
});
