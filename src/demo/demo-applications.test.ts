import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkingCalendar } from '../calendar/calendar.rules.js';
import { chineseDaysYears } from '../calendar/chinese-days.data.js';
import { scanForPii } from '../catalog/pii.rules.js';
import { isValidCreditCode, isValidResidentId } from '../requests/applicant.rules.js';
import { deriveApplicationState, validateEventSequence } from '../requests/application-state.rules.js';
import {
  APPEAL_KINDS,
  APPEAL_RESULTS,
  APPLICANT_TYPES,
  APPLICATION_STATUSES,
  CHANNEL_GROUP_2015,
  CHANNELS,
  OUTCOMES,
} from '../requests/codes.js';
import { parseInterchangeFile } from '../requests/interchange/interchange.rules.js';
import { demoCityOrgs } from './demo-city.js';
import {
  DEMO_APPLICANT_NAME_MARK,
  DEMO_FIRST_RECEIPT,
  DEMO_PHONE_PREFIX,
  demoApplications,
  demoIdNumber,
  demoSpan,
} from './demo-applications.js';
import { DEMO_TITLE_PREFIX } from './demo-items.js';

const calendar = buildWorkingCalendar({ years: chineseDaysYears() });
const TODAY = '2026-03-02';

function statesOf(today: string) {
  const apps = demoApplications({ today, calendar });
  return {
    apps,
    states: apps.map((a) => deriveApplicationState(a.receivedOn, a.events, calendar, today)),
  };
}

