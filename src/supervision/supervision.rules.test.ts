import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeOrgIndicators,
  guard,
  median,
  percentile,
  previousQuarter,
  quarterOf,
  quarterPeriod,
  rankBy,
  trailingYear,
  weekStartOf,
  type CaseFacts,
} from './supervision.rules.js';
import { computeAssessment, validateAssessmentConfig, DEFAULT_ASSESSMENT } from './assessment.rules.js';
import { parseSettings, flattenSettings, DEFAULT_SETTINGS, settingsFromStored } from './settings.rules.js';
import {
  checkOrganisation,
  defaultColumnRule,
  extractLinks,
  type ColumnFacts,
} from './website-check.rules.js';

describe('median and percentiles', () => {
  const cases: [number[], number | null, number | null][] = [
    // values, median, 90th percentile (nearest rank)
    [[], null, null],
    [[7], 7, 7],
    [[3, 1], 2, 3],
    [[2, 5, 10, 20, 21], 10, 21],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9],
    [[4, 4, 4, 4], 4, 4],
    [[20, 1, 15, 3, 9, 12, 30, 2, 5, 8, 11], 9, 20],
  ];
  for (const [values, med, p90] of cases) {
    it(`gives median ${med} and p90 ${p90} for [${values.join(', ')}]`, () => {
      assert.equal(median(values), med);
      assert.equal(percentile(values, 90), p90);
    });
  }
  it('refuses a percentile outside (0, 100]', () => {
    assert.throws(() => percentile([1], 0), RangeError);
    assert.throws(() => percentile([1], 101), RangeError);
  });
});

describe('minimum-count rule', () => {
  const rows: [number | null, number, number, number | null, boolean][] = [
    [0.8, 5, 5, 0.8, false],
    [1, 4, 5, null, true],
    [null, 0, 5, null, false],
    [0.5, 1, 1, 0.5, false],
  ];
  for (const [value, n, min, shown, below] of rows) {
    it(`shows ${shown} for ${value} over n=${n} with minimum ${min}`, () => {
      assert.deepEqual(guard(value, n, min), { value: shown, n, isBelowMinimum: below });
    });
  }
});

describe('ranking with ties', () => {
  const rank = (values: (number | null)[]) => rankBy(values, (v) => v).map((r) => [r.entry, r.rank]);
  it('shares a rank between equal values and skips the next (1, 2, 2, 4)', () => {
    assert.deepEqual(rank([0.9, 0.5, 0.9, 1, 0.5]), [
      [1, 1],
      [0.9, 2],
      [0.9, 2],
      [0.5, 4],
      [0.5, 4],
    ]);
  });
  it('ties values equal up to rounding (2/3 computed two ways)', () => {
    assert.deepEqual(
      rank([2 / 3, 1 - 1 / 3]).map(([, r]) => r),
      [1, 1],
    );
  });
  it('puts entries without a value last and unranked', () => {
    assert.deepEqual(rank([null, 0.2, null, 0.7]), [
      [0.7, 1],
      [0.2, 2],
      [null, null],
      [null, null],
    ]);
  });
  it('ranks lowest first when ascending', () => {
    assert.deepEqual(
      rankBy([3, 1, 1], (v) => v, { ascending: true }).map((r) => r.rank),
      [1, 1, 3],
    );
  });
});

describe('quarters and windows', () => {
  const table: [string, string, string][] = [
    ['2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-Q2', '2026-04-01', '2026-06-30'],
    ['2024-Q1', '2024-01-01', '2024-03-31'],
    ['2025-Q4', '2025-10-01', '2025-12-31'],
  ];
  for (const [q, from, to] of table) {
    it(`${q} runs from ${from} to ${to}`, () => assert.deepEqual(quarterPeriod(q), { from, to }));
  }
  it('finds the quarter of a date and the one before', () => {
    assert.equal(quarterOf('2026-03-31'), '2026-Q1');
    assert.equal(quarterOf('2026-04-01'), '2026-Q2');
    assert.equal(previousQuarter('2026-Q1'), '2025-Q4');
  });
  it('starts weeks on Monday', () => {
    assert.equal(weekStartOf('2026-03-02'), '2026-03-02');
    assert.equal(weekStartOf('2026-03-08'), '2026-03-02');
  });
  it('takes the trailing 12 months, leap day included', () => {
    assert.deepEqual(trailingYear('2026-03-31'), { from: '2025-04-01', to: '2026-03-31' });
    assert.deepEqual(trailingYear('2024-02-29'), { from: '2023-03-01', to: '2024-02-29' });
  });
});

function facts(over: Partial<CaseFacts>): CaseFacts {
  return {
    applicationId: 1,
    orgId: 1,
    reference: 'R',
    handlerUserId: null,
    receivedOn: '2026-03-02',
    dueOn: '2026-03-30',
    closedOn: null,
    status: 'received',
    isOpen: true,
    isDueSoon: false,
    isOverdue: false,
    workingDaysLeft: 10,
    isAnswered: false,
    isAnsweredLate: false,
    answerWorkingDays: null,
    correctionRequestedOn: null,
    isCorrectionRequestLate: false,
    consultationWindowsPassed: [],
    ...over,
  };
}

