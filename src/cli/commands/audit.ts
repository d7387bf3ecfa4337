import type { Command } from 'commander';
import { withDatabase } from '../context.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';

const PROBLEM_TEXT = {
  hash_mismatch: 'the record was changed after it was written (its hash does not match)',
  broken_link: 'the link to the previous record is broken',
  missing_rows: 'records before this one are missing (deleted)',
} as const;

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description('check that no audit record was edited or deleted; exit 1 when any was')
    .option('--json', 'print the result as JSON')
    .action((opts: { json?: boolean }) =>
      withDatabase(async (database) => {
        const result = await verifyAuditChain(database.db);
        if (opts.json) {
          console.log(JSON.stringify(result));
        } else if (result.ok) {
          console.log(
            result.head
              ? `Audit log intact: ${result.checked} records. Head: #${result.head.seq} ${result.head.hash}`
              : 'Audit log intact: no records yet.',
          );
        } else {
          console.error(
            `Audit log BROKEN: ${result.problems.length} problem(s) in ${result.checked} records.`,
          );
          for (const p of result.problems) console.error(`  #${p.seq}: ${PROBLEM_TEXT[p.problem]}`);
        }
        if (!result.ok) process.exitCode = 1;
      }),
    );
}
