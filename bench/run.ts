/**
 * `npm run bench [-- name-filter ...]`: runs every bench in bench/*.bench.ts in this one process and
 * prints ops/s and each case's ratio to its baseline. Ratios, not absolute numbers, are what to compare
 * between runs and machines; nothing here passes or fails.
 *
 * BENCH_ITERATIONS=N  timed calls per function (default 5000 on SQLite, 1000 on PostgreSQL)
 * BENCH_DATABASE_URL  also run the database benches on this PostgreSQL (a scratch schema is used and dropped)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatResult, runBench, type Bench } from './harness.js';

process.env.NODE_ENV ??= 'test';
const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);

const benchFiles = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const all: Bench[] = [];
for (const file of benchFiles) {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { benches?: () => Bench[] };
  if (typeof mod.benches !== 'function') throw new Error(`${file} must export benches(): Bench[]`);
  all.push(...mod.benches());
}
const selected = all.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
if (selected.length === 0) {
  console.error(`No bench matched ${filters.join(' ')}. Available: ${all.map((b) => b.name).join('; ')}`);
  process.exit(1);
}

console.log(
  `Node ${process.version}, ${selected.length} bench(es)${filters.length ? ` matching ${filters.join(' ')}` : ''}\n`,
);
for (const bench of selected) {
  console.log(formatResult(await runBench(bench)) + '\n');
}
