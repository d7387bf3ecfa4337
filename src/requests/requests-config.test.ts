import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { buildOrg, buildUser, contextAsUser, contextFor } from '../../test/support/factories.js';
import { anonymousPrincipal } from '../platform/auth/principal.js';
import { AppError } from '../platform/errors.js';
import { createRequestSecrets } from './applicant-crypto.js';
import type { RequestDeps } from './request-deps.js';
import { setRequestSettings } from './set-request-settings.js';
import { saveAnswerGround } from './save-answer-ground.js';
import { saveLetterTemplate } from './save-letter-template.js';
import { submitOnlineApplication } from './submit-online-application.js';
import { answerApplication } from './answer-application.js';
import { findApplicationById, listAnswerGrounds } from './requests.repository.js';
import { renderLetterText } from './letters.rules.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');

describe('requests configuration: 条例第三十五条 threshold, answer grounds, letter templates', () => {
  let t: TestDatabase;
  let deps: RequestDeps;
  let admin: number;
  let handler: number;
  before(async () => {
    t = await createTestDatabase();
    deps = {
      mailer: { queueMail: () => Promise.resolve(1) },
      secrets: createRequestSecrets(Buffer.alloc(32, 3)),
      timeZone: 'Asia/Shanghai',
      publicUrl: 'http://localhost',
    };
    await buildOrg(t.database, { code: 'dg' });
    await buildOrg(t.database, { code: 'dg-a', parentCode: 'dg' });
    admin = (
      await buildUser(t.database, { username: 'admin', grants: [{ orgCode: 'dg', role: 'city_admin' }] })
    ).id;
    handler = (
      await buildUser(t.database, { username: 'h', grants: [{ orgCode: 'dg-a', role: 'case_handler' }] })
    ).id;
  });
  after(() => t.cleanup());

  const submit = (n: number, idNumber: string) =>
    submitOnlineApplication(contextFor(t.database, anonymousPrincipal(), NOW), deps, {
      orgCode: 'dg-a',
      description: `第${n}件`,
      deliveryForm: 'electronic',
      deliveryMethod: 'online_download',
      applicant: { type: 'natural_person', name: '王五', idType: 'resident_id', idNumber, address: '某地' },
      clientToken: `cfg-${n}-${idNumber}-abcdefghijkl`,
    });

  it('flags an applicant’s applications above the monthly threshold, counted by the identity HMAC', async () => {
    const ctx = await contextAsUser(t.database, admin, NOW);
    assert.deepEqual(await setRequestSettings(ctx, { volumeThresholdPerMonth: 2 }), {
      volumeThresholdPerMonth: 2,
      dueSoonWorkdays: 3,
    });
    const handlerCtx = await contextAsUser(t.database, handler, NOW);
    await assert.rejects(
      setRequestSettings(handlerCtx, { volumeThresholdPerMonth: 1 }),
      (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN',
    );
    const ids = [];
    // The same person typed with a lower-case x is the same applicant.
    for (const [n, id] of [
      [1, '11010519491231002X'],
      [2, '11010519491231002x'],
      [3, '11010519491231002X'],
    ] as const) {
      ids.push((await submit(n, id)).applicationId);
    }
    const other = await submit(4, '110101199003070011');
    const flags = await Promise.all(
      ids.map(async (id) => (await findApplicationById(t.database.db, id))!.is_volume_flagged),
    );
    assert.deepEqual(flags, [0, 0, 1]);
    assert.equal((await findApplicationById(t.database.db, other.applicationId))!.is_volume_flagged, 0);
  });

  it('uses an added ground and an edited template in the answer letter', async () => {
    const ctx = await contextAsUser(t.database, admin, NOW);
    await saveAnswerGround(ctx, {
      code: 'not_gov_info_custom',
      label: '属于企业自身经营信息',
      outcome: 'unavailable.not_held',
      article: '条例第二条',
    });
    assert.ok(
      (await listAnswerGrounds(t.database.db, { outcome: 'unavailable.not_held' })).some(
        (g) => g.code === 'not_gov_info_custom',
      ),
    );
    await assert.rejects(
      saveLetterTemplate(ctx, {
        kind: 'answer.unavailable.not_held',
        title: '告知书',
        body: '{{applicantName}} {{nonsense}}',
      }),
      (e: unknown) => e instanceof AppError && e.code === 'VALIDATION',
    );
    await saveLetterTemplate(ctx, {
      kind: 'answer.unavailable.not_held',
      title: '告知书',
      body: '{{applicantName}}：{{groundLabel}}（{{article}}）。{{orgName}}',
    });
    const s = await submit(9, '110101199003070011');
    const answered = await answerApplication(await contextAsUser(t.database, handler, NOW), deps, {
      applicationId: s.applicationId,
      outcome: 'unavailable.not_held',
      groundCode: 'not_gov_info_custom',
    });
    assert.equal(
      answered.letter.text,
      '王五：属于企业自身经营信息（《中华人民共和国政府信息公开条例》第二条）。dg-a 测试单位',
    );
  });

  it('marks what a letter template could not fill', () => {
    const r = renderLetterText(
      { title: '{{reference}}', body: '{{applicantName}} {{dueOn}}' },
      { reference: 'DG-2026-000001', applicantName: '甲' },
    );
    assert.equal(r.text, '甲 【未填写：dueOn】');
    assert.deepEqual(r.missing, ['dueOn']);
  });
});
