import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAgent, createTestApp, type StaffAgent, type TestApp } from '../../../test/support/test-app.js';
import { fillApplication, submitAndConfirm } from './apply.public.helpers.js';
import { seedPublicFixture } from '../../orgs/http/public.fixtures.js';
import { DRAFT_PRUNE_JOB, pruneDrafts } from './draft-files.public.js';

// The smallest PNG, then bytes of our own after its end: still a PNG, but a different stored file.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const uniquePng = (): Uint8Array => Buffer.concat([PNG, randomBytes(16)]);

describe('files attached to the public form are deleted once nothing refers to them', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
    await seedPublicFixture(t.database);
  });
  after(() => t.cleanup());

  async function upload(agent: StaffAgent, kind: 'id_copy' | 'power_of_attorney', bytes: Uint8Array) {
    await agent.get('/apply/attachments?change=1');
    const form = new FormData();
    form.set('_csrf', agent.csrf);
    form.set(kind, new File([bytes], `${kind}.png`, { type: 'image/png' }));
    const res = await t.app.request('/apply/attachments', {
      method: 'POST',
      headers: { cookie: agent.cookies, origin: 'http://localhost' },
      body: form,
    });
    assert.equal(res.status, 303, await res.text());
  }

  async function draftKeys(): Promise<string[]> {
    const rows = await t.database.db.selectFrom('application_drafts').select('data_json').execute();
    return rows.flatMap((r) =>
      ((JSON.parse(r.data_json) as { attachments?: { storageKey: string }[] }).attachments ?? []).map(
        (a) => a.storageKey,
      ),
    );
  }

  async function keyOfLastUpload(before: readonly string[]): Promise<string> {
    const added = (await draftKeys()).filter((k) => !before.includes(k));
    assert.equal(added.length, 1);
    return added[0]!;
  }

  it('deletes a replaced ID copy and a removed one, keeping the current file', async () => {
    const agent = createAgent(t);
    await fillApplication(agent);
    let known = await draftKeys();
    await upload(agent, 'id_copy', uniquePng());
    const first = await keyOfLastUpload(known);
    assert.equal(await t.deps.storage.exists(first), true);

    known = await draftKeys();
    await upload(agent, 'id_copy', uniquePng());
    const second = await keyOfLastUpload(known);
    assert.equal(await t.deps.storage.exists(first), false, 'the replaced copy is gone');
    assert.equal(await t.deps.storage.exists(second), true);

    const removed = await agent.post('/apply/attachments/remove', { kind: 'id_copy' });
    assert.equal(removed.res.status, 303);
    assert.equal(await t.deps.storage.exists(second), false, 'the removed copy is gone');
  });

  it('deletes the files of a draft the visitor abandons by starting again', async () => {
    const agent = createAgent(t);
    await fillApplication(agent);
    const known = await draftKeys();
    await upload(agent, 'power_of_attorney', uniquePng());
    const key = await keyOfLastUpload(known);
    await agent.post('/apply/new', {});
    assert.equal(await t.deps.storage.exists(key), false);
  });

  it('the hourly job deletes expired drafts and their files, but never a file an application holds', async () => {
    const shared = uniquePng();
    // One visitor submits with this file; another attaches the same bytes and walks away.
    const submitter = createAgent(t);
    await fillApplication(submitter);
    await upload(submitter, 'id_copy', shared);
    const { reference } = await submitAndConfirm(submitter);

    const walker = createAgent(t);
    await fillApplication(walker);
    await upload(walker, 'id_copy', shared);
    let known = await draftKeys();
    const other = createAgent(t);
    await fillApplication(other);
    await upload(other, 'id_copy', uniquePng());
    const abandoned = await keyOfLastUpload(known);
    const sharedKey = (
      await t.database.db
        .selectFrom('application_files')
        .innerJoin('applications', 'applications.id', 'application_files.application_id')
        .select('application_files.storage_key')
        .where('applications.reference', '=', reference)
        .executeTakeFirstOrThrow()
    ).storage_key;

    // Not yet expired: nothing goes.
    assert.deepEqual(await pruneDrafts(t.database, t.deps.storage, t.clock.now()), { filesDeleted: 0 });
    assert.equal(await t.deps.storage.exists(abandoned), true);

    t.clock.advanceMs(25 * 3600 * 1000);
    await t.deps.jobs.enqueue(t.database.db, DRAFT_PRUNE_JOB, {});
    await t.deps.jobs.runDue();
    assert.equal(await t.deps.storage.exists(abandoned), false, 'the abandoned draft’s file is deleted');
    assert.equal(await t.deps.storage.exists(sharedKey), true, 'the application’s file is kept');
    known = await draftKeys();
    assert.deepEqual(known, []);
    const left = await t.database.db
      .selectFrom('application_drafts')
      .select('id')
      .where('application_id', 'is', null)
      .execute();
    assert.deepEqual(left, []);
  });
});
