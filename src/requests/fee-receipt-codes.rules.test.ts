import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  APPLICANT_TYPES,
  CHANNELS,
  EVENT_TYPES,
  OUTCOMES,
  OUTCOME_INFO,
  REPORT_COLUMNS,
  isOutcome,
} from './codes.js';
import { computeCountFee, computeFee, computePageFee, countRateYuan } from './fee.rules.js';
import { computeReceiptDate, type ReceiptInput } from './receipt.rules.js';

describe('codes (contracts §1, §4)', () => {
  it('has the 21 outcomes in report order, each with its row label and basis', () => {
    assert.equal(OUTCOMES.length, 21);
    assert.equal(OUTCOMES[0], 'granted');
    assert.equal(OUTCOMES[20], 'other.other');
    for (const o of OUTCOMES) assert.ok(OUTCOME_INFO[o].row['zh-CN'] && OUTCOME_INFO[o].row.en, o);
    assert.equal(OUTCOME_INFO['withheld.query_matter'].row['zh-CN'], '8.属于行政查询事项');
    assert.equal(isOutcome('withheld.secret'), false);
  });

  it('has six applicant types plus the derived total column, seven channels and twelve event types', () => {
    assert.equal(APPLICANT_TYPES.length, 6);
    assert.deepEqual(REPORT_COLUMNS.at(-1), 'total');
    assert.equal(CHANNELS.length, 7);
    assert.equal(EVENT_TYPES.length, 12);
  });
});

describe('receipt date per channel (条例第三十一条)', () => {
  const cases: [ReceiptInput, string, string][] = [
    [{ channel: 'in_person', handedInOn: '2025-03-03' }, '2025-03-03', 'handed_in'],
    [{ channel: 'registered_mail', signedForOn: '2025-03-04' }, '2025-03-04', 'signed_for'],
    [{ channel: 'ordinary_mail', confirmedOn: '2025-03-05' }, '2025-03-05', 'confirmed_with_applicant'],
    // 17:30 UTC is 01:30 the next day in Shanghai
    [
      { channel: 'online', submittedAt: '2025-03-01T17:30:00Z', timeZone: 'Asia/Shanghai' },
      '2025-03-02',
      'platform_submission',
    ],
    [
      { channel: 'online', submittedAt: '2025-03-01T10:12:00+08:00', timeZone: 'Asia/Shanghai' },
      '2025-03-01',
      'platform_submission',
    ],
    [
      {
        channel: 'online',
        submittedAt: '2025-03-01T10:12:00+08:00',
        timeZone: 'Asia/Shanghai',
        confirmedOn: '2025-03-03',
      },
      '2025-03-03',
      'confirmed_online',
    ],
    [{ channel: 'fax', confirmedOn: '2025-03-06' }, '2025-03-06', 'fax_confirmed'],
    [
      { channel: 'email', mailReceivedAt: '2025-03-06T23:59:00+08:00', timeZone: 'Asia/Shanghai' },
      '2025-03-06',
      'mail_system_received',
    ],
    [{ channel: 'email', mailReceivedOn: '2025-03-07' }, '2025-03-07', 'mail_system_received'],
    [{ channel: 'other', confirmedOn: '2025-03-08' }, '2025-03-08', 'other_confirmed'],
  ];
  for (const [input, date, rule] of cases) {
    it(`${input.channel} → ${date} (${rule})`, () => {
      const r = computeReceiptDate(input);
      assert.equal(r.receivedOn, date);
      assert.equal(r.ruleKey, rule);
      assert.equal(r.channel, input.channel);
    });
  }
  it('refuses an impossible date', () => {
    assert.throws(() => computeReceiptDate({ channel: 'in_person', handedInOn: '2025-02-29' }), RangeError);
  });
});

describe('信息处理费 (国办函〔2020〕109号)', () => {
  const rates: [number, number][] = [
    [1, 0],
    [10, 0],
    [11, 100],
    [30, 100],
    [31, 200],
    [40, 200],
    [41, 300],
    [51, 400],
  ];
  for (const [n, rate] of rates)
    it(`the ${n}th application in a month costs ${rate}元`, () => assert.equal(countRateYuan(n), rate));

  it('35 applications in a month cost 3,000元 (the worked example)', () => {
    assert.equal(computeCountFee({ priorUnitsThisMonth: 0, units: 35 }).amountYuan, 3000);
  });

  it('charges one application by its place in the month', () => {
    assert.equal(computeCountFee({ priorUnitsThisMonth: 9, units: 1 }).amountYuan, 0);
    assert.equal(computeCountFee({ priorUnitsThisMonth: 10, units: 1 }).amountYuan, 100);
    const split = computeCountFee({ priorUnitsThisMonth: 28, units: 4 });
    assert.equal(split.amountYuan, 2 * 100 + 2 * 200);
    assert.deepEqual(
      split.lines.map((l) => [l.from, l.to, l.rateYuan]),
      [
        [29, 30, 100],
        [31, 32, 200],
      ],
    );
  });

  const pages: [number, number][] = [
    [30, 0],
    [31, 10],
    [100, 700],
    [101, 720],
    [200, 2700],
    [250, 4700], // the worked example: 70×10 + 100×20 + 50×40
  ];
  for (const [n, amount] of pages)
    it(`${n} pages cost ${amount}元`, () => assert.equal(computePageFee(n).amountYuan, amount));

  it('uses one basis per application', () => {
    assert.equal(computeFee({ basis: 'pages', pages: 250 }).basis, 'pages');
    assert.equal(
      computeFee({ basis: 'count', priorUnitsThisMonth: 0, units: 35 }).basisText,
      '国办函〔2020〕109号 第四条（按件计收）',
    );
  });

  it('refuses fractions and negatives', () => {
    assert.throws(() => computePageFee(0), RangeError);
    assert.throws(() => computeCountFee({ priorUnitsThisMonth: -1, units: 1 }), RangeError);
  });
});
