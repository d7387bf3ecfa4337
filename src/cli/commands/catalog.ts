import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { CliError, cliContext, withDatabase } from '../context.js';
import { isAppError } from '../../platform/errors.js';
import {
  describeProblem,
  importFormatOf,
  importItemProblemsOf,
  importItems,
  ImportFileError,
  parseImportFile,
  type ImportProgress,
  type ParsedImportFile,
} from '../../catalog/import-items.js';

/** How many problems are printed; the count says how many more there are. */
export const MAX_PRINTED_PROBLEMS = 50;

const PHASE_LABELS: Record<ImportProgress['phase'], string> = {
  checking: 'checking',
  writing: 'writing',
  indexing: 'indexing for search',
};

/**
 * Progress on stderr (stdout stays for the result): a bar when stderr is a terminal, otherwise a plain
 * line at each phase's start and end and at most every two seconds in between (logs, CI, pipes).
 */
function progressReporter(stream: NodeJS.WriteStream): { update(p: ImportProgress): void; stop(): void } {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: '{phase} [{bar}] {value}/{total}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let phase: ImportProgress['phase'] | null = null;
    return {
      update(p) {
        if (p.phase !== phase) {
          if (phase !== null) bar.stop();
          phase = p.phase;
          bar.start(p.total, p.done, { phase: PHASE_LABELS[p.phase].padEnd(19) });
        } else bar.update(p.done);
      },
      stop() {
        if (phase !== null) bar.stop();
      },
    };
  }
  let phase: ImportProgress['phase'] | null = null;
  let lastAt = 0;
  return {
    update(p) {
      const now = Date.now();
      if (p.phase === phase && p.done < p.total && now - lastAt < 2000) return;
      phase = p.phase;
      lastAt = now;
      stream.write(`${PHASE_LABELS[p.phase]}: ${p.done}/${p.total}\n`);
    },
    stop() {},
  };
}

/** Reads and parses the file; a file that cannot be read as its format at all is exit 2. */
async function readImportFile(file: string): Promise<ParsedImportFile> {
  const format = importFormatOf(file);
  if (!format) throw new CliError(`${file}: the file name must end in .csv, .xlsx or .jsonl`, 2);
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, 2);
  }
  try {
    return await parseImportFile(buffer, format);
  } catch (err) {
    if (err instanceof ImportFileError) throw new CliError(`${file}: ${err.message}`, 2);
    throw err;
  }
}

/** `gongkai catalog import FILE.(csv|xlsx|jsonl)` (contracts §4b, §5). */
export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('the disclosure catalog (政府信息公开目录)');

  catalog
    .command('import')
    .description('import catalog items from CSV, XLSX or JSON Lines; refuses the whole file on any bad row')
    .argument('<file>', 'FILE.csv, FILE.xlsx or FILE.jsonl (docs/catalog-import.md)')
    .action(async (file: string) => {
      const parsed = await readImportFile(file);
      if (parsed.encoding === 'gb18030') {
        console.error(`${file} is not UTF-8: read it as GB18030 (GBK). Check the Chinese text after import.`);
      } else if (parsed.encoding === 'utf-16le' || parsed.encoding === 'utf-16be') {
        console.error(`${file} is UTF-16 (Excel "Unicode text"): read it as such.`);
      }
      await withDatabase(async (database, config) => {
        const reporter = progressReporter(process.stderr);
        try {
          const result = await importItems(cliContext(database), parsed, {
            timeZone: config.timeZone,
            source: path.basename(file),
            onProgress: (p) => reporter.update(p),
          });
          reporter.stop();
          const generated =
            result.generatedIndexNumbers > 0
              ? `, ${result.generatedIndexNumbers} index numbers generated`
              : '';
          const pii =
            result.acceptedPiiFindings > 0
              ? `, ${result.acceptedPiiFindings} personal-data findings recorded as accepted`
              : '';
          console.log(
            `Imported ${file}: ${result.imported} items (${result.published} published, ${result.drafts} draft${result.drafts === 1 ? '' : 's'})` +
              `${generated}${pii}; ${result.indexed} added to search.`,
          );
        } catch (err) {
          reporter.stop();
          if (!isAppError(err) || err.code !== 'VALIDATION') throw err;
          const problems = importItemProblemsOf(err);
          const shown = problems
            .slice(0, MAX_PRINTED_PROBLEMS)
            .map((p) => `  ${describeProblem(parsed.format, p)}`);
          const more =
            problems.length > MAX_PRINTED_PROBLEMS
              ? [`  … and ${problems.length - MAX_PRINTED_PROBLEMS} more (${problems.length} in all)`]
              : [];
          throw new CliError(
            [`${file}: ${problems.length} problem(s), nothing imported`, ...shown, ...more].join('\n'),
            1,
          );
        }
      });
    });
}