describe('indicators per organisation', () => {
  const period = { from: '2026-01-01', to: '2026-03-31' };
  const answered = (days: number, late: boolean, closedOn = '2026-03-20') =>
    facts({
      isOpen: false,
      isAnswered: true,
      closedOn,
      answerWorkingDays: days,
      isAnsweredLate: late,
      status: 'closed',
    });
  it('counts answers in the period only, with the rate, median and 90th percentile', () => {
    const cases = [
      answered(5, false),
      answered(10, false),
      answered(20, false),
      answered(21, true),
      answered(2, false),
      answered(30, true, '2025-12-30'), // answered before the period: not counted
      facts({ isOverdue: true, workingDaysLeft: -1 }),
      facts({ isDueSoon: true, workingDaysLeft: 2 }),
      facts({ isCorrectionRequestLate: true, correctionRequestedOn: '2026-03-12' }),
      facts({ isCorrectionRequestLate: true, correctionRequestedOn: '2025-12-12' }),
      facts({ consultationWindowsPassed: ['2026-03-24', '2026-04-02'] }),
      facts({ orgId: 2 }),
    ];
    const [a] = computeOrgIndicators([1], cases, [{ orgId: 1, published: 4, late: 1 }], period, {
      minCount: 5,
    });
    assert.ok(a);
    assert.equal(a.answered, 5);
    assert.equal(a.answeredLate, 1);
    assert.deepEqual(a.onTimeRate, { value: 0.8, n: 5, isBelowMinimum: false });
    assert.equal(a.medianAnswerDays.value, 10);
    assert.equal(a.p90AnswerDays.value, 21);
    assert.equal(a.open, 5);
    assert.equal(a.overdue, 1);
    assert.equal(a.dueSoon, 1);
    assert.equal(a.correctionsLate, 1);
    assert.equal(a.consultationsPastWindow, 1);
    assert.equal(a.itemsLate, 1);
    assert.equal(a.itemsPublished, 4);
  });
  it('withholds the rate and times below the minimum count', () => {
    const [a] = computeOrgIndicators([1], [answered(3, false), answered(4, true)], [], period, {
      minCount: 5,
    });
    assert.equal(a?.onTimeRate.value, null);
    assert.equal(a?.onTimeRate.isBelowMinimum, true);
    assert.equal(a?.medianAnswerDays.value, null);
  });
});

describe('assessment weights', () => {
  it('accepts the defaults', () => {
    assert.deepEqual(validateAssessmentConfig(DEFAULT_ASSESSMENT).problems, []);
  });
  const bad: [string, { key: string; weight: unknown; penalty: unknown }[], string][] = [
    [
      'a negative weight',
      [{ key: 'on_time_rate', weight: -1, penalty: 0 }],
      'supervision.error.weight_invalid',
    ],
    [
      'a weight that is not a number',
      [{ key: 'on_time_rate', weight: 'abc', penalty: 0 }],
      'supervision.error.weight_invalid',
    ],
    [
      'weights summing to zero',
      [
        { key: 'on_time_rate', weight: '0', penalty: 0 },
        { key: 'overdue', weight: 0, penalty: 5 },
      ],
      'supervision.error.weights_zero',
    ],
    [
      'a penalty above 100',
      [{ key: 'overdue', weight: 1, penalty: 101 }],
      'supervision.error.penalty_invalid',
    ],
    [
      'an unknown indicator',
      [{ key: 'lunch', weight: 1, penalty: 0 }],
      'supervision.error.indicator_unknown',
    ],
    [
      'an indicator twice',
      [
        { key: 'overdue', weight: 1, penalty: 1 },
        { key: 'overdue', weight: 2, penalty: 1 },
      ],
      'supervision.error.indicator_duplicate',
    ],
    [
      'an infinite weight',
      [{ key: 'overdue', weight: Infinity, penalty: 1 }],
      'supervision.error.weight_invalid',
    ],
  ];
  for (const [name, rows, message] of bad) {
    it(`refuses ${name}`, () => {
      const { problems, indicators } = validateAssessmentConfig(rows);
      assert.ok(
        problems.some((p) => p.message === message),
        JSON.stringify(problems),
      );
      assert.deepEqual(indicators, []);
    });
  }

  it('scores as the weighted mean of the indicators that have a value, and ranks with ties', () => {
    const base = computeOrgIndicators(
      [1, 2, 3],
      [],
      [],
      { from: '2026-01-01', to: '2026-03-31' },
      { minCount: 5 },
    );
    const withRate = (i: number, rate: number | null, overdue: number) => ({
      ...base[i]!,
      onTimeRate: { value: rate, n: rate === null ? 0 : 10, isBelowMinimum: false },
      overdue,
    });
    const config = [
      { key: 'on_time_rate' as const, weight: 3, penalty: 0 },
      { key: 'overdue' as const, weight: 1, penalty: 10 },
      { key: 'website' as const, weight: 1, penalty: 0 },
    ];
    const scores = computeAssessment(config, [
      { orgId: 1, indicators: withRate(0, 0.8, 2), websiteScore: 100 }, // (240 + 80 + 100) / 5 = 84
      { orgId: 2, indicators: withRate(1, null, 0), websiteScore: 68 }, // no rate: (100 + 68) / 2 = 84
      { orgId: 3, indicators: withRate(2, 1, 20), websiteScore: null }, // (300 + 0) / 4 = 75
    ]);
    assert.deepEqual(
      scores.map((s) => [s.orgId, s.score, s.rank]),
      [
        [1, 84, 1],
        [2, 84, 1],
        [3, 75, 3],
      ],
    );
  });
});

