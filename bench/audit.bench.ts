import { createHash } from 'node:crypto';
import type { Generated } from 'kysely';
import { recordAudit } from '../src/platform/audit/audit.js';
import { defineBench, type Bench } from './harness.js';
import {
  createPostgresBenchDatabase,
  createSqliteBenchDatabase,
  type BenchDatabase,
} from './support/bench-db.js';

interface ScratchTable {
  id: Generated<number>;
  at: string;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  after_json: string | null;
  hash: string;
}

const actor = { userId: null, label: 'bench', ip: '127.0.0.1' };

/**
 * The cost of the hash-chained audit log: appending one record (lock, read the chain head, hash,
 * insert) in its own transaction, against a plain insert of a row of the same width in its own
 * transaction. The ratio is what every audited change pays over an unaudited write.
 */
function auditAppendBench(label: string, open: () => Promise<BenchDatabase>): Bench {
  let bench: BenchDatabase | undefined;
  let n = 0;
  const get = () => bench!;
  const scratch = () => get().database.db.withTables<{ bench_scratch: ScratchTable }>();
  return defineBench(`audit-log append vs plain insert (${label})`, {
    async setup() {
      bench = await open();
      await get()
        .database.dialect.addIdColumn(get().database.db.schema.createTable('bench_scratch'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text')
        .addColumn('after_json', 'text')
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
    },
    async teardown() {
      await bench?.cleanup();
    },
    baselineName: 'plain insert',
    iterations: Number(process.env.BENCH_ITERATIONS) || 5000,
    baseline: () =>
      scratch()
        .transaction()
        .execute(async (trx) => {
          n++;
          const after = JSON.stringify({ n, status: 'published' });
          await trx
            .insertInto('bench_scratch')
            .values({
              at: new Date().toISOString(),
              actor_label: actor.label,
              action: 'bench.change',
              entity_type: 'thing',
              entity_id: String(n),
              after_json: after,
              hash: createHash('sha256').update(after).digest('hex'),
            })
            .execute();
        }),
    cases: {
      'recordAudit (hash-chained)': () =>
        get()
          .database.db.transaction()
          .execute((trx) =>
            recordAudit(
              trx,
              get().database.dialect,
              actor,
              {
                action: 'bench.change',
                entityType: 'thing',
                entityId: ++n,
                after: { n, status: 'published' },
              },
              new Date(),
            ),
          ),
    },
  });
}

export function benches(): Bench[] {
  const list = [auditAppendBench('SQLite', createSqliteBenchDatabase)];
  const pgUrl = process.env.BENCH_DATABASE_URL;
  if (pgUrl) {
    list.push({
      ...auditAppendBench('PostgreSQL', () => createPostgresBenchDatabase(pgUrl)),
      iterations: Number(process.env.BENCH_ITERATIONS) || 1000,
    });
  }
  return list;
}
