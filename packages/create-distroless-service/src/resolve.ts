// Merges every answer source — defaults (--yes), an answers file, flags, prompts — into one
// answers object, validated against the schema before anything is written.
import path from 'node:path';
import {
  AnswersError,
  answerKeys,
  checkAnswers,
  checkOne,
  defaults,
  flagOf,
  requiredKeys,
  type Answers,
  type AnswerKey,
  type PartialAnswers,
} from './answers.js';
import { clip } from './text.js';
import { FileReadError, readFileBounded, refuseDeviceNamedTarget } from './write.js';
import { isRecord, RECORD_FILE } from '@distroless-service/record';

export interface ResolveInput {
  dir?: string;
  flags: PartialAnswers;
  answersFile?: string;
  yes: boolean;
  /** Prompts may be shown; read only when answers are missing (the CLI's looks at stdin). */
  interactive: boolean;
  ask?: (missing: AnswerKey[], suggested: PartialAnswers) => Promise<PartialAnswers>;
}

export async function resolveAnswers(input: ResolveInput): Promise<{ answers: Answers; dir: string }> {
  // Before any prompt: a target Windows cannot check out is refused as a service name would be.
  if (input.dir !== undefined) refuseDeviceNamedTarget(input.dir);
  const fromFile = input.answersFile ? readAnswersFile(input.answersFile) : {};
  const fileField = (key: string) => `"${key}" in ${clip(input.answersFile ?? '')}`;
  // Flags win over the file; the file's own fields are checked first so a message names the file.
  checkPartial(fromFile, fileField);
  // A framework is Node's alone: a --lang that makes another language takes the file's with it,
  // so a Fastify service's record can seed a Go service.
  const file = { ...fromFile };
  if (input.flags.lang !== undefined && input.flags.lang !== 'node' && input.flags.framework === undefined)
    delete file.framework;
  const given: PartialAnswers = { ...file, ...input.flags };
  // A value a flag makes wrong (a file's name a Go service cannot have) is named where it was written.
  checkPartial(given, (key) => (key in input.flags || !(key in file) ? flagOf(key) : fileField(key)));

  const dirName = input.dir ? path.basename(path.resolve(input.dir)) : undefined;
  const nameFromDir = dirName && checkOne('name', dirName) === true ? dirName : undefined;
  // The description a prompt offers names the service, as --yes and the README do.
  const knownName = typeof given.name === 'string' ? given.name : nameFromDir;
  const suggested: PartialAnswers = { ...defaults(knownName), ...given };
  if (given.name === undefined && nameFromDir) given.name = nameFromDir;

  // The documented default description names the service: `The <name> service`.
  const withDefaults = () => ({ ...defaults(typeof given.name === 'string' ? given.name : undefined), ...given });
  const badDir = dirName && !nameFromDir ? ` (the directory name "${clip(dirName)}" is not a valid service name)` : '';
  let answers: PartialAnswers = given;
  const missing = answerKeys.filter((key) => given[key] === undefined);
  if (input.yes) {
    if (given.name === undefined) {
      throw new AnswersError(
        badDir
          ? `missing --name${badDir}; pass it, or name a directory that is one`
          : 'missing --name: --yes has no default name without a directory',
        'name',
      );
    }
    answers = withDefaults();
  } else if (missing.length > 0 && input.ask && input.interactive) {
    answers = { ...given, ...(await input.ask(missing, suggested)) };
  } else {
    const absent = requiredKeys.filter((key) => given[key] === undefined);
    if (absent.length > 0) {
      const missingList = `missing ${absent.map(flagOf).join(' and ')}`;
      // --yes has no name for a directory that cannot be one: the hint says what does work.
      const others = absent.filter((key) => key !== 'name');
      let remedy = `pass ${absent.length > 1 ? 'them' : 'it'}, or --yes for defaults`;
      if (absent.includes('name')) {
        // A target directory names the service; --yes does not.
        const dirHint = badDir ? 'name a directory that is one' : 'give a target directory named after the service';
        remedy =
          others.length === 0
            ? `pass it, or ${dirHint}`
            : `pass --name (or ${dirHint}), and ${others.map(flagOf).join(' and ')} or --yes for defaults`;
      }
      throw new AnswersError(`${missingList}${absent.includes('name') ? badDir : ''}; ${remedy}`, absent[0]);
    }
    answers = withDefaults();
  }
  const checked = checkAnswers(answers);
  return { answers: checked, dir: input.dir ?? checked.name };
}

/** Checks the keys that are present, reporting the first bad one. */
function checkPartial(partial: PartialAnswers, label: (key: string) => string): void {
  checkAnswers({ name: 'x', lang: 'node', ...partial }, label);
}

/** Answers files are a few hundred bytes; anything far larger is a mistake (or /dev/zero). */
export const MAX_ANSWERS_BYTES = 64 * 1024;

/** Reads a regular file of at most MAX_ANSWERS_BYTES, never blocking on a FIFO or device. */
function readBounded(file: string): string {
  try {
    return readFileBounded(file, MAX_ANSWERS_BYTES).toString('utf8');
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new AnswersError(
      error.code
        ? `cannot read answers file ${clip(file)}: ${error.message}`
        : `answers file ${clip(file)} ${error.message}`,
    );
  }
}

function readAnswersFile(file: string): PartialAnswers {
  const text = readBounded(file);
  let data: unknown;
  try {
    // As the record: a byte-order mark from a Windows editor is not part of the JSON.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AnswersError(`answers file ${clip(file)} is not valid JSON: ${clip((error as Error).message, 120)}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new AnswersError(`answers file ${clip(file)} must hold a JSON object`);
  }
  // A service's own record (.distroless-service.json) wraps the answers, so it can be re-applied.
  if (isRecord(data)) {
    if (typeof data.answers !== 'object' || data.answers === null || Array.isArray(data.answers)) {
      throw new AnswersError(`"answers" in ${clip(file)} (${RECORD_FILE} format) must be an object`);
    }
    return data.answers as PartialAnswers;
  }
  return data as PartialAnswers;
}
