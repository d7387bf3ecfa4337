import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkingCalendar } from '../calendar/calendar.rules.js';
import { chineseDaysYears } from '../calendar/chinese-days.data.js';
import type { ApplicationEvent } from './codes.js';
import { deriveApplicationState, validateEventSequence } from './application-state.rules.js';
import { computeDeadline } from './deadline.rules.js';
import { computeReceiptDate } from './receipt.rules.js';

const calendar = buildWorkingCalendar({ years: chineseDaysYears() });

interface Case {
  name: string;
  receivedOn: string;
  events: ApplicationEvent[];
  today: string;
  dueOn: string | null;
  status: string;
  overdue?: boolean;
  dueSoon?: boolean;
  provisional?: boolean;
}

// Every expected date was counted by hand against the chinese-days data (2025: 春节 01-28..02-04 with
// 01-26 Sun and 02-08 Sat worked, 清明 04-04..06, 劳动节 05-01..05 with 04-27 Sun worked, 端午 05-31..06-02,
// 国庆+中秋 10-01..08 with 09-28 Sun and 10-11 Sat worked; 2026: stack-probe §7).
const CASES: Case[] = [
  // 03-10..13(4) 16..20(9) 23..27(14) 30..04-03(19), 04-04..06 清明, 04-07(20)
  {
    name: 'plain 20 working days over 清明 2026',
    receivedOn: '2026-03-09',
    events: [],
    today: '2026-03-10',
    dueOn: '2026-04-07',
    status: 'received',
  },
  {
    name: '2026 中秋+国庆 with the 10-10 调休 Saturday',
    receivedOn: '2026-09-25',
    events: [],
    today: '2026-09-28',
    dueOn: '2026-10-29',
    status: 'received',
  },
  {
    name: '2025 国庆 with 09-28 Sunday and 10-11 Saturday worked',
    receivedOn: '2025-09-26',
    events: [],
    today: '2025-09-28',
    dueOn: '2025-10-30',
    status: 'received',
  },
  {
    name: '2025 春节 with 01-26 Sunday and 02-08 Saturday worked',
    receivedOn: '2025-01-24',
    events: [],
    today: '2025-01-26',
    dueOn: '2025-02-27',
    status: 'received',
  },
  {
    name: '2026 春节 with 02-14 and 02-28 Saturdays worked',
    receivedOn: '2026-02-13',
    events: [],
    today: '2026-02-14',
    dueOn: '2026-03-19',
    status: 'received',
  },
  {
    // counted to 09-29 (11, incl. 09-20 调休 Sunday); paused 09-30..10-12 (09-30, 10-08, 10-09, 10-10, 10-12 = 5
    // working days, 国庆 inside); 10-13..16(15), 10-19..23(20)
    name: 'a consultation spanning 国庆 2026 pauses only its working days',
    receivedOn: '2026-09-14',
    events: [
      { type: 'consultation_started', on: '2026-09-29', party: 'third_party' },
      { type: 'consultation_ended', on: '2026-10-12' },
    ],
    today: '2026-10-20',
    dueOn: '2026-10-23',
    status: 'received',
    dueSoon: true,
  },
  {
    // still open on 03-10: counted 03-03, 03-04 (2); paused 03-05..03-10; 03-11..04-03 (20)
    name: 'an open consultation pauses up to today',
    receivedOn: '2026-03-02',
    events: [{ type: 'consultation_started', on: '2026-03-04', party: 'agency' }],
    today: '2026-03-10',
    dueOn: '2026-04-03',
    status: 'consulting',
  },
  {
    // window 03-04 + 15 = 03-25; 03-26..04-21 counts 18 more (清明 04-04..06 skipped)
    name: 'a consultation without reply pauses for its 15-working-day window only',
    receivedOn: '2026-03-02',
    events: [{ type: 'consultation_started', on: '2026-03-04', party: 'third_party' }],
    today: '2026-05-01',
    dueOn: '2026-04-21',
    status: 'received',
    overdue: true,
  },
  {
    // restart on 03-10: 20 → 04-08 (清明 04-04..06); +20: 04-09..11, 14..18, 21..25, 04-27 Sun 调休,
    // 28..30, 劳动节 05-01..05, 05-06..08 → 05-08
    name: 'a correction restart followed by an extension (2025)',
    receivedOn: '2025-03-03',
    events: [
      { type: 'correction_requested', on: '2025-03-05', correctionDueOn: '2025-03-20' },
      { type: 'correction_received', on: '2025-03-10' },
      { type: 'extended', on: '2025-04-01', workdays: 20 },
    ],
    today: '2025-04-20',
    dueOn: '2025-05-08',
    status: 'extended',
  },
  {
    name: 'awaiting a correction: the answer clock has not started',
    receivedOn: '2025-03-03',
    events: [{ type: 'correction_requested', on: '2025-03-05', correctionDueOn: '2025-03-20' }],
    today: '2025-03-10',
    dueOn: null,
    status: 'awaiting_correction',
  },
  {
    // counted 06-04..06-10 (5); paused 06-11..06-17 (5 working days); 06-18..07-08 (20)
    name: 'a fee pause from notice to payment (2025)',
    receivedOn: '2025-06-03',
    events: [
      { type: 'fee_notified', on: '2025-06-10', amountYuan: 300 },
      { type: 'fee_paid', on: '2025-06-17' },
    ],
    today: '2025-06-20',
    dueOn: '2025-07-08',
    status: 'received',
  },
  {
    // unpaid: the pause ends at the payment deadline 07-08; 07-09..07-29 counts the other 15
    name: 'an unpaid fee pauses until the payment deadline, then the clock runs',
    receivedOn: '2025-06-03',
    events: [{ type: 'fee_notified', on: '2025-06-10', amountYuan: 300 }],
    today: '2025-07-15',
    dueOn: '2025-07-29',
    status: 'awaiting_fee',
  },
  {
    // 12-16..12-31 (12); 2027 unknown: 01-01 Fri counts (13), 01-04..08 (18), 01-11, 01-12 (20)
    name: 'a span reaching 2027 is computed on weekends alone and provisional',
    receivedOn: '2026-12-15',
    events: [],
    today: '2026-12-16',
    dueOn: '2027-01-12',
    status: 'received',
    provisional: true,
  },
  {
    name: 'a transfer changes neither the receipt date nor the clock',
    receivedOn: '2026-03-09',
    events: [{ type: 'transferred', on: '2026-03-12', to: 'bureau' }],
    today: '2026-03-12',
    dueOn: '2026-04-07',
    status: 'received',
  },
  {
    name: 'answered exactly on the due date is not overdue',
    receivedOn: '2026-03-09',
    events: [{ type: 'closed', on: '2026-04-07', outcome: 'granted' }],
    today: '2026-05-01',
    dueOn: '2026-04-07',
    status: 'closed',
    overdue: false,
  },
  {
    name: 'answered one day later is overdue',
    receivedOn: '2026-03-09',
    events: [{ type: 'closed', on: '2026-04-08', outcome: 'partial' }],
    today: '2026-05-01',
    dueOn: '2026-04-07',
    status: 'closed',
    overdue: true,
  },
  {
    name: 'open on the due date: due soon, not overdue',
    receivedOn: '2026-03-09',
    events: [],
    today: '2026-04-07',
    dueOn: '2026-04-07',
    status: 'received',
    dueSoon: true,
    overdue: false,
  },
  {
    name: 'open the day after: overdue',
    receivedOn: '2026-03-09',
    events: [],
    today: '2026-04-08',
    dueOn: '2026-04-07',
    status: 'received',
    overdue: true,
    dueSoon: false,
  },
  {
    name: 'three working days left is due soon',
    receivedOn: '2026-03-09',
    events: [],
    today: '2026-04-01',
    dueOn: '2026-04-07',
    status: 'received',
    dueSoon: true,
  },
  {
    name: 'four working days left is not',
    receivedOn: '2026-03-09',
    events: [],
    today: '2026-03-31',
    dueOn: '2026-04-07',
    status: 'received',
    dueSoon: false,
  },
  {
    name: 'withdrawn closes as other.other',
    receivedOn: '2026-03-09',
    events: [{ type: 'withdrawn', on: '2026-03-11' }],
    today: '2026-05-01',
    dueOn: '2026-04-07',
    status: 'withdrawn',
    overdue: false,
    dueSoon: false,
  },
];

