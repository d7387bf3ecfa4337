import fs from 'node:fs';
import type { Command } from 'commander';
import { CliError, cliContext, withDatabase } from '../context.js';
import { isAppError } from '../../platform/errors.js';
import { importOrgs, importProblemsOf } from '../../orgs/import-orgs.js';
import { listOrgTree } from '../../orgs/orgs.repository.js';
import { flattenTree } from '../../orgs/org.rules.js';
import { orgMessageEn } from '../../orgs/org.messages.js';

/** Reads and parses the file; a file that cannot be read or is not JSON is a usage error (exit 2). */
function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, 2);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, 2);
  }
}

/** `gongkai orgs import FILE.json` and `gongkai orgs list` (contracts §5). */
export function registerOrgs(program: Command): void {
  const orgs = program.command('orgs').description('the organisation tree');

  orgs
    .command('import')
    .description('create or update organisations from [{"code","name","parent"?,"kind"}], all or nothing')
    .argument('<file>', 'a JSON file holding an array of organisations')
    .action((file: string) => {
      const entries = readJsonFile(file);
      return withDatabase(async (database) => {
        try {
          const result = await importOrgs(cliContext(database), entries);
          console.log(
            `Imported ${file}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged.`,
          );
        } catch (err) {
          if (!isAppError(err) || err.code !== 'VALIDATION') throw err;
          const problems = importProblemsOf(err);
          // First line: the summary; then one line per problem. Nothing was written.
          const lines = problems.map((p) => {
            const where = p.index >= 0 ? `entry ${p.index}${p.code ? ` (${p.code})` : ''}` : 'file';
            return `  ${where}: ${p.field}: ${orgMessageEn(p.message)}`;
          });
          throw new CliError(
            [`${file}: ${problems.length} problem(s), nothing imported`, ...lines].join('\n'),
            1,
          );
        }
      });
    });

  orgs
    .command('list')
    .description('print the organisation tree')
    .option('--all', 'include inactive organisations')
    .action((options: { all?: boolean }) =>
      withDatabase(async (database) => {
        const tree = flattenTree(await listOrgTree(database.db, { includeInactive: Boolean(options.all) }));
        if (tree.length === 0) {
          console.log('No organisations yet. Run `gongkai orgs import FILE.json` or `gongkai demo`.');
          return;
        }
        for (const { org, depth } of tree) {
          const inactive = org.is_active === 1 ? '' : ' (inactive)';
          console.log(`${'  '.repeat(depth)}${org.code}  ${org.name}  [${org.kind}]${inactive}`);
        }
      }),
    );
}
