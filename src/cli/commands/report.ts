import type { Command } from 'commander';
import { CliError } from '../context.js';
import { readReportFile, ReportReadError, type ReadReport } from '../../reports/readers/read-report.js';
import { allChecksHold, validateReport } from '../../reports/report-validator.rules.js';

async function readOrExit2(file: string): Promise<ReadReport> {
  try {
    return await readReportFile(file);
  } catch (err) {
    if (err instanceof ReportReadError) throw new CliError(err.message, 2);
    throw err;
  }
}

/**
 * `gongkai report …` (contracts §5). `report check` is here; `report annual` (the derivation over
 * applications, catalog and appeals) is registered by `registerReportAnnual` below when it exists.
 */
export function registerReport(program: Command): void {
  const report = program.command('report').description('annual reports on government information disclosure');

  report
    .command('check')
    .description(
      'validate an annual report (our JSON, or an .xlsx/.html table of the national format); exit 0 when every check holds, 1 when any fails, 2 when the file cannot be read',
    )
    .argument('<file>', 'the report: .json (gov-info-annual-report/2021), .xlsx or .html')
    .option('--previous <file>', "last year's report, for the cross-year carry-over check")
    .action(async (file: string, options: { previous?: string }) => {
      const current = await readOrExit2(file);
      const previous = options.previous ? await readOrExit2(options.previous) : undefined;
      const checks = validateReport(current.report, previous ? { previous: previous.report } : {});
      const { org, year } = current.report;
      console.log(`${file}: ${org.name || org.code || 'report'}${year ? `, ${year}` : ''}`);
      for (const note of [...current.notes, ...(previous?.notes.map((n) => `previous: ${n}`) ?? [])])
        console.log(`  note: ${note}`);
      for (const check of checks) console.log(`${check.ok ? '✓' : '✗'} ${check.rule}: ${check.detail}`);
      const failed = checks.filter((c) => !c.ok).length;
      if (!allChecksHold(checks)) {
        console.log(`${failed} of ${checks.length} checks failed.`);
        process.exitCode = 1;
      } else {
        console.log(`All ${checks.length} checks hold.`);
      }
    });

  registerReportAnnual(report);
}

/**
 * Place for `gongkai report annual --org CODE --year Y [--scope self|aggregate] [--format …] [--out FILE]`
 * (contracts §5): it needs the derivation query over applications, catalog and appeals, which is not
 * written yet. Register the subcommand here when it is; until then `report annual` is an unknown command.
 */
function registerReportAnnual(_report: Command): void {
  // intentionally empty until the derivation exists
}
