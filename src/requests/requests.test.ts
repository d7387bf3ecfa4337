import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import {
  buildOrg,
  buildUser,
  contextAsUser,
  contextFor,
  recordingRequestDeps,
  type BuiltOrg,
} from '../../test/support/factories.js';
import { anonymousPrincipal, systemPrincipal } from '../platform/auth/principal.js';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import { dateInTimeZone } from '../calendar/dates.rules.js';
import type { MailMessage } from '../platform/mail/mailer.js';
import type { RequestDeps } from './request-deps.js';
import { computeApplicationState, readDueSoonWorkdays } from './application-log.js';
import { submitOnlineApplication, type SubmitOnlineApplicationInput } from './submit-online-application.js';
import {
  registerOfflineApplication,
  type RegisterOfflineApplicationInput,
} from './register-offline-application.js';
import { acceptAndAssign } from './accept-and-assign.js';
import { requestCorrection } from './request-correction.js';
import { receiveCorrection } from './receive-correction.js';
import { requestExtension } from './request-extension.js';
import { approveExtension } from './approve-extension.js';
import { answerApplication } from './answer-application.js';
import { startConsultation } from './start-consultation.js';
import { endConsultation } from './end-consultation.js';
import { notifyFee } from './notify-fee.js';
import { recordFeePayment } from './record-fee-payment.js';
import { transferApplication } from './transfer-application.js';
import { withdrawApplication } from './withdraw-application.js';
import { trackApplication } from './track-application.js';
import { revealApplicantIdentity } from './reveal-applicant-identity.js';
import { getApplicationForStaff } from './get-application-for-staff.js';
import { listApplications } from './list-applications.js';
import { recordDelivery } from './record-delivery.js';
import { recordAppeal } from './record-appeal.js';
import { decideAppeal } from './decide-appeal.js';
import { answerOnTheSpot } from './answer-on-the-spot.js';
import { submitCorrectionOnline } from './submit-correction-online.js';
import { sweepRequestDeadlines } from './request-jobs.js';
import { findApplicationById, listEventsOf } from './requests.repository.js';

const TZ = 'Asia/Shanghai';
const ID_NUMBER = '11010519491231002X';
const PHONE = '13812345678';
const SCAN = {
  kind: 'paper_scan' as const,
  storageKey: 'ab/cd/abcd',
  name: '申请表.pdf',
  contentType: 'application/pdf',
};

