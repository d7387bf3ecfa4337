import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { handWorkedReport, previousYearReport } from './fixtures/report-fixtures.js';
import { emptyReport } from './annual-report.js';
import { checkNarrative } from './report-validator.rules.js';
import { extractNarrativeClaims } from './narrative.rules.js';
import { draftNarrative } from './narrative-draft.rules.js';

describe('draftNarrative', () => {
  it('quotes the hand-worked report exactly, with shares of the closed applications and last year in brackets', () => {
    const report = handWorkedReport();
    const draft = draftNarrative(report, previousYearReport());
    assert.ok(
      draft.overview.includes(
        '本年度共收到政府信息公开申请13件，上年结转3件，办结14件，结转下年度继续办理2件。在办结的申请中，予以公开6件，占42.9%；部分公开2件，占14.3%；不予公开1件，占7.1%；无法提供3件，占21.4%；不予处理1件，占7.1%；其他处理1件，占7.1%。',
      ),
      draft.overview,
    );
    assert.ok(
      draft.overview.includes(
        '与上年相比，新收申请数量增加160%（上年为5件），办结数量增加600%（上年为2件）。',
      ),
    );
    assert.ok(draft.overview.includes('本年度制发规章1件、行政规范性文件5件'));
    assert.ok(draft.overview.includes('被申请行政复议2件，被提起行政诉讼1件'));
    assert.ok(draft.problems.includes('尚有结转下年度继续办理的申请2件'));
    const check = checkNarrative({ ...report, narrative: draft });
    assert.ok(check.ok, check.detail);
    const metrics = new Set(extractNarrativeClaims(draft.overview).map((c) => c.metric));
    for (const m of [
      'received',
      'carried_in',
      'closed',
      'carried_out',
      'granted',
      'partial',
      'withheld',
      'reconsideration',
      'litigation',
      'licensing',
      'normative_valid',
    ])
      assert.ok(metrics.has(m as never), m);
  });

  it('an empty year: no shares, "与上年持平（上年为0件）", and the check still holds', () => {
    const report = emptyReport({ code: 'x', name: '某局' }, 2025, 'aggregate');
    const draft = draftNarrative(report, emptyReport({ code: 'x', name: '某局' }, 2024, 'aggregate'));
    assert.ok(draft.overview.startsWith('2025年，某局及所属单位'));
    assert.doesNotMatch(draft.overview, /占/);
    assert.match(draft.overview, /新收申请数量与上年持平（上年为0件）/);
    assert.ok(checkNarrative({ ...report, narrative: draft }).ok);
    assert.ok(checkNarrative({ ...report, narrative: draftNarrative(report) }).ok);
  });
});