describe('deriveApplicationState: deadline tables', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.deepEqual(validateEventSequence(c.receivedOn, c.events), []);
      const s = deriveApplicationState(c.receivedOn, c.events, calendar, c.today);
      assert.equal(s.dueOn, c.dueOn);
      assert.equal(s.status, c.status);
      if (c.overdue !== undefined) assert.equal(s.overdue, c.overdue, 'overdue');
      if (c.dueSoon !== undefined) assert.equal(s.dueSoon, c.dueSoon, 'dueSoon');
      assert.equal(s.isProvisional, c.provisional ?? false, 'provisional');
      if (s.dueOn)
        assert.deepEqual(s.explanation.at(-1), {
          kind: 'due',
          date: s.dueOn,
          workingDays: s.deadline.totalWorkdays,
          isProvisional: s.isProvisional,
        });
    });
  }
});

describe('deadline details', () => {
  it('explains a consultation over 国庆 as one paused run with the holidays inside it', () => {
    const s = deriveApplicationState(
      '2026-09-14',
      [
        { type: 'consultation_started', on: '2026-09-29', party: 'third_party' },
        { type: 'consultation_ended', on: '2026-10-12' },
      ],
      calendar,
      '2026-10-20',
    );
    const paused = s.explanation.filter((step) => step.kind === 'paused');
    assert.equal(paused.length, 1);
    assert.deepEqual(
      { ...paused[0]!, days: paused[0]!.kind === 'paused' ? paused[0]!.days.length : 0 },
      {
        kind: 'paused',
        cause: 'consultation',
        from: '2026-09-30',
        to: '2026-10-12',
        workingDays: 5,
        days: 8,
        windowEnd: '2026-10-26',
        endedBy: 'reply',
      },
    );
    const counted = s.explanation.find((step) => step.kind === 'counted' && step.from === '2026-09-20');
    assert.deepEqual(counted?.kind === 'counted' && counted.workedWeekends, [
      { date: '2026-09-20', reason: 'adjusted_workday', name: '国庆节' },
    ]);
  });

  it('lists receipt, correction, restart and extension steps in order', () => {
    const s = deriveApplicationState(
      '2025-03-03',
      [
        { type: 'correction_requested', on: '2025-03-05', correctionDueOn: '2025-03-20' },
        { type: 'correction_received', on: '2025-03-10' },
        { type: 'extended', on: '2025-04-01', workdays: 20 },
      ],
      calendar,
      '2025-04-20',
      { receipt: computeReceiptDate({ channel: 'in_person', handedInOn: '2025-03-03' }) },
    );
    const kinds = s.explanation.filter((x) => !['counted', 'skipped'].includes(x.kind)).map((x) => x.kind);
    assert.deepEqual(kinds, ['receipt', 'correction_requested', 'restart', 'extension', 'due']);
    assert.deepEqual(s.explanation[0], {
      kind: 'receipt',
      date: '2025-03-03',
      ruleKey: 'handed_in',
      basis: '条例第三十一条第（一）项',
    });
    assert.equal(s.deadline.correctionRequestDueOn, '2025-03-12');
    assert.deepEqual(s.deadline.findings, []);
  });

  it('a correction request after 7 working days is a supervision finding, not an error', () => {
    const events: ApplicationEvent[] = [
      { type: 'correction_requested', on: '2025-03-13', correctionDueOn: '2025-03-28' },
    ];
    assert.deepEqual(validateEventSequence('2025-03-03', events), []);
    assert.deepEqual(computeDeadline('2025-03-03', events, calendar, '2025-03-14').findings, [
      'correction_request_late',
    ]);
  });

  it('an answer after the due date is the finding answered_late', () => {
    const d = computeDeadline(
      '2026-03-09',
      [{ type: 'closed', on: '2026-04-08', outcome: 'granted' }],
      calendar,
      '2026-05-01',
    );
    assert.deepEqual(d.findings, ['answered_late']);
  });

  it('flags deadlines that call for closing the application', () => {
    const noCorrection = deriveApplicationState(
      '2025-03-03',
      [{ type: 'correction_requested', on: '2025-03-05', correctionDueOn: '2025-03-20' }],
      calendar,
      '2025-03-21',
    );
    assert.deepEqual(noCorrection.alerts, ['correction_deadline_passed']);
    const unpaid = deriveApplicationState(
      '2025-06-03',
      [{ type: 'fee_notified', on: '2025-06-10', amountYuan: 300 }],
      calendar,
      '2025-07-09',
    );
    assert.equal(unpaid.deadline.feeDueOn, '2025-07-08');
    assert.deepEqual(unpaid.alerts, ['fee_deadline_passed']);
    const silent = deriveApplicationState(
      '2026-03-02',
      [{ type: 'consultation_started', on: '2026-03-04', party: 'third_party' }],
      calendar,
      '2026-03-26',
    );
    assert.deepEqual(silent.alerts, ['consultation_window_passed']);
  });

  it('the due-soon threshold is configurable', () => {
    const s = deriveApplicationState('2026-03-09', [], calendar, '2026-03-31', { dueSoonWorkdays: 5 });
    assert.equal(s.dueSoon, true);
    assert.equal(s.deadline.workingDaysLeft, 4);
  });

  it('records appeals, pending until decided, after the application closed', () => {
    const events: ApplicationEvent[] = [
      { type: 'closed', on: '2026-04-01', outcome: 'withheld.process_info' },
      { type: 'appeal_filed', on: '2026-05-01', kind: 'reconsideration' },
      { type: 'appeal_decided', on: '2026-06-20', kind: 'reconsideration', result: 'upheld' },
      { type: 'appeal_filed', on: '2026-07-01', kind: 'litigation_after_reconsideration' },
    ];
    assert.deepEqual(validateEventSequence('2026-03-09', events), []);
    const s = deriveApplicationState('2026-03-09', events, calendar, '2026-08-01');
    assert.equal(s.outcome, 'withheld.process_info');
    assert.equal(s.closedOn, '2026-04-01');
    assert.deepEqual(s.appeals, [
      { kind: 'reconsideration', filedOn: '2026-05-01', result: 'upheld', decidedOn: '2026-06-20' },
      { kind: 'litigation_after_reconsideration', filedOn: '2026-07-01', result: null, decidedOn: null },
    ]);
  });
});

