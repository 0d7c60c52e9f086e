// The record a generated service keeps of where it came from: `.distroless-service.json`. The
// generator writes it, `create-distroless-service update` reads it to re-render the service's
// template, and the validator reads the language from it. Its format lives here and nowhere else.

export const RECORD_FILE = '.distroless-service.json';
export const GENERATOR = 'create-distroless-service';

export interface ServiceRecord {
  /** Always `create-distroless-service`: tells a record from a bare answers file. */
  generator: string;
  /** Version of create-distroless-service whose templates made the service. */
  templateVersion?: string;
  /** `sha256:<hex>` over the template files the service was rendered from (see the generator). */
  templateHash?: string;
  /** Day of generation, `YYYY-MM-DD`; re-renders reuse it so dated text (the ADR) stays as it was. */
  generated?: string;
  /**
   * With --pin-digests: each base image the service was rendered with (`image:tag`) and the digest
   * its FROM line pinned then (`sha256:<hex>`), so that `update` renders the same FROM lines.
   */
  digests?: Record<string, string>;
  /** The answers the service was rendered with (validated by the generator's answers schema). */
  answers: Record<string, unknown>;
}

export class RecordError extends Error {
  override name = 'RecordError';
}

/** Whether parsed JSON has a record's shape (as opposed to a bare answers object). */
export function isRecord(data: unknown): data is { generator: unknown; answers: unknown } {
  return (
    data !== null &&
    typeof data === 'object' &&
    !Array.isArray(data) &&
    'generator' in data &&
    'answers' in data &&
    (data as { generator: unknown }).generator !== undefined
  );
}

/** Parses and checks a record's text; `file` names it in messages. */
export function parseRecord(text: string, file = RECORD_FILE): ServiceRecord {
  let data: unknown;
  try {
    // A byte-order mark is what some Windows editors save UTF-8 with; JSON.parse refuses it.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new RecordError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(data)) throw new RecordError(`${file} is not a ${GENERATOR} record (no "generator" and "answers")`);
  const record = data as Record<string, unknown>;
  if (typeof record.generator !== 'string') throw new RecordError(`"generator" in ${file} must be a string`);
  const answers = record.answers;
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
    throw new RecordError(`"answers" in ${file} must be an object`);
  }
  for (const key of ['templateVersion', 'templateHash', 'generated'] as const) {
    if (record[key] !== undefined && typeof record[key] !== 'string') {
      throw new RecordError(`"${key}" in ${file} must be a string`);
    }
  }
  if (typeof record.templateHash === 'string' && !/^sha256:[0-9a-f]{64}$/.test(record.templateHash)) {
    throw new RecordError(`"templateHash" in ${file} must look like sha256:<64 hex digits>`);
  }
  if (typeof record.generated === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(record.generated)) {
    throw new RecordError(`"generated" in ${file} must be a date, YYYY-MM-DD`);
  }
  const digests = record.digests;
  if (digests !== undefined) {
    if (digests === null || typeof digests !== 'object' || Array.isArray(digests))
      throw new RecordError(`"digests" in ${file} must be an object of image → sha256:<digest>`);
    for (const [image, digest] of Object.entries(digests)) {
      if (typeof digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(digest) || /[@\s]/.test(image) || !image)
        throw new RecordError(`"digests" in ${file}: ${JSON.stringify(image)} must map to sha256:<64 hex digits>`);
    }
  }
  return {
    generator: record.generator,
    ...(record.templateVersion !== undefined && { templateVersion: record.templateVersion as string }),
    ...(record.templateHash !== undefined && { templateHash: record.templateHash as string }),
    ...(record.generated !== undefined && { generated: record.generated as string }),
    ...(digests !== undefined && { digests: digests as Record<string, string> }),
    answers: answers as Record<string, unknown>,
  };
}

/** The record's text: fixed key order, two-space indent, a final newline (stable diffs). */
export function formatRecord(record: ServiceRecord): string {
  const ordered = {
    generator: record.generator,
    templateVersion: record.templateVersion,
    templateHash: record.templateHash,
    generated: record.generated,
    digests: record.digests,
    answers: record.answers,
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** The language a record names, or null when the text is not a record or names none we know. */
export function recordLanguage(text: string): 'node' | 'go' | 'python' | null {
  try {
    const lang = parseRecord(text).answers.lang;
    return lang === 'node' || lang === 'go' || lang === 'python' ? lang : null;
  } catch {
    return null;
  }
}
