/**
 * Full-text search at scale (issue 3, Performance): synthetic ~500-character government items,
 * generated deterministically into a JSON Lines file before the timed section, read back, parsed and
 * segmented in a worker thread and the main thread (both cores; reading is timed), indexed through the
 * SearchIndex; then 200 fixed one- and two-word queries (a quarter with filters, all with snippets),
 * timed one by one for p50/p95/p99, against the same queries as a `LIKE '%…%'` scan in the same run.
 *
 * BENCH_SEARCH_ITEMS=N   items to index (default 100000; the targets are stated at 1,000,000)
 * BENCH_DATABASE_URL     also run on this PostgreSQL (a scratch schema, dropped afterwards)
 * BENCH_SEARCH_KEEP=1    keep the SQLite file (its path is printed)
 *
 *   npm run bench -- search               # through the harness (ops/s and ratio to LIKE)
 *   npx tsx bench/search.bench.ts         # the same, standalone
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { defineBench, formatResult, runBench, type Bench } from './harness.js';
import {
  createPostgresBenchDatabase,
  createSqliteBenchDatabase,
  type BenchDatabase,
} from './support/bench-db.js';
import {
  createSearchIndex,
  type DocType,
  type SearchDocument,
  type SearchQuery,
} from '../src/platform/search/search-index.js';
import { prepareDocument, type PreparedDocument } from '../src/platform/search/text-pipeline.js';
import { openDatabase, withBulkLoadSettings } from '../src/platform/db/database.js';
import { seededRandom } from '../src/platform/seeded-random.js';

const SELF = fileURLToPath(import.meta.url);
const WORKER_ROLE = 'search-bench-segmenter';
const BATCH = 500;
/** Items the main thread segments at a time when no worker batch is ready (see segmentInWorkers). */
const MAIN_BATCH = Number(process.env.BENCH_SEARCH_MAIN_BATCH) || 100;
const WARMUP = Number(process.env.BENCH_SEARCH_WARMUP) || 200;
/**
 * Items per write transaction (smaller: less memory held in prepared documents; larger, on SQLite: fewer,
 * larger FTS5 segments to merge, 250 instead of 1,000 at a million items). The catalog import writes
 * its whole file in one transaction. PostgreSQL keeps 1,000 (one transaction is in flight on the server
 * while the next is prepared: both are held in memory).
 */
const TXN_SQLITE = Number(process.env.BENCH_SEARCH_TXN) || 4_000;
const TXN_POSTGRES = Number(process.env.BENCH_SEARCH_TXN) || 1_000;
/**
 * Passes over the 200 queries timed for the latency percentiles outside the harness' rounds, so that
 * BENCH_ITERATIONS can stay small at 1,000,000 items, where each LIKE scan takes seconds (0: the
 * latencies come from the harness' calls, as before).
 */
const PASSES = Number(process.env.BENCH_SEARCH_PASSES) || 0;
/** Old-generation heap limit of the segmenting worker thread, MiB (its live data is two batches). */
const WORKER_HEAP_MB = Number(process.env.BENCH_SEARCH_WORKER_HEAP_MB) || 64;
/** SQLite page cache of the bench connection, MiB. */
const SQLITE_CACHE_MB = Number(process.env.BENCH_SEARCH_SQLITE_CACHE_MB) || 32;
/** Item counts at which indexing pauses for one timed pass over the queries (e.g. 100000,300000). */
const CHECKPOINTS = (process.env.BENCH_SEARCH_CHECKPOINTS ?? '')
  .split(',')
  .map(Number)
  .filter((n) => n > 0)
  .sort((x, y) => x - y);
/** Skip indexing and query an index kept by an earlier run: a PostgreSQL schema or a SQLite file. */
const REUSE = process.env.BENCH_SEARCH_REUSE;
/** Generate the items inside the timed section (the figures before 28 November 03:00) instead of reading a file. */
const INLINE_GENERATION = Boolean(process.env.BENCH_SEARCH_INLINE_GENERATION);

// ---------------------------------------------------------------------------------------------
// Deterministic corpus

