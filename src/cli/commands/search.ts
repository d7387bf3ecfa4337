import type { Command } from 'commander';
import { CliError, withDatabase } from '../context.js';
import { findOrgByCode } from '../../orgs/orgs.repository.js';
import { createSearchIndex } from '../../platform/search/search-index.js';

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new CliError(`--limit must be a whole number from 1 to 100, not ${value}`, 2);
  return n;
}

/**
 * `gongkai search QUERY [--org CODE] [--json] [--limit N]` (contracts §4b, §5): the published catalog
 * as the public sees it, best first. Reads only the search index's own tables.
 */
export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('search the published catalog as the public sees it')
    .argument('<query>', 'words, a 文号 or an 索引号; traditional or simplified characters')
    .option('--org <code>', 'only this organisation and its sub-organisations')
    .option('--json', 'print {"total", "results": [{"indexNumber","title","org","publishedOn","snippet"}]}')
    .option('--limit <n>', 'how many results (default 20, at most 100)', parseLimit)
    .action((query: string, opts: { org?: string; json?: boolean; limit?: number }) =>
      withDatabase(async (database) => {
        let orgPath: string | undefined;
        if (opts.org) {
          const org = await findOrgByCode(database.db, opts.org);
          if (!org) throw new CliError(`no organisation with code ${opts.org}`, 1);
          orgPath = org.path;
        }
        const result = await createSearchIndex(database).search(database.db, {
          text: query,
          orgPath,
          limit: opts.limit ?? 20,
        });
        const results = result.hits.map((h) => ({
          indexNumber: h.indexNumber,
          title: h.title,
          org: h.orgCode,
          publishedOn: h.publishedOn,
          snippet: h.snippetText,
        }));
        if (opts.json) {
          console.log(JSON.stringify({ total: result.total, results }));
          return;
        }
        if (results.length === 0) {
          console.log(
            result.normalizedTerms.length === 0
              ? 'Nothing to search for: the query has no words.'
              : `No published item matches ${result.normalizedTerms.join(' ')}. Try fewer or broader words.`,
          );
          return;
        }
        const total = result.totalIsEstimate
          ? `About ${result.total}`
          : result.totalIsLowerBound
            ? `More than ${result.total}`
            : `${result.total}`;
        console.log(`${total} published item(s) match; best ${results.length}:`);
        results.forEach((r, i) => {
          console.log(
            `\n${i + 1}. ${r.title}\n   ${r.indexNumber} · ${r.org} · ${r.publishedOn}\n   ${r.snippet}`,
          );
        });
      }),
    );
}
