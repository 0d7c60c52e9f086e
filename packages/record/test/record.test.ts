import { describe, expect, it } from 'vitest';
import { formatRecord, isRecord, parseRecord, RecordError, recordLanguage, type ServiceRecord } from '../src/index.js';

const full: ServiceRecord = {
  generator: 'create-distroless-service',
  templateVersion: '1.2.3',
  templateHash: `sha256:${'ab'.repeat(32)}`,
  generated: '2026-01-15',
  answers: { name: 'svc', lang: 'go', port: 8080 },
};

describe('record', () => {
  it('round-trips through its text with a fixed key order', () => {
    const shuffled = {
      answers: full.answers,
      generated: full.generated,
      templateHash: full.templateHash,
      generator: full.generator,
      templateVersion: full.templateVersion,
    };
    const text = formatRecord(shuffled);
    expect(Object.keys(JSON.parse(text))).toEqual([
      'generator',
      'templateVersion',
      'templateHash',
      'generated',
      'answers',
    ]);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseRecord(text)).toEqual(full);
  });

  it('keeps the digests of a pinned service, after the date', () => {
    const digests = { 'cgr.dev/chainguard/go:latest': `sha256:${'cd'.repeat(32)}` };
    const text = formatRecord({ ...full, digests });
    expect(Object.keys(JSON.parse(text))).toEqual([
      'generator',
      'templateVersion',
      'templateHash',
      'generated',
      'digests',
      'answers',
    ]);
    expect(parseRecord(text)).toEqual({ ...full, digests });
    expect(formatRecord(full)).not.toContain('digests');
  });

  it('reads records written before the hash and date were recorded', () => {
    const old = '{"generator":"create-distroless-service","templateVersion":"0.1.0","answers":{"lang":"node"}}';
    expect(parseRecord(old)).toEqual({
      generator: 'create-distroless-service',
      templateVersion: '0.1.0',
      answers: { lang: 'node' },
    });
    expect(formatRecord(parseRecord(old))).not.toContain('templateHash');
  });

  it('reads a record a Windows editor saved with a byte-order mark', () => {
    expect(parseRecord(`\uFEFF${formatRecord(full)}`)).toEqual(full);
  });

  it.each([
    ['{', /not valid JSON/],
    ['[]', /not a create-distroless-service record/],
    ['{"name":"svc","lang":"go"}', /not a create-distroless-service record/],
    ['{"generator":1,"answers":{}}', /"generator" .* must be a string/],
    ['{"generator":"g","answers":[]}', /"answers" .* must be an object/],
    ['{"generator":"g","templateVersion":1,"answers":{}}', /"templateVersion" .* must be a string/],
    ['{"generator":"g","templateHash":"md5:x","answers":{}}', /sha256:<64 hex digits>/],
    ['{"generator":"g","generated":"yesterday","answers":{}}', /YYYY-MM-DD/],
    ['{"generator":"g","digests":["x"],"answers":{}}', /"digests" .* must be an object/],
    ['{"generator":"g","digests":{"node:24":"sha256:12"},"answers":{}}', /"node:24" must map to sha256:<64 hex/],
    [
      `{"generator":"g","digests":{"node:24@sha256:${'a'.repeat(64)}":"sha256:${'a'.repeat(64)}"},"answers":{}}`,
      /must map/,
    ],
  ])('rejects %s with a message naming the field', (text, message) => {
    expect(() => parseRecord(text, 'svc/.distroless-service.json')).toThrow(RecordError);
    expect(() => parseRecord(text, 'svc/.distroless-service.json')).toThrow(message);
  });

  it('tells a record from a bare answers object', () => {
    expect(isRecord({ generator: 'g', answers: {} })).toBe(true);
    expect(isRecord({ name: 'svc', lang: 'go' })).toBe(false);
    expect(isRecord(null)).toBe(false);
  });

  it('names the language, or null for anything else', () => {
    expect(recordLanguage(formatRecord(full))).toBe('go');
    expect(recordLanguage('{"generator":"g","answers":{"lang":"rust"}}')).toBeNull();
    expect(recordLanguage('not json')).toBeNull();
  });
});
