// Waiting for an event with a bound: polls a condition, never one fixed sleep.
import { sleep } from '@distroless-service/validator/service';

/** Polls `check` every 25 ms for at most `ms`; whether it became true. */
export async function poll(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) return false;
    await sleep(25);
  }
  return true;
}

/** As poll, for a condition the test cannot go on without: throws naming `what` when it never came. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  if (!(await poll(check, ms))) throw new Error(`timed out waiting for ${what}`);
}