describe('demo applications', () => {
  const { apps, states } = statesOf(TODAY);

  it('is deterministic: the same applications for the same day', () => {
    assert.deepEqual(demoApplications({ today: TODAY, calendar }), apps);
  });

  it('passes the interchange checks: codes, organisations, dates up to today and event order', () => {
    const text = apps.map((a) => JSON.stringify(a)).join('\n');
    const { applications, problems } = parseInterchangeFile(text, {
      knownOrgs: new Set(demoCityOrgs().map((o) => o.code)),
      today: TODAY,
    });
    assert.deepEqual(problems.slice(0, 5), []);
    assert.equal(applications.length, apps.length);
    for (const a of apps) assert.deepEqual(validateEventSequence(a.receivedOn, a.events), []);
  });

  it('has about two thousand applications received from June 2025 up to today', () => {
    assert.ok(apps.length >= 1_500 && apps.length <= 2_500, `${apps.length}`);
    assert.ok(apps.every((a) => a.receivedOn <= TODAY));
    assert.ok(apps.filter((a) => a.receivedOn < DEMO_FIRST_RECEIPT).length < 20);
  });

  it('covers every status, every outcome, all channels and applicant types, transfers and appeals', () => {
    for (const status of APPLICATION_STATUSES)
      assert.ok(
        states.some((s) => s.status === status),
        status,
      );
    for (const outcome of OUTCOMES)
      assert.ok(
        states.some((s) => s.outcome === outcome),
        outcome,
      );
    for (const channel of CHANNELS)
      assert.ok(
        apps.some((a) => a.channel === channel),
        channel,
      );
    for (const type of APPLICANT_TYPES)
      assert.ok(
        apps.some((a) => a.applicant.type === type),
        type,
      );
    assert.ok(states.some((s) => s.status !== 'closed' && s.overdue));
    assert.ok(states.some((s) => s.status !== 'closed' && s.dueSoon));
    assert.ok(states.some((s) => s.alerts.includes('correction_deadline_passed')));
    assert.ok(states.some((s) => s.deadline.findings.includes('answered_late')));
    assert.ok(states.some((s) => s.transferredTo !== null && s.status === 'closed'));
    assert.ok(states.some((s) => s.transferredTo !== null && s.status !== 'closed'));
    for (const party of ['third_party', 'agency'])
      assert.ok(
        apps.some((a) => a.events.some((e) => e.type === 'consultation_started' && e.party === party)),
      );
    assert.ok(apps.some((a) => a.events.some((e) => e.type === 'fee_paid')));
    const appeals = states.flatMap((s) => s.appeals);
    for (const kind of APPEAL_KINDS) {
      for (const result of [...APPEAL_RESULTS, null])
        assert.ok(
          appeals.some((a) => a.kind === kind && a.result === result),
          `${kind} ${result ?? 'pending'}`,
        );
    }
  });

  it('mostly answers within the due date, mostly granted, partly or not held', () => {
    const closed = states.filter((s) => s.status === 'closed');
    const late = closed.filter((s) => s.deadline.findings.includes('answered_late'));
    assert.ok(late.length > 0 && late.length < closed.length * 0.1, `${late.length} of ${closed.length}`);
    const share = (o: string) => closed.filter((s) => s.outcome === o).length / closed.length;
    assert.ok(share('granted') > 0.3);
    assert.ok(share('granted') + share('partial') + share('unavailable.not_held') > 0.6);
    const open = states.filter((s) => s.status !== 'closed' && s.status !== 'withdrawn');
    assert.ok(open.length > 50 && open.length < 400, `${open.length} open`);
    assert.ok(open.filter((s) => s.overdue).length < open.length * 0.3);
  });

  it('follows the seed report’s channel shares: about 56% in person, 26% letters, 18% online', () => {
    const share = (group: string) =>
      apps.filter((a) => CHANNEL_GROUP_2015[a.channel] === group).length / apps.length;
    assert.ok(Math.abs(share('in_person') - 0.56) < 0.05, `${share('in_person')}`);
    assert.ok(Math.abs(share('letter') - 0.26) < 0.05, `${share('letter')}`);
    assert.ok(Math.abs(share('online') - 0.18) < 0.05, `${share('online')}`);
    assert.ok(apps.filter((a) => a.applicant.type === 'natural_person').length > apps.length * 0.7);
    const byOrg = (code: string) => apps.filter((a) => a.org === code).length;
    assert.ok(byOrg('dg-zrzyj') > byOrg('dg-tjj') * 4);
  });

  it('received in-person and postal applications on working days, events on working days', () => {
    for (const a of apps) {
      if (a.channel !== 'online' && a.channel !== 'email')
        assert.ok(calendar.isWorkingDay(a.receivedOn), `${a.channel} ${a.receivedOn}`);
      for (const e of a.events) assert.ok(calendar.isWorkingDay(e.on), `${e.type} ${e.on}`);
    }
  });

  it('uses plainly fictitious applicants: no valid ID, credit code, mobile number or real e-mail domain', () => {
    for (const a of apps) {
      const p = a.applicant;
      assert.ok(p.name.endsWith(DEMO_APPLICANT_NAME_MARK), p.name);
      if (p.idNumber) {
        assert.equal(p.idNumber.length, 18);
        assert.equal(isValidResidentId(p.idNumber), false, p.idNumber);
      }
      if (p.creditCode) assert.equal(isValidCreditCode(p.creditCode), false, p.creditCode);
      assert.ok(p.phone?.startsWith(DEMO_PHONE_PREFIX), p.phone ?? '');
      if (p.email) assert.ok(p.email.endsWith('.invalid'), p.email);
      assert.ok(a.description.startsWith(DEMO_TITLE_PREFIX), a.description);
      const text = [p.name, p.idNumber, p.phone, p.address, p.creditCode, a.description].join(' ');
      assert.deepEqual(scanForPii(text), [], text);
    }
    for (let n = 0; n < 1000; n++) assert.equal(isValidResidentId(demoIdNumber(n)), false);
  });

  it('keeps a year and a half relative to today after 2026, and still covers every status', () => {
    assert.deepEqual(demoSpan('2027-05-10'), { from: '2025-11-08', to: '2027-05-10' });
    const later = statesOf('2027-05-10');
    assert.ok(later.apps.every((a) => a.receivedOn <= '2027-05-10'));
    for (const status of APPLICATION_STATUSES)
      assert.ok(
        later.states.some((s) => s.status === status),
        status,
      );
  });
});