const REPORT_SENTENCES = [
  '2015年，全市共收到政府信息公开申请1207宗，主要集中在征地拆迁、规划建设、重大工程项目等方面。',
  '因政府信息公开工作被申请行政复议的案件共12宗，提起行政诉讼的案件共3宗。',
  '市国土资源局、市城乡规划局和市住房和城乡建设局进一步加大主动公开力度。',
  '建立健全政府信息公开保密审查机制，确保公开内容不涉及国家秘密。',
  '按照财政预算公开的要求，及时公开部门预算、决算和“三公”经费。',
  '全年主动公开政府信息3.2万条，其中规范性文件156件。',
  '依申请公开工作严格按照法定时限办理答复，未发生超期答复情况。',
  '加强政策解读，对涉及群众切身利益的重要政策及时进行解读。',
  '推进重点领域信息公开，做好环境保护、食品药品安全、安全生产等信息发布。',
  '政府信息公开工作存在的主要问题是公开内容不够全面、更新不够及时。',
  '下一步将继续完善政府信息公开工作制度，提高公开工作的规范化水平。',
  '本机关政府信息公开工作年度报告由概述、主动公开政府信息情况等部分组成。',
  '政府信息公开指南和政府信息公开目录已在门户网站公布，方便公众查询。',
  '对收费标准、价格调整等事项，按规定召开听证会并公开听证结果。',
  '教育、医疗卫生、社会保障等民生领域信息公开情况良好。',
  '各镇街、各部门认真落实政府信息公开条例，公开意识不断增强。',
  '通过政府公报、新闻发布会、政务微博等渠道扩大信息公开覆盖面。',
  '对涉及征地补偿、房屋征收的信息做到应公开尽公开。',
  '行政权力运行信息公开，包括行政许可、行政处罚、行政强制等事项。',
  '全年未发生因政府信息公开而引发的重大舆情事件。',
];
const PLACES = [
  '东莞',
  '莞城',
  '南城',
  '东城',
  '万江',
  '石龙',
  '虎门',
  '长安',
  '常平',
  '樟木头',
  '塘厦',
  '松山湖',
];
const DEPARTMENTS = [
  '市教育局',
  '市财政局',
  '市自然资源局',
  '市生态环境局',
  '市住房和城乡建设局',
  '市卫生健康局',
  '市市场监督管理局',
  '市应急管理局',
  '市人力资源和社会保障局',
  '市交通运输局',
  '市司法局',
  '市发展和改革局',
];
const TOPICS = [
  '征地拆迁',
  '财政预算',
  '环境保护',
  '食品药品安全',
  '安全生产',
  '价格和收费',
  '教育医疗',
  '行政复议',
  '保障性住房',
  '重大建设项目',
  '公共资源配置',
  '社会救助',
  '就业创业',
  '扶贫开发',
  '国有企业',
];
const TEMPLATES = [
  (p: string, d: string, t: string) => `${p}${d}关于${t}工作情况的通报。`,
  (p: string, d: string, t: string) => `${d}召开${t}专题会议，研究部署${p}相关工作。`,
  (p: string, d: string, t: string) => `${p}${t}信息公开专栏已更新，请及时关注${d}发布的通知。`,
  (p: string, d: string, t: string) => `关于印发${p}${t}实施方案的通知由${d}负责解释。`,
];
const TITLE_FORMS = [
  (p: string, d: string, t: string) => `${p}${d}关于${t}的通知`,
  (p: string, d: string, t: string) => `${d}${t}工作实施方案`,
  (p: string, _d: string, t: string) => `${p}市${t}管理办法`,
  (_p: string, d: string) => `${d}政府信息公开工作年度报告`,
  (p: string, d: string, t: string) => `${d}关于${p}${t}情况的公告`,
];

let dictWords: string[] | undefined;
/** The 60,000 most frequent jieba dictionary words (CJK only), most frequent first. */
function dictionary(): string[] {
  if (dictWords) return dictWords;
  const given = (workerData as { words?: string[] } | null)?.words;
  if (given) return (dictWords = given);
  const file = path.join(path.dirname(SELF), '../node_modules/@node-rs/jieba/dict.txt');
  const rows = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.split(' '))
    .filter((r) => r.length >= 2 && /^[\u4e00-\u9fff]{2,4}$/.test(r[0]!))
    .map((r) => [r[0]!, Number(r[1])] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return (dictWords = rows.slice(0, 60_000).map((r) => r[0]));
}

function zipf(r: () => number, n: number): number {
  // Inverse-CDF approximation of a Zipf(1) rank in [0, n).
  return Math.min(n - 1, Math.floor(Math.exp(r() * Math.log(n + 1)) - 1));
}

const COLUMNS = [
  'statutory',
  'normative',
  'budget',
  'land',
  'environment',
  'food-safety',
  'work-safety',
  'prices',
  'education',
  'annual-reports',
];
const ORG_PATHS: { id: number; path: string; code: string }[] = [];
for (let i = 1; i <= 60; i++) {
  // /1/ the city, /1/k/ departments, /1/k/j/ sub-units
  const parent = i === 1 ? '' : i <= 30 ? '/1' : `/1/${2 + (i % 29)}`;
  ORG_PATHS.push({ id: i, path: `${parent}/${i}/`, code: `org-${i}` });
}

