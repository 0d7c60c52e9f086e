// Letters of any script are words, not symbols: a status naming a record titled in Chinese,
// Cyrillic or with accents (as `distroless-adr supersede` writes it) is not decorated, while emoji
// and their mojibake (UTF-8 read as Windows-1252) around a word still are.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

const body = '\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n';
const record = (status: string) => `# 1. Use X\n\nDate: 2024-01-02\n\n## Status\n\n${status}${body}`;

async function decoration(status: string): Promise<string[]> {
  const dir = tmpDir();
  const file = path.join(dir, '0001-use-x.md');
  writeFileSync(file, record(status));
  const [r] = await lintAdrs([file], { cwd: dir, config: {} });
  return r!.messages.filter((m) => m.ruleId === 'status-decoration').map((m) => m.message);
}

describe('status-decoration and letters of any script', () => {
  it.each([
    ['Superseded by [11. Move to 数据](0011-move-to.md)'],
    ['Superseded by [2. Use Café](0002-use-cafe.md)'],
    ['Superseded by [4. Дані Ünï](0004-uni.md)'],
    ['Superseded by [5. Ελληνικά](0005-x.md)'],
    ['Accepted 2024-01-02 数据'],
  ])('%s: no finding', async (status) => {
    expect(await decoration(status)).toEqual([]);
  });

  it.each([
    ['✅ 已接受', '已接受'],
    ['Accepted âœ…', 'Accepted'],
    ['ðŸš€ Accepted', 'Accepted'],
    ['Accepted â€¦', 'Accepted'],
    ['Accepted …', 'Accepted'],
  ])('%s: symbols around %s', async (status, clean) => {
    expect(await decoration(status)).toEqual([
      `status '${status}' carries symbols around '${clean}'; write '${clean}'`,
    ]);
  });
});
