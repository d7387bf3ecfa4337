import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

// 依申请公开: applications and their event log, applicants (ID number and phone encrypted), files,
// appeals, the editable answer grounds and letter templates, the tracking throttle, the reference
// sequence and the settings staff change. Conventions as in 0001.

/**
 * The answer grounds an office starts with (editable in the back office afterwards). Each belongs to
 * one outcome code, so the 2021 report rows stay exact while the older statistics (商业秘密 vs 个人隐私,
 * 非政府信息) can still be told apart.
 */
const SEED_GROUNDS: { code: string; label: string; outcome: string; article: string }[] = [
  { code: 'state_secret', label: '属于国家秘密', outcome: 'withheld.state_secret', article: '条例第十四条' },
  {
    code: 'prohibited_by_law',
    label: '法律、行政法规禁止公开',
    outcome: 'withheld.prohibited_by_law',
    article: '条例第十四条',
  },
  {
    code: 'security_stability',
    label: '危及国家安全、公共安全、经济安全、社会稳定',
    outcome: 'withheld.security_stability',
    article: '条例第十四条',
  },
  {
    code: 'trade_secret',
    label: '商业秘密',
    outcome: 'withheld.third_party_rights',
    article: '条例第十五条',
  },
  {
    code: 'personal_privacy',
    label: '个人隐私',
    outcome: 'withheld.third_party_rights',
    article: '条例第十五条',
  },
  {
    code: 'third_party_objection',
    label: '第三方不同意公开且有合理理由',
    outcome: 'withheld.third_party_rights',
    article: '条例第三十二条',
  },
  {
    code: 'internal_affairs',
    label: '人事管理、后勤管理、内部工作流程等内部事务信息',
    outcome: 'withheld.internal_affairs',
    article: '条例第十六条第一款',
  },
  {
    code: 'process_info',
    label: '讨论记录、过程稿、磋商信函、请示报告等过程性信息',
    outcome: 'withheld.process_info',
    article: '条例第十六条第二款',
  },
  {
    code: 'enforcement_file',
    label: '行政执法案卷信息',
    outcome: 'withheld.enforcement_file',
    article: '条例第十六条第二款',
  },
  {
    code: 'query_matter',
    label: '工商、不动产登记资料等有特别规定的查询事项',
    outcome: 'withheld.query_matter',
    article: '条例第三十六条第（七）项',
  },
  {
    code: 'not_found',
    label: '经检索没有所申请公开的信息',
    outcome: 'unavailable.not_held',
    article: '条例第三十六条第（四）项',
  },
  {
    code: 'not_this_agency',
    label: '不属于本机关负责公开',
    outcome: 'unavailable.not_held',
    article: '条例第三十六条第（五）项',
  },
  {
    code: 'not_government_info',
    label: '非政府信息',
    outcome: 'unavailable.not_held',
    article: '条例第二条',
  },
  {
    code: 'needs_creation',
    label: '需要对现有政府信息进行加工、分析',
    outcome: 'unavailable.needs_creation',
    article: '条例第三十八条',
  },
  {
    code: 'unclear_after_correction',
    label: '补正后申请内容仍不明确',
    outcome: 'unavailable.unclear_after_correction',
    article: '条例第三十条',
  },
  {
    code: 'complaint_petition',
    label: '以政府信息公开申请的形式进行信访、投诉、举报',
    outcome: 'declined.complaint_petition',
    article: '条例第三十九条第一款',
  },
  {
    code: 'duplicate',
    label: '重复申请公开相同政府信息',
    outcome: 'declined.duplicate',
    article: '条例第三十六条第（六）项',
  },
  {
    code: 'publication',
    label: '要求提供政府公报、报刊、书籍等公开出版物',
    outcome: 'declined.publication',
    article: '条例第三十九条第二款',
  },
  {
    code: 'excessive',
    label: '申请数量、频次明显超过合理范围且理由不合理',
    outcome: 'declined.excessive',
    article: '条例第三十五条',
  },
  {
    code: 'confirm_reissue',
    label: '要求行政机关确认或重新出具已获取的信息',
    outcome: 'declined.confirm_reissue',
    article: '',
  },
];