export function syntheticItem(id: number): SearchDocument {
  const r = seededRandom(id * 2654435761);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const words = dictionary();
  const place = pick(PLACES);
  const dept = pick(DEPARTMENTS);
  const topic = pick(TOPICS);
  let body = '';
  while (body.length < 480) {
    const x = r();
    if (x < 0.3) body += pick(REPORT_SENTENCES);
    else if (x < 0.55) body += pick(TEMPLATES)(pick(PLACES), pick(DEPARTMENTS), pick(TOPICS));
    else {
      const n = 6 + Math.floor(r() * 10);
      for (let k = 0; k < n; k++) body += words[zipf(r, words.length)]!;
      body += '。';
    }
  }
  const org = ORG_PATHS[Math.floor(r() * ORG_PATHS.length)]!;
  const year = 2010 + Math.floor(r() * 16);
  const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
  const dt = r();
  const docType: DocType = dt < 0.05 ? 'regulation' : dt < 0.2 ? 'normative' : 'other';
  const effectiveOn = docType === 'other' ? null : `${year}-${month}-${day}`;
  const abolishedOn =
    docType !== 'other' && r() < 0.3 ? `${Math.min(2030, year + 1 + Math.floor(r() * 8))}-01-01` : null;
  const columns = [pick(COLUMNS), ...(r() < 0.3 ? [pick(COLUMNS)] : [])];
  return {
    id,
    orgId: org.id,
    orgPath: org.path,
    orgCode: org.code,
    indexNumber: `${org.code}/${year}-${String(id).padStart(7, '0')}`,
    title: pick(TITLE_FORMS)(place, dept, topic),
    summary: `${dept}发布${topic}相关信息。`,
    body,
    attachmentText: '',
    docNumber: r() < 0.3 ? `东府〔${year}〕${1 + Math.floor(r() * 200)}号` : null,
    keywords: [topic],
    columns,
    publishedOn: `${year}-${month}-${day}`,
    docType,
    effectiveOn,
    abolishedOn,
  };
}

/** 200 fixed queries: 50 common report terms, 50 dictionary words of three bands, 100 two-word pairs. */
export function fixedQueries(): SearchQuery[] {
  const r = seededRandom(20261127);
  const words = dictionary();
  const common = [
    '拆迁',
    '行政复议',
    '政府信息',
    '东莞',
    '预算',
    '复议',
    '公开',
    '申请',
    '规划',
    '工程',
    '报告',
    '项目',
    '环境保护',
    '安全生产',
    '教育',
    '财政',
    '征地',
    '保密审查',
    '听证',
    '社会保障',
    '年度报告',
    '规范性文件',
    '行政许可',
    '行政处罚',
    '信息公开',
    '食品药品',
    '价格',
    '收费',
    '医疗',
    '就业',
    '扶贫',
    '国有企业',
    '住房',
    '交通',
    '虎门',
    '长安',
    '松山湖',
    '市教育局',
    '通知',
    '实施方案',
    '管理办法',
    '公告',
    '政策解读',
    '舆情',
    '政府公报',
    '新闻发布会',
    '公共资源',
    '社会救助',
    '征收',
    '补偿',
  ];
  const band = (lo: number, hi: number) => words[lo + Math.floor(r() * (hi - lo))]!;
  const dict = [
    ...Array.from({ length: 17 }, () => band(0, 2_000)),
    ...Array.from({ length: 17 }, () => band(2_000, 20_000)),
    ...Array.from({ length: 16 }, () => band(20_000, 60_000)),
  ];
  const texts = [
    ...common,
    ...dict,
    ...Array.from({ length: 50 }, () => `${common[Math.floor(r() * 50)]} ${common[Math.floor(r() * 50)]}`),
    ...Array.from({ length: 50 }, () => `${common[Math.floor(r() * 50)]} ${dict[Math.floor(r() * 50)]}`),
  ];
  return texts.map((text, i) => {
    const q: SearchQuery = { text };
    // A quarter of the queries carry a filter, as the public search form offers them.
    if (i % 8 === 1) q.orgPath = `/1/${2 + (i % 29)}/`;
    if (i % 8 === 3) q.year = 2010 + (i % 16);
    if (i % 8 === 5) q.column = COLUMNS[i % COLUMNS.length];
    if (i % 16 === 7) {
      q.validity = 'valid';
      q.today = '2026-01-01';
      q.docType = 'normative';
    }
    if (i % 10 === 9) q.sort = 'date';
    return q;
  });
}

// ---------------------------------------------------------------------------------------------
// The items as an office's import file: JSON Lines, written before the timed section

/** Items per entry of the file's offset table (a range is read from the entry at or before it). */
const STRIDE = 100;

/**
 * Where the items are read from during the timed indexing: a JSON Lines file of items 1..total and
 * the byte offset of every STRIDE-th line (item 1 + k·STRIDE starts at `offsets[k]`; the last entry is
 * the file's length). Without it (BENCH_SEARCH_INLINE_GENERATION=1) each thread generates its items.
 */
