import { describe, expect, it } from 'vitest';
import { detectPattern, newFileName, nextNumber, slugify, type ExistingRecord } from '../src/naming.js';

const rec = (file: string, number: string | null, dateSlug = false): ExistingRecord => ({ file, number, dateSlug });

describe('slugify', () => {
  it('is lower case with single dashes', () => {
    expect(slugify('Use PostgreSQL (not MySQL) for   orders!')).toBe('use-postgresql-not-mysql-for-orders');
  });
  it('folds accents and letters without a decomposition', () => {
    expect(slugify('Café für Straße, Ærø & Łódź')).toBe('cafe-fur-strasse-aero-lodz');
  });
  it('is stable for the same title', () => {
    const t = 'Ünïcödé  — titles/with: punctuation';
    expect(slugify(t)).toBe(slugify(t));
  });
  it('cuts long titles at a word boundary', () => {
    const s = slugify('a'.repeat(10) + ' ' + 'b'.repeat(30) + ' ' + 'c'.repeat(40));
    expect(s).toBe(`${'a'.repeat(10)}-${'b'.repeat(30)}`);
    expect(s.length).toBeLessThanOrEqual(60);
  });
  it('never returns an empty slug', () => {
    expect(slugify('---')).toBe('decision');
    expect(slugify('!?')).toBe('decision');
  });
  it('keeps letters without an ASCII form, lower-cased and NFC, where it dropped them', () => {
    expect(slugify('Move to 数据')).toBe('move-to-数据');
    expect(slugify('数据库选择')).toBe('数据库选择');
    expect(slugify('Использовать ДАННЫЕ')).toBe('использовать-данные');
    expect(slugify('한글 사용')).toBe('한글-사용');
    // Cut by characters, never inside one.
    expect([...slugify('数'.repeat(70))]).toHaveLength(60);
  });
  it('keeps accents too in a folder whose names already have letters outside ASCII', () => {
    expect(slugify('Café für Straße', 60, true)).toBe('café-für-straße');
    const name = (records: ExistingRecord[]) =>
      newFileName(detectPattern(records), records, 'Café für Straße', '2026-01-01', () => false).file;
    expect(name([rec('0001-über-uns.md', '0001')])).toBe('0002-café-für-straße.md');
    expect(name([rec('0001-uber-uns.md', '0001')])).toBe('0002-cafe-fur-strasse.md');
  });
});

describe('numbers and patterns', () => {
  it('compares numbers as numbers, not text', () => {
    expect(nextNumber([rec('9-a.md', '9'), rec('10-b.md', '10'), rec('0002-c.md', '0002')])).toBe(11n);
  });
  it('counts a translation (0002-b.de.md, the mkdocs-static-i18n layout) as its record: same number, no suffix', () => {
    const records = [rec('0001-a.md', '0001'), rec('0002-b.md', '0002'), rec('0002-b.de.md', '0002')];
    expect(nextNumber(records)).toBe(3n);
    for (const order of [records, [...records].reverse()])
      expect(newFileName(detectPattern(order), order, 'Use Z', '2026-01-01', () => false).file).toBe('0003-use-z.md');
  });
  it('follows the padding and prefix of the highest-numbered record', () => {
    expect(detectPattern([rec('ADR-001-a.md', '001'), rec('ADR-012-b.md', '012')])).toEqual({
      kind: 'number',
      prefix: 'ADR-',
      width: 3,
      separator: '-',
      slug: true,
      ext: 'md',
    });
  });
  it('keeps unpadded, slug-less names unpadded', () => {
    const p = detectPattern([rec('ADR-1.md', '1'), rec('ADR-12.md', '12')]);
    expect(p).toMatchObject({ prefix: 'ADR-', width: 1, slug: false });
    expect(newFileName(p, [rec('ADR-12.md', '12')], 'X', '2026-01-01', () => false).file).toBe('ADR-13.md');
  });
  it('defaults to 4 digits and dashes in an empty folder', () => {
    expect(newFileName(detectPattern([]), [], 'Use X', '2026-01-01', () => false).file).toBe('0001-use-x.md');
  });
  it('grows past the padding', () => {
    const records = [rec('9999-a.md', '9999')];
    expect(newFileName(detectPattern(records), records, 'Next', '2026-01-01', () => false).file).toBe('10000-next.md');
  });
  it('uses dated names in a log4brains folder and never collides', () => {
    const records = [rec('20260101-use-x.md', null, true)];
    const p = detectPattern(records);
    expect(p).toEqual({ kind: 'date', ext: 'md' });
    const taken = new Set(['20260102-use-y.md', '20260102-use-y-2.md']);
    expect(newFileName(p, records, 'Use Y', '2026-01-02', (f) => taken.has(f)).file).toBe('20260102-use-y-3.md');
  });
});