export const requests: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await dialect
      .addIdColumn(db.schema.createTable('applications'))
      // The organisation holding the application now (after 转办, the receiving one), or that answered it.
      .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
      .addColumn('reference', 'text', (c) => c.notNull().unique())
      .addColumn('query_code_hash', 'text', (c) => c.notNull())
      // Idempotency of the online form: sha256 of the page's one-time token, never the token itself.
      .addColumn('client_token_hash', 'text', (c) => c.unique())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addColumn('received_on', 'text', (c) => c.notNull())
      .addColumn('applicant_type', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('doc_number', 'text')
      .addColumn('doc_title', 'text')
      .addColumn('purpose', 'text')
      .addColumn('delivery_form', 'text', (c) => c.notNull())
      .addColumn('delivery_method', 'text', (c) => c.notNull())
      .addColumn('is_oral', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('handler_user_id', 'integer', (c) => c.references('users.id'))
      .addColumn('registered_by', 'integer', (c) => c.references('users.id'))
      .addColumn('is_volume_flagged', 'integer', (c) => c.notNull().defaultTo(0))
      // The cache of deriveApplicationState(events): written by one function on every change.
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('due_on', 'text')
      .addColumn('is_overdue', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('closed_on', 'text')
      .addColumn('is_provisional', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_event_on', 'text', (c) => c.notNull())
      .addColumn('state_computed_on', 'text', (c) => c.notNull())
      .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // The case list: one organisation's (or a subtree's) open cases by due date; the city-wide list.
    await db.schema
      .createIndex('applications_org_status_due_idx')
      .on('applications')
      .columns(['org_id', 'status', 'due_on', 'id'])
      .execute();
    await db.schema
      .createIndex('applications_status_due_idx')
      .on('applications')
      .columns(['status', 'due_on', 'id'])
      .execute();
    await db.schema
      .createIndex('applications_org_received_idx')
      .on('applications')
      .columns(['org_id', 'received_on'])
      .execute();
    await db.schema
      .createIndex('applications_handler_idx')
      .on('applications')
      .columns(['handler_user_id', 'status', 'due_on'])
      .execute();
    await db.schema
      .createIndex('applications_org_closed_idx')
      .on('applications')
      .columns(['org_id', 'closed_on'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('applicants'))
      .addColumn('application_id', 'integer', (c) => c.notNull().unique().references('applications.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('id_type', 'text')
      // AES-256-GCM ciphertexts (`v1.<iv>.<tag>.<data>`) and the masks shown to staff.
      .addColumn('id_number_enc', 'text')
      .addColumn('id_number_masked', 'text')
      .addColumn('phone_enc', 'text')
      .addColumn('phone_masked', 'text')
      // Keyed HMAC of the ID number (or the credit code): counts one applicant's applications (条例35,
      // fee tiers) without decrypting anything.
      .addColumn('identity_hmac', 'text')
      .addColumn('email', 'text')
      .addColumn('address', 'text')
      .addColumn('postcode', 'text')
      .addColumn('org_name', 'text')
      .addColumn('credit_code', 'text')
      .addColumn('contact_person', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('applicants_identity_idx').on('applicants').column('identity_hmac').execute();

    await dialect
      .addIdColumn(db.schema.createTable('application_events'))
      .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('on_date', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('actor_user_id', 'integer')
      .addColumn('actor_label', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('application_events_seq_unique', ['application_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('application_events_type_on_idx')
      .on('application_events')
      .columns(['type', 'on_date'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('application_files'))
      .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
      .addColumn('event_id', 'integer', (c) => c.references('application_events.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer')
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('application_files_app_idx')
      .on('application_files')
      .columns(['application_id', 'kind'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('application_appeals'))
      .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('filed_on', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('case_number', 'text')
      .addColumn('result', 'text')
      .addColumn('decided_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('application_appeals_app_idx')
      .on('application_appeals')
      .column('application_id')
      .execute();
    await db.schema
      .createIndex('application_appeals_filed_idx')
      .on('application_appeals')
      .column('filed_on')
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('request_answer_grounds'))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('article', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_by', 'integer')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    const seededAt = '2026-01-01T00:00:00.000Z';
    await (db as Kysely<{ request_answer_grounds: Record<string, unknown> }>)
      .insertInto('request_answer_grounds')
      .values(
        SEED_GROUNDS.map((g, i) => ({
          code: g.code,
          label: g.label,
          outcome: g.outcome,
          article: g.article,
          sort_order: (i + 1) * 10,
          is_active: 1,
          updated_by: null,
          updated_at: seededAt,
        })),
      )
      .execute();

    // A row per letter kind overrides the built-in default text (letters.rules.ts); none at first.
    await dialect
      .addIdColumn(db.schema.createTable('request_letter_templates'))
      .addColumn('kind', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'integer')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('request_track_attempts'))
      .addColumn('ip', 'text')
      .addColumn('reference_key', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('succeeded', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('request_track_attempts_ip_idx')
      .on('request_track_attempts')
      .columns(['ip', 'at'])
      .execute();
    await db.schema
      .createIndex('request_track_attempts_ref_idx')
      .on('request_track_attempts')
      .columns(['reference_key', 'at'])
      .execute();

    await db.schema
      .createTable('request_reference_sequences')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      .addColumn('last_value', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('request_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value_json', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'integer')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'request_settings',
      'request_reference_sequences',
      'request_track_attempts',
      'request_letter_templates',
      'request_answer_grounds',
      'application_appeals',
      'application_files',
      'application_events',
      'applicants',
      'applications',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
});