interface ItemsFile {
  file: string;
  offsets: SharedArrayBuffer;
}

/** Generates items 1..total into `file` (untimed), one JSON object per line. */
function writeItemsFile(file: string, total: number): ItemsFile {
  const offsets = new SharedArrayBuffer(8 * (Math.ceil(total / STRIDE) + 1));
  const at = new Float64Array(offsets);
  const fd = fs.openSync(file, 'w');
  let written = 0;
  try {
    for (let from = 1, k = 0; from <= total; from += STRIDE, k++) {
      at[k] = written;
      let chunk = '';
      for (let id = from; id < Math.min(total + 1, from + STRIDE); id++) {
        chunk += JSON.stringify(syntheticItem(id)) + '\n';
      }
      written += fs.writeSync(fd, chunk);
    }
    at[at.length - 1] = written;
  } finally {
    fs.closeSync(fd);
  }
  return { file, offsets };
}

let itemsFd: number | undefined;
function closeItems(): void {
  if (itemsFd !== undefined) fs.closeSync(itemsFd);
  itemsFd = undefined;
}
/**
 * Items from..to-1 (to ≤ total + 1), read from the file (one positioned read of the lines that hold
 * them) and parsed, or generated when there is no file; `ms` is the time that took on this thread.
 */
function readItems(
  source: ItemsFile | undefined,
  from: number,
  to: number,
): { docs: SearchDocument[]; ms: number } {
  const t0 = performance.now();
  const docs: SearchDocument[] = [];
  if (!source) {
    for (let id = from; id < to; id++) docs.push(syntheticItem(id));
    return { docs, ms: performance.now() - t0 };
  }
  const at = new Float64Array(source.offsets);
  const first = Math.floor((from - 1) / STRIDE);
  const last = Math.ceil((to - 1) / STRIDE);
  const start = at[first]!;
  const bytes = Buffer.allocUnsafe(at[last]! - start);
  itemsFd ??= fs.openSync(source.file, 'r');
  for (let got = 0; got < bytes.length;) {
    const n = fs.readSync(itemsFd, bytes, got, bytes.length - got, start + got);
    if (n === 0) throw new Error(`search bench: ${source.file} ends early`);
    got += n;
  }
  const lines = bytes.toString('utf8').split('\n');
  const skip = from - 1 - first * STRIDE;
  for (let i = skip; i < skip + (to - from); i++) docs.push(JSON.parse(lines[i]!) as SearchDocument);
  return { docs, ms: performance.now() - t0 };
}

// ---------------------------------------------------------------------------------------------
// Worker threads: read (or generate) and segment ranges of items

/**
 * Shared between the main thread and the workers: [0] the next item id to claim, [1] batches
 * finished (by a worker) and not yet taken by the main thread.
 */
const NEXT = 0;
const WAITING = 1;
/**
 * Finished batches that may wait for the main thread (bounds the memory they hold). With 2 the worker
 * stopped whenever a transaction ran long (FTS5 merges), and the main thread then segmented items
 * itself while the worker caught up: 15 % of the items, with the worker blocked 15 % of the time.
 */
const MAX_WAITING = Number(process.env.BENCH_SEARCH_MAX_WAITING) || 8;

interface WorkerSetup {
  role: string;
  words: string[];
  shared: SharedArrayBuffer;
  total: number;
  source: ItemsFile | undefined;
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  // Each worker claims the next range itself: it never waits for the main thread to hand out work
  // (the main thread runs long synchronous stretches: a SQLite transaction, a batch of its own), only
  // when MAX_WAITING finished batches are already waiting for it.
  const { shared, total, source } = workerData as WorkerSetup;
  const state = new Int32Array(shared);
  let blockedMs = 0;
  for (;;) {
    const b0 = performance.now();
    for (let w = Atomics.load(state, WAITING); w >= MAX_WAITING; w = Atomics.load(state, WAITING)) {
      Atomics.wait(state, WAITING, w);
    }
    blockedMs += performance.now() - b0;
    const from = Atomics.add(state, NEXT, BATCH);
    if (from > total) break;
    const { docs, ms } = readItems(source, from, Math.min(total + 1, from + BATCH));
    const out = docs.map(prepareDocument);
    Atomics.add(state, WAITING, 1);
    parentPort!.postMessage({ docs: out, genMs: ms });
  }
  closeItems();
  parentPort!.postMessage({ done: true, blockedMs });
}

/**
 * Segmented batches of items 1..total, in no particular order, read from `source` (or generated).
 * `threads` worker threads segment ranges they claim from a shared counter; whenever no worker batch
 * is ready the calling (main) thread claims and segments the next range itself, so one worker plus
 * the main thread keep both cores busy with two jieba dictionaries in memory instead of three.
 */
