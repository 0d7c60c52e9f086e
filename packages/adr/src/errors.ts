// Errors the CLI maps to exit codes: a UsageError is the caller's input (exit 2), an AdrError is a
// problem with the records or the folder (exit 1). Both carry a message meant for the user.
export class UsageError extends Error {
  override name = 'UsageError';
}

export class AdrError extends Error {
  override name = 'AdrError';
}