describe('supervision thresholds', () => {
  it('round-trips the defaults', () => {
    assert.deepEqual(parseSettings(flattenSettings(DEFAULT_SETTINGS)).settings, DEFAULT_SETTINGS);
  });
  it('refuses values out of range, naming each field with its range', () => {
    const { settings, problems } = parseSettings({
      ...flattenSettings(DEFAULT_SETTINGS),
      minCount: '0',
      linkTimeoutMs: 'x',
    });
    assert.equal(settings, null);
    assert.deepEqual(
      problems.map((p) => [p.field, p.message, p.params]),
      [
        ['minCount', 'supervision.error.threshold_invalid', { min: 1, max: 100 }],
        ['linkTimeoutMs', 'supervision.error.threshold_invalid', { min: 500, max: 30000 }],
      ],
    );
  });
  it('falls back to the defaults for a stored value that no longer validates', () => {
    assert.deepEqual(settingsFromStored({ minCount: -3 }), DEFAULT_SETTINGS);
    assert.equal(settingsFromStored({ minCount: 3 }).minCount, 3);
  });
});

describe('website checks', () => {
  const w = DEFAULT_SETTINGS.website;
  const col = (id: number, name: string, published: number, last: string | null): ColumnFacts => ({
    columnId: id,
    code: `c${id}`,
    name,
    rule: defaultColumnRule(name, w),
    publishedCount: published,
    lastPublishedOn: last,
  });
  it('types columns by name: news 2 weeks, notices and policies 6 months, others never stale', () => {
    assert.deepEqual(defaultColumnRule('工作动态', w), {
      category: 'news',
      maxAgeDays: 14,
      isRequired: false,
    });
    assert.deepEqual(defaultColumnRule('通知公告', w), {
      category: 'notice',
      maxAgeDays: 183,
      isRequired: false,
    });
    assert.deepEqual(defaultColumnRule('政策文件', w), {
      category: 'policy',
      maxAgeDays: 183,
      isRequired: false,
    });
    assert.equal(defaultColumnRule('财政预算、决算信息', w).maxAgeDays, null);
  });
  it('finds stale and empty columns against each threshold on the day', () => {
    const r = checkOrganisation(
      {
        orgId: 1,
        columns: [
          col(1, '工作动态', 3, '2026-03-17'), // 14 days before 03-31: still fresh
          col(2, '要闻', 3, '2026-03-16'), // 15 days: stale
          col(3, '通知公告', 1, '2025-09-30'), // 182 days: fresh
          col(4, '政策文件', 1, '2025-09-28'), // 184 days: stale
          col(5, '财政预算', 1, '2020-01-01'), // never stale
          col(6, '统计数据', 0, null), // empty
        ],
        undatedItems: [{ itemId: 9, title: '无日期' }],
        brokenLinks: [{ url: 'http://x.test/', itemId: 2, result: '404' }],
        missingAttachments: [],
        lastPublishedOn: '2026-03-20',
      },
      '2026-03-31',
      w,
    );
    assert.deepEqual(
      r.staleColumns.map((s) => s.columnId),
      [2, 4],
    );
    assert.deepEqual(
      r.emptyColumns.map((s) => s.columnId),
      [6],
    );
    assert.deepEqual(r.veto, []);
    assert.equal(r.score, 100 - 2 * 5 - 2 - 1 - 1);
  });
  it('marks the veto items and scores 0', () => {
    const stale = [1, 2, 3, 4, 5].map((i) => col(i, `动态${i}`, 1, '2025-01-01'));
    const empty = [6, 7, 8, 9, 10].map((i) => col(i, `栏目${i}`, 0, null));
    const r = checkOrganisation(
      {
        orgId: 1,
        columns: [...stale, ...empty],
        undatedItems: [],
        brokenLinks: [],
        missingAttachments: [],
        lastPublishedOn: '2025-01-01',
      },
      '2026-03-31',
      w,
    );
    assert.deepEqual(r.veto, ['columns_not_updated', 'empty_columns', 'site_not_updated']);
    assert.equal(r.score, 0);
  });
  it('extracts absolute http(s) links only, once each', () => {
    assert.deepEqual(
      extractLinks(
        '<p><a href="https://a.test/x">a</a> <a href="/local">l</a> <a href="mailto:a@b.c">m</a> <img src="http://b.test/i.png"> <a href="https://a.test/x">again</a> <a href="javascript:alert(1)">j</a></p>',
      ),
      ['https://a.test/x', 'http://b.test/i.png'],
    );
  });
});
