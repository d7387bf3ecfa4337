import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  median,
  percentile,
  sharePercent,
  summariseTiming,
  withShares,
  formatPercent,
  MIN_COUNT,
} from './statistics.rules.js';

const w = (pairs: [number, number][]) => pairs.map(([value, count]) => ({ value, count }));

describe('statistics rules', () => {
  it('takes the median of weighted values (mean of the two middle ones for an even count)', () => {
    const cases: [[number, number][], number | null][] = [
      [[], null],
      [[[5, 1]], 5],
      [
        [
          [1, 1],
          [3, 1],
          [10, 1],
        ],
        3,
      ],
      [
        [
          [1, 1],
          [3, 1],
          [10, 1],
          [20, 1],
        ],
        6.5,
      ],
      [
        [
          [20, 2],
          [0, 2],
          [4, 1],
        ],
        4,
      ],
      [
        [
          [2, 3],
          [8, 3],
        ],
        5,
      ],
    ];
    for (const [values, expected] of cases) assert.equal(median(w(values)), expected, JSON.stringify(values));
  });

  it('takes the 90th percentile by nearest rank', () => {
    // 1..10: rank ceil(9) = 9 → 9; 1..20: rank 18 → 18; [0×9, 30×1]: rank 9 → 0; [0×8, 30×2]: rank 9 → 30.
    assert.equal(percentile(w(Array.from({ length: 10 }, (_, i) => [i + 1, 1])), 90), 9);
    assert.equal(percentile(w(Array.from({ length: 20 }, (_, i) => [i + 1, 1])), 90), 18);
    assert.equal(
      percentile(
        w([
          [0, 9],
          [30, 1],
        ]),
        90,
      ),
      0,
    );
    assert.equal(
      percentile(
        w([
          [0, 8],
          [30, 2],
        ]),
        90,
      ),
      30,
    );
    assert.equal(percentile([], 90), null);
  });

  it('rounds shares to one decimal and formats them', () => {
    assert.equal(sharePercent(677, 1207), 56.1);
    assert.equal(sharePercent(310, 1207), 25.7);
    assert.equal(sharePercent(220, 1207), 18.2);
    assert.equal(sharePercent(1, 0), null);
    assert.equal(formatPercent(56.1), '56.1%');
    assert.equal(formatPercent(5), '5.0%');
    assert.equal(formatPercent(null), '—');
    const { rows, total } = withShares([{ count: 1 }, { count: 3 }]);
    assert.equal(total, 4);
    assert.deepEqual(
      rows.map((r) => r.share),
      [25, 75],
    );
  });

  it('withholds the median, 90th percentile and on-time rate below the minimum count', () => {
    const few = summariseTiming({
      workingDays: w([[3, MIN_COUNT - 1]]),
      onTime: 5,
      withDueDate: MIN_COUNT - 1,
    });
    assert.equal(few.medianWorkingDays, null);
    assert.equal(few.p90WorkingDays, null);
    assert.equal(few.onTimeRate, null);
    assert.equal(few.isBelowMinimum, true);
    const enough = summariseTiming({
      workingDays: w([
        [3, 8],
        [25, 2],
      ]),
      onTime: 8,
      withDueDate: 10,
    });
    assert.deepEqual(
      [enough.medianWorkingDays, enough.p90WorkingDays, enough.onTimeRate, enough.isBelowMinimum],
      [3, 25, 80, false],
    );
  });
});
