import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';
import { SEED_COLUMNS } from '../src/catalog/taxonomy.js';

// The disclosure catalog (政府信息公开目录): items, their revisions, columns (taxonomy), attachments,
// 索引号 sequences, personal-data findings and per-office settings. Conventions as in 0001.
export const catalog: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await dialect
      .addIdColumn(db.schema.createTable('catalog_items'))
      .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
      .addColumn('index_number', 'text', (c) => c.unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('formed_on', 'text')
      .addColumn('published_on', 'text')
      .addColumn('published_at', 'text')
      .addColumn('published_by', 'integer')
      .addColumn('scheduled_at', 'text')
      .addColumn('doc_number', 'text')
      .addColumn('doc_type', 'text', (c) => c.notNull().defaultTo('other'))
      .addColumn('subject_category', 'text')
      .addColumn('genre', 'text')
      .addColumn('keywords_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('disclosure_method', 'text', (c) => c.notNull())
      .addColumn('disclosure_scope', 'text', (c) => c.notNull())
      .addColumn('source', 'text')
      .addColumn('issued_on', 'text')
      .addColumn('effective_on', 'text')
      .addColumn('amended_on', 'text')
      .addColumn('amended_by_item_id', 'integer', (c) => c.references('catalog_items.id'))
      .addColumn('abolished_on', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('submitted_by', 'integer')
      .addColumn('submitted_at', 'text')
      .addColumn('review_decision', 'text')
      .addColumn('review_opinion', 'text')
      .addColumn('reviewed_by', 'integer')
      .addColumn('reviewed_at', 'text')
      .addColumn('withdrawal_reason', 'text')
      .addColumn('withdrawn_at', 'text')
      .addColumn('withdrawn_by', 'integer')
      .addColumn('is_late', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('publication_working_days', 'integer')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'integer')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('catalog_items_org_status_idx')
      .on('catalog_items')
      .columns(['org_id', 'status', 'published_on'])
      .execute();
    await db.schema
      .createIndex('catalog_items_status_published_idx')
      .on('catalog_items')
      .columns(['status', 'published_at'])
      .execute();
    await db.schema
      .createIndex('catalog_items_scheduled_idx')
      .on('catalog_items')
      .columns(['status', 'scheduled_at'])
      .execute();
    await db.schema
      .createIndex('catalog_items_doc_type_idx')
      .on('catalog_items')
      .columns(['doc_type', 'org_id'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('catalog_item_revisions'))
      .addColumn('item_id', 'integer', (c) => c.notNull().references('catalog_items.id').onDelete('cascade'))
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('snapshot_json', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('catalog_item_revisions_unique', ['item_id', 'revision'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('catalog_columns'))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'integer', (c) => c.references('catalog_columns.id'))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('org_id', 'integer', (c) => c.references('orgs.id'))
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('catalog_columns_org_idx')
      .on('catalog_columns')
      .columns(['org_id', 'kind'])
      .execute();

    await db.schema
      .createTable('catalog_item_columns')
      .addColumn('item_id', 'integer', (c) => c.notNull().references('catalog_items.id').onDelete('cascade'))
      .addColumn('column_id', 'integer', (c) => c.notNull().references('catalog_columns.id'))
      .addPrimaryKeyConstraint('catalog_item_columns_pk', ['item_id', 'column_id'])
      .execute();
    await db.schema
      .createIndex('catalog_item_columns_column_idx')
      .on('catalog_item_columns')
      .columns(['column_id', 'item_id'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('catalog_attachments'))
      .addColumn('item_id', 'integer', (c) => c.notNull().references('catalog_items.id').onDelete('cascade'))
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('original_name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('extension', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('extracted_text', 'text')
      .addColumn('extraction_error', 'text')
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('catalog_attachments_item_idx')
      .on('catalog_attachments')
      .column('item_id')
      .execute();
    await db.schema
      .createIndex('catalog_attachments_key_idx')
      .on('catalog_attachments')
      .column('storage_key')
      .execute();

    await db.schema
      .createTable('catalog_index_sequences')
      .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('last_seq', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('catalog_index_sequences_pk', ['org_id', 'year'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('catalog_pii_findings'))
      .addColumn('item_id', 'integer', (c) => c.notNull().references('catalog_items.id').onDelete('cascade'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('attachment_id', 'integer', (c) =>
        c.references('catalog_attachments.id').onDelete('cascade'),
      )
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('start_offset', 'integer', (c) => c.notNull())
      .addColumn('end_offset', 'integer', (c) => c.notNull())
      .addColumn('excerpt_masked', 'text', (c) => c.notNull())
      .addColumn('match_sha256', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'integer')
      .addColumn('decided_at', 'text')
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('catalog_pii_findings_item_idx')
      .on('catalog_pii_findings')
      .columns(['item_id', 'status'])
      .execute();

    await db.schema
      .createTable('catalog_settings')
      .addColumn('org_id', 'integer', (c) => c.primaryKey().references('orgs.id'))
      .addColumn('index_pattern', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'integer')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    // The city-wide taxonomy (src/catalog/taxonomy.ts): categories, 条例第二十条/第二十一条, key areas.
    const at = '2026-01-01T00:00:00.000Z';
    await db
      .insertInto('catalog_columns' as never)
      .values(
        SEED_COLUMNS.map((col) => ({
          code: col.code,
          name: col.name,
          name_en: col.nameEn,
          kind: col.kind,
          parent_id: null,
          sort_order: col.sortOrder,
          org_id: null,
          is_active: 1,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'catalog_settings',
      'catalog_pii_findings',
      'catalog_index_sequences',
      'catalog_attachments',
      'catalog_item_columns',
      'catalog_columns',
      'catalog_item_revisions',
      'catalog_items',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
});
