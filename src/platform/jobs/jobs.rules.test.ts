import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeNextRunAt, computeRetryDelayMs } from './jobs.rules.js';

describe('computeRetryDelayMs', () => {
  const cases: [attempt: number, base: number, cap: number, expected: number][] = [
    [1, 30_000, 3_600_000, 30_000],
    [2, 30_000, 3_600_000, 60_000],
    [3, 30_000, 3_600_000, 120_000],
    [8, 30_000, 3_600_000, 3_600_000],
    [1000, 30_000, 3_600_000, 3_600_000],
    [0, 1_000, 10_000, 1_000],
  ];
  for (const [attempt, base, cap, expected] of cases) {
    it(`waits ${expected} ms after failure ${attempt} (base ${base}, cap ${cap})`, () => {
      assert.equal(computeRetryDelayMs(attempt, base, cap), expected);
    });
  }
});

describe('computeNextRunAt', () => {
  const at = (s: string) => new Date(s);
  const cases: [due: string, interval: number, now: string, expected: string, why: string][] = [
    [
      '2026-01-05T02:00:00.000Z',
      3600,
      '2026-01-05T02:00:00.000Z',
      '2026-01-05T03:00:00.000Z',
      'fires on time',
    ],
    ['2026-01-05T02:00:00.000Z', 3600, '2026-01-05T02:59:59.000Z', '2026-01-05T03:00:00.000Z', 'fires late'],
    [
      '2026-01-05T02:00:00.000Z',
      3600,
      '2026-01-05T05:30:00.000Z',
      '2026-01-05T06:00:00.000Z',
      'skips firings missed during downtime',
    ],
    [
      '2026-01-05T16:00:00.000Z',
      86400,
      '2026-01-08T09:00:00.000Z',
      '2026-01-08T16:00:00.000Z',
      'keeps a daily job at its hour',
    ],
    [
      '2026-01-05T02:00:00.000Z',
      60,
      '2026-01-05T01:00:00.000Z',
      '2026-01-05T02:01:00.000Z',
      'moves one interval on when the clock is behind',
    ],
  ];
  for (const [due, interval, now, expected, why] of cases) {
    it(why, () => {
      assert.equal(computeNextRunAt(at(due), interval, at(now)).toISOString(), expected);
    });
  }

  it('rejects a non-positive interval', () => {
    assert.throws(
      () => computeNextRunAt(at('2026-01-05T02:00:00Z'), 0, at('2026-01-05T02:00:00Z')),
      RangeError,
    );
  });
});