/** 10:00 in Shanghai on `date`. */
function at(date: string): Date {
  return new Date(`${date}T02:00:00.000Z`);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('requests use cases', () => {
  let t: TestDatabase;
  let deps: RequestDeps;
  const mails: MailMessage[] = [];
  let city: BuiltOrg;
  let orgA: BuiltOrg;
  let orgB: BuiltOrg;
  let handlerA: number;
  let headA: number;
  let handlerB: number;
  let supervisor: number;
  let tokenSeq = 0;

  const asUser = (userId: number, date: string) => contextAsUser(t.database, userId, at(date));
  const asPublic = (date: string, ip = '198.51.100.7'): UseCaseContext => ({
    ...contextFor(t.database, anonymousPrincipal(), at(date)),
    meta: { ip, userAgent: 'test', requestId: 'test' },
  });
  const count = async (table: 'audit_log' | 'application_events' | 'applications') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  function onlineInput(overrides: Partial<SubmitOnlineApplicationInput> = {}): SubmitOnlineApplicationInput {
    tokenSeq += 1;
    return {
      orgCode: 'dg-a',
      description: '2025年本单位政府采购合同清单',
      deliveryForm: 'electronic',
      deliveryMethod: 'email',
      applicant: {
        type: 'natural_person',
        name: '张三',
        idType: 'resident_id',
        idNumber: ID_NUMBER,
        phone: PHONE,
        email: 'zhangsan@example.com',
      },
      clientToken: `token-${tokenSeq}-0123456789abcdef`,
      ...overrides,
    };
  }

  function offlineInput(
    receipt: RegisterOfflineApplicationInput['receipt'],
  ): RegisterOfflineApplicationInput {
    return {
      orgCode: 'dg-a',
      description: '某路段改造工程的批复文件',
      deliveryForm: 'paper',
      deliveryMethod: 'post',
      applicant: {
        type: 'natural_person',
        name: '李四',
        idType: 'passport',
        idNumber: 'E12345678',
        address: '东莞市某路1号',
      },
      receipt,
      attachments: [SCAN],
    };
  }

  /** The cache columns equal deriveApplicationState of the events as of `date`. */
  async function assertCacheMatches(applicationId: number, date: string): Promise<void> {
    const app = (await findApplicationById(t.database.db, applicationId))!;
    const org = await t.database.db
      .selectFrom('orgs')
      .select('path')
      .where('id', '=', app.org_id)
      .executeTakeFirstOrThrow();
    const calendar = await loadWorkingCalendar(t.database.db, { orgPath: org.path });
    const events = await listEventsOf(t.database.db, applicationId);
    const state = computeApplicationState(
      app,
      events,
      calendar,
      date,
      await readDueSoonWorkdays(t.database.db),
    );
    assert.deepEqual(
      {
        status: app.status,
        outcome: app.outcome,
        due_on: app.due_on,
        is_overdue: app.is_overdue,
        closed_on: app.closed_on,
        is_provisional: app.is_provisional,
      },
      {
        status: state.status,
        outcome: state.outcome,
        due_on: state.dueOn,
        is_overdue: state.overdue ? 1 : 0,
        closed_on: state.closedOn,
        is_provisional: state.isProvisional ? 1 : 0,
      },
    );
  }

  before(async () => {
    t = await createTestDatabase();
    deps = recordingRequestDeps(mails, { keyByte: 7, timeZone: TZ });
    city = await buildOrg(t.database, { code: 'dg', name: '东莞市人民政府' });
    orgA = await buildOrg(t.database, { code: 'dg-a', parentCode: 'dg', name: '东莞市甲局' });
    orgB = await buildOrg(t.database, { code: 'dg-b', parentCode: 'dg', name: '东莞市乙局' });
    handlerA = (
      await buildUser(t.database, { username: 'ha', grants: [{ orgCode: 'dg-a', role: 'case_handler' }] })
    ).id;
    headA = (
      await buildUser(t.database, { username: 'oa', grants: [{ orgCode: 'dg-a', role: 'office_head' }] })
    ).id;
    handlerB = (
      await buildUser(t.database, { username: 'hb', grants: [{ orgCode: 'dg-b', role: 'case_handler' }] })
    ).id;
    supervisor = (
      await buildUser(t.database, { username: 'sv', grants: [{ orgCode: 'dg', role: 'supervisor' }] })
    ).id;
    void city;
    void orgB;
  });
  after(() => t.cleanup());

  it('gives an online application the submission day as receipt date and 20 working days to answer', async () => {
    const ctx = asPublic('2026-03-02');
    // 23:30 in Shanghai on 2 March is still 2 March there (15:30 UTC).
    const late = { ...ctx, now: new Date('2026-03-02T15:30:00.000Z') };
    const input = onlineInput();
    const result = await submitOnlineApplication(late, deps, input);
    assert.equal(result.receivedOn, '2026-03-02');
    assert.equal(result.dueOn, '2026-03-30');
    assert.match(result.reference, /^DG-2026-\d{6}$/);
    assert.match(result.queryCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await assertCacheMatches(result.applicationId, '2026-03-02');

    const confirmation = mails.at(-1)!;
    assert.equal(confirmation.to, 'zhangsan@example.com');
    assert.ok(confirmation.text.includes(result.reference));
    assert.ok(!confirmation.text.includes(result.queryCode), 'the query code never travels by mail');

    const again = await submitOnlineApplication(late, deps, input);
    assert.equal(again.applicationId, result.applicationId);
    assert.equal(again.queryCode, result.queryCode);
    assert.equal(again.isRepeat, true);
  });

  it('registers offline applications with each channel’s statutory receipt date', async () => {
    const ctx = await asUser(handlerA, '2026-03-05');
    const cases: [RegisterOfflineApplicationInput['receipt'], string, string][] = [
      [{ channel: 'in_person', handedInOn: '2026-03-04' }, '2026-03-04', 'handed_in'],
      [{ channel: 'registered_mail', signedForOn: '2026-03-03' }, '2026-03-03', 'signed_for'],
      [{ channel: 'ordinary_mail', confirmedOn: '2026-03-02' }, '2026-03-02', 'confirmed_with_applicant'],
      [{ channel: 'fax', confirmedOn: '2026-03-05' }, '2026-03-05', 'fax_confirmed'],
      // 17:30 UTC on 27 February is 01:30 on 28 February in Shanghai.
      [{ channel: 'email', mailReceivedAt: '2026-02-27T17:30:00Z' }, '2026-02-28', 'mail_system_received'],
      [{ channel: 'other', confirmedOn: '2026-03-05' }, '2026-03-05', 'other_confirmed'],
      [{ channel: 'online', confirmedOn: '2026-03-04' }, '2026-03-04', 'confirmed_online'],
    ];
    const calendar = await loadWorkingCalendar(t.database.db, { orgPath: orgA.path });
    for (const [receipt, receivedOn, rule] of cases) {
      const r = await registerOfflineApplication(ctx, deps, offlineInput(receipt));
      assert.equal(r.receivedOn, receivedOn, receipt.channel);
      assert.equal(r.receiptRule, rule);
      assert.equal(r.dueOn, calendar.addWorkingDays(receivedOn, 20));
      await assertCacheMatches(r.applicationId, '2026-03-05');
    }
    // A paper application needs its scan, unless it was oral (条例第二十九条).
    const noScan = { ...offlineInput({ channel: 'in_person', handedInOn: '2026-03-05' }), attachments: [] };
    assert.equal((await rejection(registerOfflineApplication(ctx, deps, noScan))).code, 'VALIDATION');
    const oral = await registerOfflineApplication(ctx, deps, { ...noScan, isOral: true });
    assert.equal(oral.receivedOn, '2026-03-05');
    // Another organisation's staff cannot register for dg-a.
    const other = await asUser(handlerB, '2026-03-05');
    assert.equal(
      (
        await rejection(
          registerOfflineApplication(
            other,
            deps,
            offlineInput({ channel: 'fax', confirmedOn: '2026-03-05' }),
          ),
        )
      ).code,
      'FORBIDDEN',
    );
  });

  it('restarts the clock when the correction arrives, then extends once and answers', async () => {
    const submitted = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    const id = submitted.applicationId;
    await acceptAndAssign(await asUser(handlerA, '2026-03-02'), deps, {
      applicationId: id,
      handlerUserId: handlerA,
    });
    const corr = await requestCorrection(await asUser(handlerA, '2026-03-04'), deps, {
      applicationId: id,
      items: ['请写明需要的合同年份'],
      correctionDueOn: '2026-03-20',
    });
    assert.equal(corr.isLate, false);
    assert.ok(corr.letter.text.includes('请写明需要的合同年份'));
    assert.equal((await findApplicationById(t.database.db, id))!.status, 'awaiting_correction');
    await assertCacheMatches(id, '2026-03-04');

    const received = await receiveCorrection(await asUser(handlerA, '2026-03-10'), deps, {
      applicationId: id,
      text: '2025年',
    });
    const calendar = await loadWorkingCalendar(t.database.db, { orgPath: orgA.path });
    assert.equal(received.dueOn, calendar.addWorkingDays('2026-03-10', 20));
    await assertCacheMatches(id, '2026-03-10');

    // A handler may ask, but only the office head approves.
    await requestExtension(await asUser(handlerA, '2026-03-25'), deps, {
      applicationId: id,
      workdays: 15,
      reason: '涉及档案检索',
    });
    assert.equal(
      (await rejection(approveExtension(await asUser(handlerA, '2026-03-25'), deps, { applicationId: id })))
        .code,
      'FORBIDDEN',
    );
    const approved = await approveExtension(await asUser(headA, '2026-03-25'), deps, { applicationId: id });
    assert.equal(approved.workdays, 15);
    assert.equal(approved.dueOn, calendar.addWorkingDays('2026-03-10', 35));
    assert.ok(
      approved.letter.text.includes(String(approved.dueOn)),
      'the extension letter names the new due date',
    );
    await assertCacheMatches(id, '2026-03-25');

    const answered = await answerApplication(await asUser(handlerA, '2026-04-10'), deps, {
      applicationId: id,
      outcome: 'granted',
      releasedFiles: [{ storageKey: 'ef/01/ef01', name: '合同清单.pdf', contentType: 'application/pdf' }],
    });
    assert.equal(answered.closedOn, '2026-04-10');
    assert.ok(answered.letter.text.includes('予以公开'));
    const app = (await findApplicationById(t.database.db, id))!;
    assert.equal(app.status, 'closed');
    assert.equal(app.outcome, 'granted');
    await assertCacheMatches(id, '2026-04-10');

    await recordDelivery(await asUser(handlerA, '2026-04-11'), deps, {
      applicationId: id,
      method: 'email',
      on: '2026-04-10',
    });
    const appeal = await recordAppeal(await asUser(handlerA, '2026-04-20'), deps, {
      applicationId: id,
      kind: 'reconsideration',
      filedOn: '2026-04-20',
      body: '东莞市人民政府',
    });
    await decideAppeal(await asUser(handlerA, '2026-06-01'), deps, {
      appealId: appeal.appealId,
      result: 'upheld',
      decidedOn: '2026-06-01',
    });
    await assertCacheMatches(id, '2026-06-01');

    // The tracking page shows the timeline and the letters, but no staff identity.
    const view = await trackApplication(asPublic('2026-06-01', '203.0.113.9'), {
      reference: submitted.reference,
      queryCode: submitted.queryCode,
    });
    assert.equal(view.outcome, 'granted');
    assert.ok(view.letters.some((l) => l.kind === 'answer.granted'));
    assert.deepEqual(
      view.files.map((f) => f.name),
      ['合同清单.pdf'],
    );
    const json = JSON.stringify(view);
    for (const secret of [ID_NUMBER, PHONE, '"ha"', '"oa"', '"actor"', 'handlerUserId', 'approvedBy']) {
      assert.ok(!json.includes(secret), secret);
    }
  });

  it('pauses the clock during a consultation', async () => {
    const s = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    const started = await startConsultation(await asUser(handlerA, '2026-03-03'), deps, {
      applicationId: s.applicationId,
      party: 'third_party',
      partyName: '某某建设有限公司',
    });
    const calendar = await loadWorkingCalendar(t.database.db, { orgPath: orgA.path });
    assert.equal(started.windowEndsOn, calendar.addWorkingDays('2026-03-03', 15));
    assert.equal((await findApplicationById(t.database.db, s.applicationId))!.status, 'consulting');
    const ended = await endConsultation(await asUser(handlerA, '2026-03-10'), deps, {
      applicationId: s.applicationId,
      opinion: 'objects',
    });
    // 4, 5, 6, 9 and 10 March did not count: five working days later than 30 March.
    assert.equal(ended.dueOn, calendar.addWorkingDays('2026-03-30', 5));
    await assertCacheMatches(s.applicationId, '2026-03-10');
    // The third party's name stays off the public view.
    const view = await trackApplication(asPublic('2026-03-10'), {
      reference: s.reference,
      queryCode: s.queryCode,
    });
    assert.ok(!JSON.stringify(view).includes('某某建设有限公司'));
  });

  it('computes the fee notice, pauses until payment and refuses a zero fee', async () => {
    const s = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    const ctx = await asUser(handlerA, '2026-03-05');
    // The applicant's first applications this month are free by count (国办函〔2020〕109号 第四条).
    assert.equal(
      (await rejection(notifyFee(ctx, deps, { basis: 'count', applicationId: s.applicationId }))).message,
      'requests.error.fee_zero',
    );
    const fee = await notifyFee(ctx, deps, { basis: 'pages', applicationId: s.applicationId, pages: 50 });
    assert.equal(fee.fee.amountYuan, 200);
    assert.equal((await findApplicationById(t.database.db, s.applicationId))!.status, 'awaiting_fee');
    await assertCacheMatches(s.applicationId, '2026-03-05');
    const paid = await recordFeePayment(await asUser(handlerA, '2026-03-09'), deps, {
      applicationId: s.applicationId,
    });
    const calendar = await loadWorkingCalendar(t.database.db, { orgPath: orgA.path });
    // 6 and 9 March were paused.
    assert.equal(paid.dueOn, calendar.addWorkingDays('2026-03-30', 2));
    await assertCacheMatches(s.applicationId, '2026-03-09');
  });

  it('keeps the receipt date and the clock when transferred to another organisation', async () => {
    const s = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    const moved = await transferApplication(await asUser(handlerA, '2026-03-06'), deps, {
      mode: 'platform',
      applicationId: s.applicationId,
      toOrgCode: 'dg-b',
    });
    assert.equal(moved.mode, 'platform');
    assert.equal(moved.mode === 'platform' && moved.dueOn, '2026-03-30');
    const app = (await findApplicationById(t.database.db, s.applicationId))!;
    assert.equal(app.org_id, orgB.id);
    assert.equal(app.received_on, '2026-03-02');
    await assertCacheMatches(s.applicationId, '2026-03-06');
    // The receiving organisation handles it now; the sender no longer can.
    assert.equal(
      (
        await rejection(
          requestCorrection(await asUser(handlerA, '2026-03-06'), deps, {
            applicationId: s.applicationId,
            items: ['x'],
            correctionDueOn: '2026-03-20',
          }),
        )
      ).code,
      'FORBIDDEN',
    );
    await acceptAndAssign(await asUser(handlerB, '2026-03-06'), deps, {
      applicationId: s.applicationId,
      handlerUserId: handlerB,
    });

    // Telling the applicant which body is responsible closes it as unavailable.not_held.
    const s2 = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    const told = await transferApplication(await asUser(handlerA, '2026-03-03'), deps, {
      mode: 'tell_responsible',
      applicationId: s2.applicationId,
      responsibleBody: '广东省某某厅',
    });
    assert.equal(told.mode, 'tell_responsible');
    assert.equal(
      (await findApplicationById(t.database.db, s2.applicationId))!.outcome,
      'unavailable.not_held',
    );
  });

  it('lets the applicant withdraw with the reference and query code while not answered', async () => {
    const s = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    const w = await withdrawApplication(asPublic('2026-03-03'), deps, {
      reference: s.reference,
      queryCode: s.queryCode,
    });
    assert.equal(w.status, 'withdrawn');
    const app = (await findApplicationById(t.database.db, s.applicationId))!;
    assert.equal(app.outcome, 'other.other');
    assert.equal(app.closed_on, '2026-03-03');
    await assertCacheMatches(s.applicationId, '2026-03-03');
    const again = await rejection(
      withdrawApplication(asPublic('2026-03-04'), deps, { reference: s.reference, queryCode: s.queryCode }),
    );
    assert.equal(again.message, 'requests.error.already_answered');
  });

  it('refuses impossible orders with the specific code and writes nothing', async () => {
    const s = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    const id = s.applicationId;
    const snapshot = async () => [await count('application_events'), await count('audit_log'), mails.length];

    // Answer dated before receipt.
    let before = await snapshot();
    let err = await rejection(
      answerApplication(await asUser(handlerA, '2026-03-05'), deps, {
        applicationId: id,
        outcome: 'granted',
        on: '2026-03-01',
        reasons: '已主动公开',
      }),
    );
    assert.equal(err.code, 'REQUEST_EVENT_ORDER');
    assert.equal(err.details.params?.problem, 'before_receipt');
    assert.deepEqual(await snapshot(), before);

    // A second extension.
    await requestExtension(await asUser(handlerA, '2026-03-20'), deps, {
      applicationId: id,
      workdays: 10,
      reason: '需要协调',
    });
    await approveExtension(await asUser(headA, '2026-03-20'), deps, { applicationId: id });
    before = await snapshot();
    err = await rejection(
      requestExtension(await asUser(handlerA, '2026-03-23'), deps, {
        applicationId: id,
        workdays: 5,
        reason: '再延',
      }),
    );
    assert.equal(err.details.params?.problem, 'extension_twice');
    assert.deepEqual(await snapshot(), before);

    // A correction after the answer.
    await answerApplication(await asUser(handlerA, '2026-03-24'), deps, {
      applicationId: id,
      outcome: 'withheld.third_party_rights',
      groundCode: 'trade_secret',
    });
    before = await snapshot();
    err = await rejection(
      requestCorrection(await asUser(handlerA, '2026-03-25'), deps, {
        applicationId: id,
        items: ['x'],
        correctionDueOn: '2026-04-10',
      }),
    );
    assert.equal(err.details.params?.problem, 'after_close');
    assert.deepEqual(await snapshot(), before);
    await assertCacheMatches(id, '2026-03-25');

    // A ground that does not belong to the outcome.
    const s2 = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    err = await rejection(
      answerApplication(await asUser(handlerA, '2026-03-05'), deps, {
        applicationId: s2.applicationId,
        outcome: 'withheld.state_secret',
        groundCode: 'trade_secret',
      }),
    );
    assert.equal(err.code, 'VALIDATION');
  });

  it('refuses another organisation’s case', async () => {
    const s = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    const ctx = await asUser(handlerB, '2026-03-03');
    assert.equal(
      (
        await rejection(
          answerApplication(ctx, deps, { applicationId: s.applicationId, outcome: 'granted', reasons: 'x' }),
        )
      ).code,
      'FORBIDDEN',
    );
    assert.equal(
      (await rejection(getApplicationForStaff(ctx, deps, { applicationId: s.applicationId }))).code,
      'FORBIDDEN',
    );
    assert.equal(
      (await rejection(revealApplicantIdentity(ctx, deps, { applicationId: s.applicationId }))).code,
      'FORBIDDEN',
    );
  });

  it('answers a wrong query code exactly like an unknown reference, and throttles', async () => {
    const s = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    const wrong = await rejection(
      trackApplication(asPublic('2026-03-03', '192.0.2.50'), {
        reference: s.reference,
        queryCode: 'AAAA-BBBB-CCCC',
      }),
    );
    const unknown = await rejection(
      trackApplication(asPublic('2026-03-03', '192.0.2.51'), {
        reference: 'DG-2026-999999',
        queryCode: s.queryCode,
      }),
    );
    assert.deepEqual(
      [wrong.code, wrong.message, wrong.details],
      [unknown.code, unknown.message, unknown.details],
    );
    const refused = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'request.access_refused')
      .execute();
    assert.ok(refused.length >= 2);
    // Five failures for one reference within 15 minutes: then even the right code is refused.
    for (let i = 0; i < 4; i++) {
      await rejection(
        trackApplication(asPublic('2026-03-03', `192.0.2.${60 + i}`), {
          reference: s.reference,
          queryCode: 'AAAA-BBBB-CCCC',
        }),
      );
    }
    const throttled = await rejection(
      trackApplication(asPublic('2026-03-03', '192.0.2.99'), {
        reference: s.reference,
        queryCode: s.queryCode,
      }),
    );
    assert.equal(throttled.code, 'THROTTLED');
    // Later the right code works again.
    const view = await trackApplication(
      { ...asPublic('2026-03-03'), now: new Date(at('2026-03-03').getTime() + 3600_000) },
      { reference: s.reference.toLowerCase(), queryCode: s.queryCode.replace(/-/g, '') },
    );
    assert.equal(view.reference, s.reference);
  });

  it('encrypts ID and phone numbers at rest, masks them for staff and audits every reveal', async () => {
    const s = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    const raw = await t.database.db
      .selectFrom('applicants')
      .selectAll()
      .where('application_id', '=', s.applicationId)
      .executeTakeFirstOrThrow();
    const rawText = JSON.stringify(raw);
    assert.ok(
      !rawText.includes(ID_NUMBER) && !rawText.includes(PHONE),
      'no plaintext ID or phone in the row',
    );
    assert.match(raw.id_number_enc!, /^v1\./);
    assert.equal(raw.identity_hmac, deps.secrets.identityHmac(ID_NUMBER.toLowerCase()));

    const staff = await getApplicationForStaff(await asUser(handlerA, '2026-03-03'), deps, {
      applicationId: s.applicationId,
    });
    assert.equal(staff.applicant?.idNumber, '110105********002X');
    assert.equal(staff.applicant?.phone, '138****5678');
    assert.ok(!JSON.stringify(staff).includes(ID_NUMBER));

    const view = await trackApplication(asPublic('2026-03-03', '203.0.113.20'), {
      reference: s.reference,
      queryCode: s.queryCode,
    });
    assert.ok(!JSON.stringify(view).includes(ID_NUMBER) && !JSON.stringify(view).includes('002X'));

    const auditsBefore = await count('audit_log');
    const revealed = await revealApplicantIdentity(await asUser(handlerA, '2026-03-03'), deps, {
      applicationId: s.applicationId,
      reason: '核对身份',
    });
    assert.deepEqual(revealed, { idNumber: ID_NUMBER, phone: PHONE });
    assert.equal(await count('audit_log'), auditsBefore + 1);
    const row = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(row.action, 'request.reveal_identity');
    assert.ok(!String(row.after_json).includes(ID_NUMBER));
    // A supervisor reads cases but does not see full numbers.
    assert.equal(
      (
        await rejection(
          revealApplicantIdentity(await asUser(supervisor, '2026-03-03'), deps, {
            applicationId: s.applicationId,
          }),
        )
      ).code,
      'FORBIDDEN',
    );
  });

  it('answers on the spot, takes corrections online, and the sweep closes unanswered corrections', async () => {
    const ctx = await asUser(handlerA, '2026-03-04');
    const spot = await answerOnTheSpot(ctx, deps, {
      application: offlineInput({ channel: 'in_person', handedInOn: '2026-03-04' }),
      answer: { outcome: 'declined.publication', groundCode: 'publication', reasons: '可在市图书馆查阅' },
    });
    assert.equal(spot.answer.closedOn, '2026-03-04');
    assert.equal(spot.registered.receivedOn, '2026-03-04');
    await assertCacheMatches(spot.registered.applicationId, '2026-03-04');

    const a = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    await requestCorrection(await asUser(handlerA, '2026-03-03'), deps, {
      applicationId: a.applicationId,
      items: ['请说明年份'],
      correctionDueOn: '2026-03-13',
    });
    const corrected = await submitCorrectionOnline(asPublic('2026-03-06'), deps, {
      reference: a.reference,
      queryCode: a.queryCode,
      text: '2025年',
    });
    const calendar = await loadWorkingCalendar(t.database.db, { orgPath: orgA.path });
    assert.equal(corrected.dueOn, calendar.addWorkingDays('2026-03-06', 20));

    const b = await submitOnlineApplication(asPublic('2026-03-02'), deps, onlineInput());
    await requestCorrection(await asUser(handlerA, '2026-03-03'), deps, {
      applicationId: b.applicationId,
      items: ['请说明年份'],
      correctionDueOn: '2026-03-13',
    });
    const early = await sweepRequestDeadlines(t.database, deps, at('2026-03-13'));
    assert.equal(early.closedNoCorrection, 0);
    const swept = await sweepRequestDeadlines(t.database, deps, at('2026-03-16'));
    assert.ok(swept.closedNoCorrection >= 1);
    const closed = (await findApplicationById(t.database.db, b.applicationId))!;
    assert.equal(closed.outcome, 'other.no_correction');
    await assertCacheMatches(b.applicationId, '2026-03-16');
    // The refreshed caches of still-open applications match the rules as of the sweep's day.
    await assertCacheMatches(a.applicationId, '2026-03-16');
  });

  it('lists cases by organisation scope, overdue and due soon, sorted by due date', async () => {
    const system = contextFor(t.database, systemPrincipal('test'), at('2026-05-06'));
    const all = await listApplications(system, deps, { pageSize: 200, withCount: true });
    assert.ok(all.rows.length > 10);
    const dues = all.rows.map((r) => r.due_on ?? '9999');
    assert.deepEqual(dues, [...dues].sort());
    const onlyB = await listApplications(await asUser(handlerB, '2026-05-06'), deps, { pageSize: 200 });
    assert.ok(onlyB.rows.length > 0 && onlyB.rows.every((r) => r.org_id === orgB.id));
    const overdue = await listApplications(system, deps, { overdue: true, pageSize: 200 });
    assert.ok(overdue.rows.length > 0);
    assert.ok(overdue.rows.every((r) => r.closed_on === null && r.due_on! < '2026-05-06'));
    const today = dateInTimeZone(at('2026-03-25'), TZ);
    const soon = await listApplications({ ...system, now: at('2026-03-25') }, deps, {
      dueSoon: true,
      pageSize: 200,
    });
    assert.ok(soon.rows.every((r) => r.due_on! >= today));
    const forbidden = await rejection(
      listApplications(await asUser(handlerB, '2026-05-06'), deps, { orgCode: 'dg-a' }),
    );
    assert.equal(forbidden.code, 'FORBIDDEN');
  });
});
