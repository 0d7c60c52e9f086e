// date-format says what is wrong with a date, and suggests a date only when the reading is sure.
import { describe, expect, it } from 'vitest';
import { lintAdrText } from '../src/index.js';

const dateFinding = (date: string) =>
  lintAdrText(`# 1. Use X\n\nDate: ${date}\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n`, {
    file: '0001-use-x.md',
  })
    .messages.filter((m) => m.ruleId === 'date-format')
    .map((m) => m.message);

describe('date-format messages', () => {
  it('an ambiguous slashed date gets both readings, not the day-first one alone', () => {
    expect(dateFinding('03/04/2020')).toEqual([
      "date '03/04/2020' reads two ways; write '2020-04-03' (day first) or '2020-03-04' (month first)",
    ]);
  });

  it('a slashed date with one possible reading gets that one', () => {
    expect(dateFinding('25/05/2020')).toEqual(["date '25/05/2020' is not ISO 8601; write '2020-05-25'"]);
    expect(dateFinding('04/25/2020')).toEqual(["date '04/25/2020' is not ISO 8601; write '2020-04-25'"]);
    expect(dateFinding('25.05.2020')).toEqual(["date '25.05.2020' is not ISO 8601; write '2020-05-25'"]);
  });

  it('valid ISO 8601 forms other than YYYY-MM-DD are not called "not ISO 8601"', () => {
    expect(dateFinding('2020-01')).toEqual(["date '2020-01' is not a full calendar date (YYYY-MM-DD)"]);
    expect(dateFinding('20200105')).toEqual([
      "date '20200105' is ISO 8601's basic form, not YYYY-MM-DD; write '2020-01-05'",
    ]);
  });
});
