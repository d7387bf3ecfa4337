import { parseDocument, DomUtils } from 'htmlparser2';
import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import { ReportReadError, reportFromGrids, type Grid, type ReadReport } from './national-layout.js';

/**
 * A report in the national layout as published on government sites: an HTML page whose tables are
 * sections 二, 三 and 四 (row and column spans expanded), and whose other text is the prose. Parsed
 * with htmlparser2, which is forgiving of the malformed markup such pages often have.
 */
export function readHtmlReport(html: string, name = 'page'): ReadReport {
  const document = parseDocument(html, { decodeEntities: true });
  const tables = DomUtils.getElementsByTagName('table', document, true);
  // The innermost tables: a layout table that wraps the report tables is not itself one.
  const leafTables = tables.filter(
    (t) => DomUtils.getElementsByTagName('table', t.children, true).length === 0,
  );
  if (leafTables.length === 0) throw new ReportReadError(`${name} has no table`);
  const grids: Grid[] = leafTables.map((table, i) => ({
    name: `${name} table ${i + 1}`,
    rows: tableGrid(table),
  }));
  const titleElement = DomUtils.findOne(
    (e) => e.name === 'title' || e.name === 'h1',
    document.children,
    true,
  );
  const title = titleElement ? DomUtils.textContent(titleElement) : '';
  return reportFromGrids(grids, { title, narrative: proseOf(document.children) });
}

/** The rows of a table with row and column spans expanded (the spanned text repeated). */
export function tableGrid(table: Element): string[][] {
  const rows = DomUtils.findAll((e) => e.name === 'tr', table.children).filter(
    (tr) => nearestTable(tr) === table,
  );
  const grid: string[][] = [];
  const pending: (string | undefined)[][] = []; // row → col → text carried down by rowspan
  rows.forEach((tr, r) => {
    const out: string[] = [];
    const carried = pending[r] ?? [];
    let col = 0;
    const place = (text: string, colspan: number, rowspan: number) => {
      while (carried[col] !== undefined) {
        out[col] = carried[col]!;
        col++;
      }
      for (let c = 0; c < colspan; c++) {
        out[col + c] = text;
        for (let k = 1; k < rowspan; k++) {
          (pending[r + k] ??= [])[col + c] = text;
        }
      }
      col += colspan;
    };
    for (const cell of tr.children) {
      if (!isTag(cell) || (cell.name !== 'td' && cell.name !== 'th')) continue;
      const span = (attr: string) =>
        Math.max(1, Math.min(100, Number.parseInt(cell.attribs[attr] ?? '1', 10) || 1));
      place(DomUtils.textContent(cell).replace(/\s+/g, ' ').trim(), span('colspan'), span('rowspan'));
    }
    for (let c = col; c < carried.length; c++) if (carried[c] !== undefined) out[c] = carried[c]!;
    grid.push(Array.from({ length: out.length }, (_, i) => out[i] ?? ''));
  });
  return grid;
}

function nearestTable(node: AnyNode): Element | null {
  let p = node.parent;
  while (p) {
    if (isTag(p) && p.name === 'table') return p;
    p = p.parent;
  }
  return null;
}

const BLOCKS = new Set([
  'p',
  'div',
  'br',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'section',
  'article',
  'tr',
  'title',
]);
const SKIP = new Set(['table', 'script', 'style', 'head', 'noscript']);

/** The page's text outside its tables, one line per block element. */
function proseOf(nodes: AnyNode[]): string {
  let out = '';
  const walk = (list: AnyNode[]) => {
    for (const node of list) {
      if (isText(node)) out += node.data;
      else if (isTag(node)) {
        const el = node;
        if (SKIP.has(el.name)) {
          out += '\n';
          continue;
        }
        if (BLOCKS.has(el.name)) out += '\n';
        walk(el.children);
        if (BLOCKS.has(el.name)) out += '\n';
      }
    }
  };
  walk(nodes);
  return out
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}
