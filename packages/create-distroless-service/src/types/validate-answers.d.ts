// Generated at build time by Ajv's standalone mode from answers.schema.json (see scripts/build.mjs).
declare module '#validate-answers' {
  import type { ErrorObject } from 'ajv';
  interface ValidateFunction {
    (data: unknown): boolean;
    errors?: ErrorObject[] | null;
  }
  const validate: ValidateFunction;
  export default validate;
}
