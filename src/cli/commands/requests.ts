import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, cliContext, withDatabase } from '../context.js';
import { createRequestSecrets } from '../../requests/applicant-crypto.js';
import { importApplications, InterchangeFileError } from '../../requests/interchange/import-applications.js';
import { exportApplications } from '../../requests/interchange/export-applications.js';

/** How many problems are printed; the count says how many more there are. */
const MAX_PRINTED_PROBLEMS = 50;

/** `gongkai requests import FILE.jsonl` and `gongkai requests export [--org CODE] [--year Y]` (contracts §4, §5). */
export function registerRequests(program: Command): void {
  const requests = program.command('requests').description('applications for information (依申请公开)');

  requests
    .command('import')
    .description(
      'import applications in the interchange format (JSON Lines); refuses the whole file on any bad line',
    )
    .argument('<file>', 'FILE.jsonl')
    .action(async (file: string) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, 2);
      }
      await withDatabase(async (database, config) => {
        const deps = { secrets: createRequestSecrets(config.secretKey.key), timeZone: config.timeZone };
        try {
          const result = await importApplications(cliContext(database), deps, text, {
            source: path.basename(file),
          });
          console.log(`Imported ${file}: ${result.imported} applications`);
        } catch (err) {
          if (!(err instanceof InterchangeFileError)) throw err;
          const shown = err.problems
            .slice(0, MAX_PRINTED_PROBLEMS)
            .map((p) => `  line ${p.line}: ${p.reason}`);
          const more =
            err.problems.length > MAX_PRINTED_PROBLEMS
              ? [`  … and ${err.problems.length - MAX_PRINTED_PROBLEMS} more (${err.problems.length} in all)`]
              : [];
          throw new CliError(
            [`${file}: ${err.problems.length} problem(s), nothing imported`, ...shown, ...more].join('\n'),
            1,
          );
        }
      });
    });

  requests
    .command('export')
    .description('write applications in the interchange format to stdout, with dueOn, status and overdue')
    .option('--org <code>', 'only this organisation and those below it')
    .option('--year <year>', 'only applications received in this year')
    .action(async (options: { org?: string; year?: string }) => {
      let year: number | null = null;
      if (options.year !== undefined) {
        if (!/^\d{4}$/.test(options.year))
          throw new CliError(`--year must be a year like 2025, not ${options.year}`, 2);
        year = Number(options.year);
      }
      await withDatabase(async (database, config) => {
        const deps = { secrets: createRequestSecrets(config.secretKey.key), timeZone: config.timeZone };
        for await (const line of exportApplications(cliContext(database), deps, {
          orgCode: options.org ?? null,
          year,
        })) {
          if (!process.stdout.write(`${JSON.stringify(line)}\n`)) {
            await new Promise((resolve) => process.stdout.once('drain', resolve));
          }
        }
      });
    });
}