describe('validateEventSequence', () => {
  const R = '2025-03-03';
  const cases: [string, unknown[], [number, string][]][] = [
    [
      'events out of date order',
      [
        { type: 'fee_notified', on: '2025-03-10', amountYuan: 10 },
        { type: 'fee_paid', on: '2025-03-09' },
      ],
      [[1, 'out_of_order']],
    ],
    [
      'an answer before receipt',
      [{ type: 'closed', on: '2025-03-01', outcome: 'granted' }],
      [[0, 'before_receipt']],
    ],
    [
      'anything but an appeal after closing',
      [
        { type: 'closed', on: '2025-03-10', outcome: 'granted' },
        { type: 'extended', on: '2025-03-11', workdays: 5 },
      ],
      [[1, 'after_close']],
    ],
    [
      'a correction after the answer',
      [
        { type: 'closed', on: '2025-03-10', outcome: 'granted' },
        { type: 'correction_requested', on: '2025-03-11', correctionDueOn: '2025-03-20' },
      ],
      [[1, 'after_close']],
    ],
    [
      'after a withdrawal',
      [
        { type: 'withdrawn', on: '2025-03-10' },
        { type: 'closed', on: '2025-03-11', outcome: 'granted' },
      ],
      [[1, 'after_close']],
    ],
    [
      'a second extension',
      [
        { type: 'extended', on: '2025-03-20', workdays: 10 },
        { type: 'extended', on: '2025-03-21', workdays: 10 },
      ],
      [[1, 'extension_twice']],
    ],
    [
      'an extension over 20 working days',
      [{ type: 'extended', on: '2025-03-20', workdays: 21 }],
      [[0, 'extension_workdays_invalid']],
    ],
    [
      'an extension of 0',
      [{ type: 'extended', on: '2025-03-20', workdays: 0 }],
      [[0, 'extension_workdays_invalid']],
    ],
    [
      'a second correction request',
      [
        { type: 'correction_requested', on: '2025-03-04', correctionDueOn: '2025-03-10' },
        { type: 'correction_received', on: '2025-03-05' },
        { type: 'correction_requested', on: '2025-03-06', correctionDueOn: '2025-03-12' },
      ],
      [[2, 'correction_twice']],
    ],
    [
      'a correction arriving unrequested',
      [{ type: 'correction_received', on: '2025-03-05' }],
      [[0, 'correction_received_without_request']],
    ],
    [
      'a correction deadline before the request',
      [{ type: 'correction_requested', on: '2025-03-05', correctionDueOn: '2025-03-05' }],
      [[0, 'correction_due_invalid']],
    ],
    [
      'an extension while the correction is awaited',
      [
        { type: 'correction_requested', on: '2025-03-04', correctionDueOn: '2025-03-20' },
        { type: 'extended', on: '2025-03-05', workdays: 5 },
      ],
      [[1, 'extension_while_awaiting_correction']],
    ],
    [
      'a correction request after an extension',
      [
        { type: 'extended', on: '2025-03-04', workdays: 5 },
        { type: 'correction_requested', on: '2025-03-05', correctionDueOn: '2025-03-20' },
      ],
      [[1, 'correction_after_extension']],
    ],
    [
      'a consultation ending that never started',
      [{ type: 'consultation_ended', on: '2025-03-05' }],
      [[0, 'consultation_ended_without_start']],
    ],
    [
      'two consultations at once',
      [
        { type: 'consultation_started', on: '2025-03-05', party: 'third_party' },
        { type: 'consultation_started', on: '2025-03-06', party: 'agency' },
      ],
      [[1, 'consultation_already_open']],
    ],
    [
      'an unknown consultation party',
      [{ type: 'consultation_started', on: '2025-03-05', party: 'neighbour' }],
      [[0, 'consultation_party_invalid']],
    ],
    [
      'a payment without a notice',
      [{ type: 'fee_paid', on: '2025-03-05' }],
      [[0, 'fee_paid_without_notice']],
    ],
    [
      'a fee of nothing',
      [{ type: 'fee_notified', on: '2025-03-05', amountYuan: 0 }],
      [[0, 'fee_amount_invalid']],
    ],
    [
      'closing without a valid outcome',
      [{ type: 'closed', on: '2025-03-05', outcome: 'approved' }],
      [[0, 'outcome_invalid']],
    ],
    [
      'other.no_correction without a correction request',
      [{ type: 'closed', on: '2025-03-05', outcome: 'other.no_correction' }],
      [[0, 'outcome_inconsistent']],
    ],
    [
      'other.fee_unpaid without an unpaid notice',
      [{ type: 'closed', on: '2025-03-05', outcome: 'other.fee_unpaid' }],
      [[0, 'outcome_inconsistent']],
    ],
    [
      'a transfer without a target',
      [{ type: 'transferred', on: '2025-03-05' }],
      [[0, 'transfer_target_missing']],
    ],
    [
      'an appeal of an unknown kind',
      [{ type: 'appeal_filed', on: '2025-03-05', kind: 'petition' }],
      [[0, 'appeal_kind_invalid']],
    ],
    [
      'an appeal decided that was never filed',
      [{ type: 'appeal_decided', on: '2025-03-05', kind: 'reconsideration', result: 'upheld' }],
      [[0, 'appeal_decided_without_filing']],
    ],
    [
      'an unknown appeal result',
      [
        { type: 'appeal_filed', on: '2025-03-05', kind: 'reconsideration' },
        { type: 'appeal_decided', on: '2025-03-06', kind: 'reconsideration', result: 'won' },
      ],
      [[1, 'appeal_result_invalid']],
    ],
    ['an unknown event type', [{ type: 'answered', on: '2025-03-05' }], [[0, 'event_type_unknown']]],
    ['an impossible date', [{ type: 'withdrawn', on: '2025-02-30' }], [[0, 'date_invalid']]],
    ['not an object', ['closed'], [[0, 'event_invalid']]],
  ];
  for (const [name, events, expected] of cases) {
    it(`refuses ${name}`, () => {
      assert.deepEqual(
        validateEventSequence(R, events).map((p) => [p.index, p.code]),
        expected,
      );
    });
  }

  it('refuses a bad receipt date', () => {
    assert.deepEqual(
      validateEventSequence('2025-3-3', []).map((p) => p.code),
      ['received_on_invalid'],
    );
  });

  it('accepts the contract’s example sequence', () => {
    assert.deepEqual(
      validateEventSequence('2025-03-01', [
        { type: 'correction_requested', on: '2025-03-05', correctionDueOn: '2025-03-20' },
        { type: 'correction_received', on: '2025-03-10' },
        { type: 'consultation_started', on: '2025-03-12', party: 'third_party' },
        { type: 'consultation_ended', on: '2025-03-20' },
        { type: 'extended', on: '2025-04-01', workdays: 20 },
        { type: 'fee_notified', on: '2025-04-02', amountYuan: 300 },
        { type: 'fee_paid', on: '2025-04-05' },
        { type: 'closed', on: '2025-04-20', outcome: 'granted' },
      ]),
      [],
    );
  });
});
