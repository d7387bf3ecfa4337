import fs from 'node:fs';
import type { Command } from 'commander';
import { CliError, withDatabase } from '../context.js';
import { isAppError } from '../../platform/errors.js';
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
 * `gongkai report …` (contracts §5): `report check` validates a report file; `report annual` derives
 * one from the records (`registerReportAnnual` below).
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

const YEAR = /^\d{4}$/;

/**
 * `gongkai report annual --org CODE --year Y [--scope self|aggregate] [--format json|html|docx|xlsx|pdf]
 * [--out FILE] [--national-format 2021|2019] [--previous]` (contracts §5): the report of contracts §3
 * derived from the records. JSON goes to stdout unless --out is given; the binary formats need --out.
 */
function registerReportAnnual(report: Command): void {
  report
    .command('annual')
    .description(
      'derive the annual report of an organisation for a year (contracts §3) and print or write it',
    )
    .requiredOption('--org <code>', 'the organisation code')
    .requiredOption('--year <year>', 'the calendar year, e.g. 2025')
    .option(
      '--scope <scope>',
      'self (the organisation only) or aggregate (and every organisation below it)',
      'self',
    )
    .option('--format <format>', 'json, html, docx, xlsx or pdf', 'json')
    .option('--out <file>', 'write to this file (required for docx, xlsx and pdf)')
    .option(
      '--national-format <version>',
      'tables of the 2021 (default) or the 2019 national format, for html/docx/xlsx/pdf',
      '2021',
    )
    .option('--previous', "also derive last year's report and add the carry-over check")
    .action(
      async (opts: {
        org: string;
        year: string;
        scope: string;
        format: string;
        out?: string;
        nationalFormat: string;
        previous?: boolean;
      }) => {
        const { BINARY_FORMATS, REPORT_FORMATS, exportReport } =
          await import('../../reports/exports/index.js');
        type Format = (typeof REPORT_FORMATS)[number];
        if (!YEAR.test(opts.year)) throw new CliError(`--year must be a four-digit year, not ${opts.year}`);
        if (opts.scope !== 'self' && opts.scope !== 'aggregate')
          throw new CliError(`--scope must be self or aggregate, not ${opts.scope}`);
        if (!(REPORT_FORMATS as readonly string[]).includes(opts.format))
          throw new CliError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not ${opts.format}`);
        const format = opts.format as Format;
        if (opts.nationalFormat !== '2021' && opts.nationalFormat !== '2019')
          throw new CliError(`--national-format must be 2021 or 2019, not ${opts.nationalFormat}`);
        if (BINARY_FORMATS.includes(format) && !opts.out)
          throw new CliError(`--format ${format} writes a binary file: give --out FILE`);
        if (format === 'pdf') {
          const { chromiumExecutable } = await import('../../reports/exports/chromium.js');
          if (!chromiumExecutable())
            throw new CliError(
              'PDF needs Chromium, which is not installed (set GONGKAI_CHROMIUM_PATH or install /usr/bin/chromium)',
            );
        }
        await withDatabase(async (database, config) => {
          const { deriveAnnualReport, deriveReportStatistics, resolveReportScope } =
            await import('../../reports/derive-annual-report.js');
          const year = Number(opts.year);
          const scope = opts.scope as 'self' | 'aggregate';
          let derived;
          try {
            derived = await deriveAnnualReport(database.db, {
              orgCode: opts.org,
              year,
              scope,
              timeZone: config.timeZone,
              compareWithPreviousYear: opts.previous === true,
            });
          } catch (err) {
            if (isAppError(err) && err.code === 'NOT_FOUND')
              throw new CliError(`no organisation with code ${opts.org}`);
            if (isAppError(err) && err.code === 'VALIDATION') throw new CliError(err.message);
            throw err;
          }
          const statistics =
            format === 'json'
              ? undefined
              : await deriveReportStatistics(
                  database.db,
                  await resolveReportScope(database.db, opts.org, scope),
                  year,
                );
          const output = await exportReport(derived, format, {
            statistics,
            format2019: opts.nationalFormat === '2019',
          });
          if (opts.out) {
            fs.writeFileSync(opts.out, output);
            if (format === 'docx') {
              const { docxChartsAvailable } = await import('../../reports/exports/report-docx.js');
              if (!docxChartsAvailable())
                console.error(
                  'note: Chromium is not installed, so the Word file has no charts (they need a PNG fallback)',
                );
            }
            console.error(`wrote ${opts.out}`);
          } else {
            process.stdout.write(output);
          }
        });
      },
    );
}
