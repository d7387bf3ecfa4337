import assert from 'node:assert/strict';
import type { StaffAgent } from '../../../test/support/test-app.js';

/** Shared steps of the public application tests: fill in the whole form, submit, read the confirmation. */

/** A valid resident ID (GB 11643 check character X) and the same number with its last digit mistyped. */
export const GOOD_ID = '11010519491231002X';
export const BAD_CHECKSUM_ID = '110105194912310021';
export const PHONE = '13912345678';
export const CREDIT_CODE = '91350100M000100Y43';

export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ')
    .replace(/\s+/g, ' ');
}

export function title(html: string): string {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
}

/** Walks the whole form as a natural person; returns the check page's HTML. */
export async function fillApplication(
  agent: StaffAgent,
  overrides: { description?: string; email?: string } = {},
): Promise<string> {
  await agent.get('/apply');
  await agent.get('/apply/organisation');
  let r = await agent.post('/apply/organisation', { orgCode: 'jyj' });
  assert.equal(r.res.headers.get('location'), '/apply/applicant-type');
  await agent.get('/apply/applicant-type');
  r = await agent.post('/apply/applicant-type', { applicantType: 'natural_person' });
  assert.equal(r.res.headers.get('location'), '/apply/identity');
  await agent.get('/apply/identity');
  r = await agent.post('/apply/identity', { name: '张三', idType: 'resident_id', idNumber: GOOD_ID });
  assert.equal(r.res.headers.get('location'), '/apply/contact');
  await agent.get('/apply/contact');
  r = await agent.post('/apply/contact', {
    phone: PHONE,
    email: overrides.email ?? 'zhang@example.com',
    address: '示范市幸福路1号',
    postcode: '',
  });
  assert.equal(r.res.headers.get('location'), '/apply/information');
  await agent.get('/apply/information');
  r = await agent.post('/apply/information', {
    description: overrides.description ?? '2025年本市中小学校舍安全检查的结果',
    docTitle: '',
    docNumber: '',
  });
  assert.equal(r.res.headers.get('location'), '/apply/delivery');
  await agent.get('/apply/delivery');
  r = await agent.post('/apply/delivery', { deliveryForm: 'electronic', deliveryMethod: 'online_download' });
  assert.equal(r.res.headers.get('location'), '/apply/attachments');
  await agent.get('/apply/attachments');
  r = await agent.post('/apply/attachments', {});
  assert.equal(r.res.headers.get('location'), '/apply/suggestions');
  const s = await agent.get('/apply/suggestions');
  if (s.res.status === 303) assert.equal(s.res.headers.get('location'), '/apply/check');
  const check = await agent.get('/apply/check');
  assert.equal(check.res.status, 200);
  return check.html;
}

export async function submitAndConfirm(
  agent: StaffAgent,
): Promise<{ reference: string; queryCode: string; html: string }> {
  const r = await agent.post('/apply/submit', { website: '' });
  assert.equal(r.res.status, 303, `submit answered ${r.res.status}: ${textOf(r.html).slice(0, 300)}`);
  assert.equal(r.res.headers.get('location'), '/apply/confirmation');
  const done = await agent.get('/apply/confirmation');
  const reference = /class="reference">([^<]+)</.exec(done.html)?.[1] ?? '';
  const queryCode = /<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/.exec(done.html)?.[1] ?? '';
  assert.ok(reference && queryCode, 'the confirmation shows a reference and a query code');
  return { reference, queryCode, html: done.html };
}
