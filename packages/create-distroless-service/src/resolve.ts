// Merges every answer source — defaults (--yes), an answers file, flags, prompts — into one
// answers object, validated against the schema before anything is written.
import { readFileSync } from 'node:fs';
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
import { isRecord, RECORD_FILE } from '@distroless-service/record';

export interface ResolveInput {
  dir?: string;
  flags: PartialAnswers;
  answersFile?: string;
  yes: boolean;
  interactive: boolean;
  ask?: (missing: AnswerKey[], suggested: PartialAnswers) => Promise<PartialAnswers>;
}

export async function resolveAnswers(input: ResolveInput): Promise<{ answers: Answers; dir: string }> {
  const fromFile = input.answersFile ? readAnswersFile(input.answersFile) : {};
  // Flags win over the file; the file's own fields are checked first so a message names the file.
  checkPartial(fromFile, (key) => `"${key}" in ${input.answersFile}`);
  const given: PartialAnswers = { ...fromFile, ...input.flags };
  checkPartial(given, flagOf);

  const dirName = input.dir ? path.basename(path.resolve(input.dir)) : undefined;
  const nameFromDir = dirName && checkOne('name', dirName) === true ? dirName : undefined;
  const suggested: PartialAnswers = { ...defaults(nameFromDir), ...given };
  if (given.name === undefined && nameFromDir) given.name = nameFromDir;

  let answers: PartialAnswers = given;
  const missing = answerKeys.filter((key) => given[key] === undefined);
  if (input.yes) {
    answers = { ...defaults(), ...given };
  } else if (input.interactive && missing.length > 0 && input.ask) {
    answers = { ...given, ...(await input.ask(missing, suggested)) };
  } else {
    const absent = requiredKeys.filter((key) => given[key] === undefined);
    if (absent.length > 0) {
      const hint =
        absent.includes('name') && dirName && !nameFromDir
          ? ` (the directory name "${dirName}" is not a valid service name)`
          : '';
      throw new AnswersError(
        `missing ${absent.map(flagOf).join(' and ')}${hint}; pass ${absent.length > 1 ? 'them' : 'it'}, or --yes for defaults`,
        absent[0],
      );
    }
    answers = { ...defaults(), ...given };
  }
  if (answers.name === undefined && input.yes) {
    throw new AnswersError('missing --name: --yes has no default name without a directory', 'name');
  }
  const checked = checkAnswers(answers);
  return { answers: checked, dir: input.dir ?? checked.name };
}

/** Checks the keys that are present, reporting the first bad one. */
function checkPartial(partial: PartialAnswers, label: (key: string) => string): void {
  checkAnswers({ name: 'x', lang: 'node', ...partial }, label);
}

function readAnswersFile(file: string): PartialAnswers {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AnswersError(
      `cannot read answers file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AnswersError(`answers file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new AnswersError(`answers file ${file} must hold a JSON object`);
  }
  // A service's own record (.distroless-service.json) wraps the answers, so it can be re-applied.
  if (isRecord(data)) {
    if (typeof data.answers !== 'object' || data.answers === null || Array.isArray(data.answers)) {
      throw new AnswersError(`"answers" in ${file} (${RECORD_FILE} format) must be an object`);
    }
    return data.answers as PartialAnswers;
  }
  return data as PartialAnswers;
}