export async function* segmentInWorkers(
  total: number,
  threads: number,
  source?: ItemsFile,
): AsyncGenerator<PreparedDocument[]> {
  // Workers do not inherit tsx's loader on Node 20: register it inside, then load this file.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(SELF).href)}); })`;
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  Atomics.store(state, NEXT, 1);
  const ready: { docs: PreparedDocument[]; genMs: number }[] = [];
  let running = threads;
  let wake: (() => void) | undefined;
  const workers = Array.from({ length: threads }, () => {
    const w = new Worker(boot, {
      eval: true,
      // The dictionary words only when the worker generates its items (it reads them otherwise).
      workerData: {
        role: WORKER_ROLE,
        words: source ? [] : dictionary(),
        shared,
        total,
        source,
      } satisfies WorkerSetup,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 8 },
    });
    w.on('message', (m: { docs: PreparedDocument[]; genMs: number } | { done: true; blockedMs: number }) => {
      if ('done' in m) {
        running--;
        workerBlockedMs += m.blockedMs;
      } else ready.push(m);
      wake?.();
    });
    w.on('error', (e) => {
      console.error('segmenting worker failed:', e);
      running--;
      wake?.();
    });
    return w;
  });
  try {
    for (;;) {
      // better-sqlite3 behind Kysely resolves in microtasks only: without this turn of the event loop
      // the workers' messages would never be delivered while the main thread finds work of its own.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const got = ready.shift();
      if (got) {
        Atomics.sub(state, WAITING, 1);
        Atomics.notify(state, WAITING);
        generationMs += got.genMs;
        yield got.docs;
        continue;
      }
      const from = Atomics.add(state, NEXT, MAIN_BATCH);
      if (from <= total) {
        // No worker batch is ready: segment the next (short) range here, so that a worker batch
        // finished meanwhile waits for at most a fifth of a batch's segmentation.
        const { docs, ms } = readItems(source, from, Math.min(total + 1, from + MAIN_BATCH));
        generationMs += ms;
        mainItems += docs.length;
        yield docs.map(prepareDocument);
        continue;
      }
      if (running === 0 && ready.length === 0) break;
      const w0 = performance.now();
      await new Promise<void>((resolve) => (wake = resolve));
      mainWaitMs += performance.now() - w0;
      wake = undefined;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
let mainItems = 0;
let generationMs = 0;
/** Time the workers spent blocked with MAX_WAITING batches waiting, and the main thread waiting for a batch. */
let workerBlockedMs = 0;
let mainWaitMs = 0;

// ---------------------------------------------------------------------------------------------
// The bench

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Peak resident memory of the whole process (the main thread and every worker thread share it). */
function rssMiB(): string {
  return `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;
}

/**
 * CPU-seconds used so far by every process named `postgres` on this machine (/proc; 0 elsewhere):
 * the server's share of indexing, which process.cpuUsage() does not see. Includes other backends.
 */
function postgresServerCpuS(): number {
  let ticks = 0;
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
        const fields = stat.slice(close + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return 0;
  }
  return ticks / 100; // USER_HZ
}

function load(): string {
  return `load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')}`;
}

async function indexSize(b: BenchDatabase): Promise<string> {
  const db = b.database.db;
  if (b.database.dialect.kind === 'sqlite') {
    const rows = (
      await sql<{ name: string; bytes: number }>`select name, sum(pgsize) as bytes from dbstat
        where name like 'search%' or name like 'sqlite_autoindex_search%' group by name`.execute(db)
    ).rows;
    const sum = (prefix: string) =>
      rows.filter((r) => r.name.startsWith(prefix)).reduce((s, r) => s + r.bytes, 0);
    const all = rows.reduce((s, r) => s + r.bytes, 0);
    return `FTS5 index ${mib(sum('search_fts'))} + title index ${mib(sum('search_title_fts'))}, with the stored documents and their indexes ${mib(all)}`;
  }
  const r = (
    await sql<{
      gin: number;
      title: number;
      total: number;
    }>`select pg_relation_size('search_documents_tsv_idx') as gin,
      pg_relation_size('search_documents_title_tsv_idx') as title,
      pg_total_relation_size('search_documents') + pg_total_relation_size('search_document_columns') as total`.execute(
      db,
    )
  ).rows[0]!;
  return `GIN index ${mib(Number(r.gin))} + title GIN ${mib(Number(r.title))}, with the stored documents, tsvectors and other indexes ${mib(Number(r.total))}`;
}

function likeBaseline(b: BenchDatabase, q: SearchQuery) {
  // The naive alternative: every term as a substring of title or body, newest first, with a count.
  const terms = q.text.split(/\s+/).filter(Boolean);
  const conds = terms.map((t) => sql`(d.title like ${`%${t}%`} or d.body like ${`%${t}%`})`);
  if (q.orgPath) conds.push(sql`d.org_path like ${q.orgPath + '%'}`);
  if (q.year)
    conds.push(sql`d.published_on >= ${`${q.year}-01-01`} and d.published_on < ${`${q.year + 1}-01-01`}`);
  if (q.column) {
    conds.push(
      sql`exists (select 1 from search_document_columns c where c.doc_id = d.id and c.column_code = ${q.column})`,
    );
  }
  const where = sql.join(conds, sql` and `);
  return Promise.all([
    sql`select count(*) as n from search_documents d where ${where}`.execute(b.database.db),
    sql`select d.id, d.title, d.body from search_documents d where ${where}
      order by d.published_on desc limit 20`.execute(b.database.db),
  ]);
}

function searchBench(label: string, open: () => Promise<BenchDatabase>): Bench {
  const items = Number(process.env.BENCH_SEARCH_ITEMS) || 100_000;
  const queries = fixedQueries();
  let b: BenchDatabase | undefined;
  const index = () => createSearchIndex(b!.database);
  const latencies: number[] = [];
  const cpuLatencies: number[] = [];
  const likeLatencies: number[] = [];
  const matches: number[] = [];
  let qi = 0;
  let li = 0;
  let estimated = 0;
  let capped = 0;
  const checkpoint = async (done: number) => {
    const db = b!.database.db;
    if (b!.database.dialect.kind === 'postgres') await sql`analyze search_documents`.execute(db);
    const wall: number[] = [];
    const cpu: number[] = [];
    let est = 0;
    let cap = 0;
    for (const q of queries) await index().search(db, q);
    for (const q of queries) {
      const c = process.cpuUsage();
      const t = performance.now();
      const r = await index().search(db, q);
      wall.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      if (r.totalIsEstimate) est++;
      else if (r.totalIsLowerBound) cap++;
    }
    wall.sort((x, y) => x - y);
    cpu.sort((x, y) => x - y);
    console.log(
      `  ${label}: checkpoint at ${done.toLocaleString('en')} items (${b!.database.dialect.kind === 'postgres' ? 'after analyze' : 'no optimize'}), ` +
        `200 queries once after one untimed pass: p50 ${percentile(wall, 50).toFixed(1)} ms, p95 ${percentile(wall, 95).toFixed(1)} ms, ` +
        `p99 ${percentile(wall, 99).toFixed(1)} ms; CPU p50 ${percentile(cpu, 50).toFixed(1)} ms, p95 ${percentile(cpu, 95).toFixed(1)} ms; ` +
        `${cap} capped, ${est} estimated; RSS peak ${rssMiB()}; ${load()}`,
    );
  };
  const timePasses = async () => {
    if (PASSES === 0) return;
    // The latency percentiles from whole passes over the 200 queries, timed here.
    for (let i = 0; i < WARMUP; i++) await index().search(b!.database.db, queries[i % queries.length]!);
    for (let i = 0; i < PASSES * queries.length; i++) await timedSearch(queries[i % queries.length]!);
    console.log(`${label}: ${PASSES} timed passes over the 200 queries done; ${load()}`);
    if (process.env.BENCH_SEARCH_SLOWEST) {
      const slow = latencies
        .map((ms, i) => ({ ms, q: queries[i % queries.length]!, n: matches[i] }))
        .sort((x, y) => y.ms - x.ms)
        .slice(0, Number(process.env.BENCH_SEARCH_SLOWEST));
      for (const x of slow) console.log(`  ${x.ms.toFixed(1)} ms  ${JSON.stringify(x.q)}  total ${x.n}`);
    }
  };
  const timedSearch = async (q: SearchQuery) => {
    const c = process.cpuUsage();
    const t = performance.now();
    const r = await index().search(b!.database.db, q);
    latencies.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpuLatencies.push((used.user + used.system) / 1000);
    matches.push(r.total);
    if (r.totalIsEstimate) estimated++;
    else if (r.totalIsLowerBound) capped++;
  };
  return defineBench(`full-text search, ${items.toLocaleString('en')} items (${label})`, {
    async setup() {
      if (REUSE) {
        // Queries only, over an index kept by an earlier run (BENCH_SEARCH_KEEP=1).
        const database =
          label === 'PostgreSQL'
            ? openDatabase({ kind: 'postgres', url: process.env.BENCH_DATABASE_URL!, schema: REUSE })
            : openDatabase({ kind: 'sqlite', file: REUSE });
        b = { label, database, cleanup: () => database.close() };
        console.log(`${label}: reusing ${REUSE}: ${await indexSize(b)}; ${load()}`);
        await timePasses();
        return;
      }
      b = await open();
      const db = b.database.db;
      if (b.database.sqlite) {
        b.database.sqlite.pragma(`cache_size = -${SQLITE_CACHE_MB * 1024}`);
      }
      const search = index();
      // The items to index, as an import file written before the timed section (reading and parsing it
      // are timed), unless BENCH_SEARCH_INLINE_GENERATION=1 generates them inside the timed section.
      let source: ItemsFile | undefined;
      let itemsDir: string | undefined;
      if (!INLINE_GENERATION) {
        itemsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-items-'));
        const g0 = performance.now();
        source = writeItemsFile(path.join(itemsDir, 'items.jsonl'), items);
        const size = new Float64Array(source.offsets).at(-1)!;
        console.log(
          `${label}: ${items.toLocaleString('en')} items generated into a JSON Lines file (${mib(size)}) in ` +
            `${((performance.now() - g0) / 1000).toFixed(1)} s, untimed; ${load()}`,
        );
      }
      generationMs = 0;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const server0 = postgresServerCpuS();
      let done = 0;
      let pausedMs = 0;
      let pausedCpuS = 0;
      let pendingDocs: PreparedDocument[] = [];
      // PostgreSQL: the transaction of the previous batch runs on the server while this thread goes on
      // segmenting the next one (one transaction in flight at a time). SQLite writes on this thread.
      const pipelined = b.database.dialect.kind === 'postgres' && !process.env.BENCH_SEARCH_NO_PIPELINE;
      let inFlight: Promise<void> | undefined;
      const settle = async () => {
        const p = inFlight;
        inFlight = undefined;
        await p;
      };
      const flush = async () => {
        const docs = pendingDocs;
        pendingDocs = [];
        await settle();
        if (docs.length === 0) return;
        const write = db.transaction().execute((trx) => search.upsertPrepared(trx, docs));
        if (pipelined) {
          inFlight = write;
          // Reported when awaited; without this an early failure would be an unhandled rejection.
          write.catch(() => undefined);
        } else await write;
      };
      mainItems = 0;
      workerBlockedMs = 0;
      mainWaitMs = 0;
      const threads = Number(process.env.BENCH_SEARCH_WORKERS ?? 1);
      const perTransaction = b.database.dialect.kind === 'postgres' ? TXN_POSTGRES : TXN_SQLITE;
      console.log(
        `${label}: indexing with ${threads} worker thread(s) + main, ${perTransaction} items per transaction; ${load()}`,
      );
      // The product's bulk-load settings (database.ts): WAL checkpoints every 20,000 pages while loading.
      await withBulkLoadSettings(b.database, async () => {
        for await (const docs of segmentInWorkers(items, threads, source)) {
          pendingDocs.push(...docs);
          done += docs.length;
          if (pendingDocs.length >= perTransaction) await flush();
          if (CHECKPOINTS.length > 0 && done >= CHECKPOINTS[0]!) {
            // Query figures at an intermediate size, in case the run cannot finish (not in the rates).
            CHECKPOINTS.shift();
            await flush();
            await settle();
            const c0 = process.cpuUsage();
            const w0 = performance.now();
            await checkpoint(done);
            const used = process.cpuUsage(c0);
            pausedMs += performance.now() - w0;
            pausedCpuS += (used.user + used.system) / 1e6;
          }
          if (Math.floor(done / 100_000) > Math.floor((done - docs.length) / 100_000)) {
            const s = (performance.now() - t0) / 1000;
            console.log(
              `  ${label}: ${done.toLocaleString('en')} items in ${s.toFixed(0)} s (RSS peak ${rssMiB()}, ${load()})`,
            );
          }
        }
        await flush();
        await settle();
      });
      closeItems();
      if (itemsDir) fs.rmSync(itemsDir, { recursive: true, force: true });
      const loadS = (performance.now() - t0 - pausedMs) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuS = (cpu.user + cpu.system) / 1e6 - pausedCpuS;
      const t1 = performance.now();
      if (b.database.dialect.kind === 'sqlite') {
        await sql`insert into search_fts(search_fts) values ('optimize')`.execute(db);
        await sql`analyze`.execute(db);
      } else {
        await sql`vacuum analyze search_documents`.execute(db);
        await sql`analyze search_document_columns`.execute(db);
      }
      const optimizeS = (performance.now() - t1) / 1000;
      console.log(
        `${label}: indexing used ${cpuS.toFixed(1)} CPU-seconds (all threads) = ${(items / cpuS).toFixed(0)} items per ` +
          `CPU-second, i.e. ${((2 * items) / cpuS).toFixed(0)} items/s if both cores were ours; ${load()}`,
      );
      if (b.database.dialect.kind === 'postgres') {
        const serverS = postgresServerCpuS() - server0;
        console.log(
          `${label}: the PostgreSQL server processes on this machine used ${serverS.toFixed(1)} CPU-seconds meanwhile ` +
            `(every backend, other users' included); client + server ${(cpuS + serverS).toFixed(1)} CPU-seconds = ` +
            `${((2 * items) / (cpuS + serverS)).toFixed(0)} items/s if both cores were ours`,
        );
      }
      console.log(
        `${label}: indexed ${items.toLocaleString('en')} items in ${loadS.toFixed(1)} s = ` +
          `${(items / loadS).toFixed(0)} items/s (${INLINE_GENERATION ? 'generation' : 'reading and parsing the JSON Lines file'}, ` +
          `segmentation in worker threads and the main thread, inserts; ` +
          `${INLINE_GENERATION ? 'generation' : 'reading and parsing'} alone ${(generationMs / 1000).toFixed(1)} s of thread time; ${mainItems.toLocaleString('en')} of ` +
          `${items.toLocaleString('en')} items segmented on the main thread; worker(s) blocked ${(workerBlockedMs / 1000).toFixed(1)} s ` +
          `with ${MAX_WAITING} batches waiting, main thread waited ${(mainWaitMs / 1000).toFixed(1)} s for a batch); ` +
          `${b.database.dialect.kind === 'sqlite' ? 'FTS5 optimize + analyze' : 'vacuum analyze'} ${optimizeS.toFixed(1)} s`,
      );
      console.log(`${label}: ${await indexSize(b)}; peak RSS so far ${rssMiB()}; ${load()}`);
      if (process.env.BENCH_SEARCH_KEEP) {
        const where = b.database.sqlite
          ? b.database.sqlite.name
          : `schema ${(await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s}`;
        console.log(`${label}: keeping ${where}`);
        b.cleanup = () => b!.database.close();
      }
      await timePasses();
    },
    async teardown() {
      // Only the timed calls, not the warm-up.
      const skip = PASSES > 0 ? 0 : WARMUP;
      const s = latencies.slice(skip).sort((x, y) => x - y);
      const l = likeLatencies.slice(WARMUP).sort((x, y) => x - y);
      const c = cpuLatencies.slice(skip).sort((x, y) => x - y);
      if (s.length) {
        const m = matches.slice(skip).sort((x, y) => x - y);
        console.log(
          `${label}: search latency over ${s.length} calls (200 fixed queries): p50 ${percentile(s, 50).toFixed(1)} ms, ` +
            `p95 ${percentile(s, 95).toFixed(1)} ms, p99 ${percentile(s, 99).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms; ` +
            `LIKE baseline (${l.length} calls) p50 ${percentile(l, 50).toFixed(1)} ms, p95 ${percentile(l, 95).toFixed(1)} ms; ` +
            `matches per query median ${percentile(m, 50)}, p90 ${percentile(m, 90)} (${capped} of ${latencies.length} calls ` +
            `counted to the cap, ${estimated} estimated); ` +
            `CPU time per call p50 ${percentile(c, 50).toFixed(1)} ms, p95 ${percentile(c, 95).toFixed(1)} ms, p99 ${percentile(c, 99).toFixed(1)} ms; ` +
            `peak RSS ${rssMiB()}; ${load()}`,
        );
      }
      await b?.cleanup();
    },
    baselineName: "LIKE '%…%' scan + count",
    iterations: Number(process.env.BENCH_ITERATIONS) || 400,
    warmup: WARMUP,
    rounds: 2,
    baseline: async () => {
      // Stride 7 (coprime with 200): a short run still samples every kind of query.
      const q = queries[(7 * li++) % queries.length]!;
      const t = performance.now();
      await likeBaseline(b!, q);
      likeLatencies.push(performance.now() - t);
    },
    cases: {
      'SearchIndex.search (ranked, 20 hits, snippets)': async () => {
        const q = queries[qi++ % queries.length]!;
        if (PASSES > 0) await index().search(b!.database.db, q);
        else await timedSearch(q);
      },
    },
  });
}

export function benches(): Bench[] {
  const list = [searchBench('SQLite', createSqliteBenchDatabase)];
  const pgUrl = process.env.BENCH_DATABASE_URL;
  if (pgUrl) list.push(searchBench('PostgreSQL', () => createPostgresBenchDatabase(pgUrl)));
  return list;
}

if (isMainThread && process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  process.env.NODE_ENV ??= 'test';
  const only = process.argv.slice(2);
  for (const bench of benches().filter((x) => only.length === 0 || only.some((f) => x.name.includes(f)))) {
    console.log(formatResult(await runBench(bench)) + '\n');
  }
}
