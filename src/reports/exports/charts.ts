import { createRequire } from 'node:module';
import type * as EChartsTypes from 'echarts';
import { OUTCOME_CODES, outcomeGroupOf, OUTCOME_GROUPS, type AnnualReport } from '../annual-report.js';
import { REPORT_MESSAGES } from '../annual-report.messages.js';
import type { ReportStatistics } from '../derive-annual-report.js';

/**
 * The report's figures as server-side SVG with ECharts (stack probe §5), like the seed report's figures
 * 6–8: proactive items by category, applications by channel, results by outcome group, appeals. ECharts
 * is loaded on first use (its require costs ~120 ms). Each chart carries a plain-text description of its
 * figures for screen readers and for the HTML's `<figcaption>`.
 */

export interface ReportChart {
  id: 'items-by-category' | 'applications-by-channel' | 'applications-by-outcome' | 'appeals';
  title: string;
  /** The figures in words: "政府规章文件类 96件（5.2%）；…". */
  description: string;
  svg: string;
  width: number;
  height: number;
}

type EChartsModule = typeof EChartsTypes;
let echartsModule: EChartsModule | undefined;
function echarts(): EChartsModule {
  // Synchronous lazy require: the exports stay usable from synchronous renderers.
  echartsModule ??= createRequire(import.meta.url)('echarts') as EChartsModule;
  return echartsModule;
}

const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
const WIDTH = 720;
const HEIGHT = 400;

function render(option: Record<string, unknown>, width = WIDTH, height = HEIGHT): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const zh = (key: string) => REPORT_MESSAGES[key]!['zh-CN'];

function share(n: number, total: number): string {
  return total > 0 ? `${Math.round((1000 * n) / total) / 10}%` : '0%';
}

/** "合计13件：当面5件（38.5%）；信函…": the total first, so each share is checkable against it. */
function describe(items: { name: string; value: number }[], unit: string): string {
  const total = items.reduce((a, b) => a + b.value, 0);
  return `合计${total}${unit}：${items.map((i) => `${i.name}${i.value}${unit}（${share(i.value, total)}）`).join('；')}`;
}

// Text inside the SVGs carries no measure word (件/条): a page with the charts inline is still read by
// `gongkai report check`, whose narrative check would otherwise take axis ticks and labels for figures.
function pie(title: string, items: { name: string; value: number }[]): string {
  return render({
    title: { text: title, left: 'center', top: 8, textStyle: { fontSize: 16, fontFamily: FONT } },
    tooltip: { show: false },
    legend: { bottom: 8, left: 'center' },
    series: [
      {
        type: 'pie',
        radius: ['30%', '58%'],
        center: ['50%', '50%'],
        label: { formatter: '{b}：{c}（{d}%）', fontSize: 12 },
        data: items,
      },
    ],
  });
}

function bar(title: string, categories: string[], series: { name: string; data: number[] }[]): string {
  return render({
    title: { text: title, left: 'center', top: 8, textStyle: { fontSize: 16, fontFamily: FONT } },
    legend: series.length > 1 ? { bottom: 8, left: 'center' } : undefined,
    grid: { left: 60, right: 30, top: 60, bottom: series.length > 1 ? 90 : 70 },
    xAxis: {
      type: 'category',
      data: categories,
      axisLabel: { interval: 0, rotate: categories.length > 4 ? 20 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.data,
      barMaxWidth: 48,
      label: { show: true, position: 'top' },
    })),
  });
}

const CHANNEL_NAMES: Record<ReportStatistics['applicationsByChannel'][number]['group'], string> = {
  in_person: '当面',
  letter: '信函',
  online: '网络',
  other: '其他',
};

const GROUP_SHORT: Record<(typeof OUTCOME_GROUPS)[number], string> = {
  granted: '予以公开',
  partial: '部分公开',
  withheld: '不予公开',
  unavailable: '无法提供',
  declined: '不予处理',
  other: '其他处理',
};

/** The charts of a report; those needing `statistics` (categories, channels) only when it is given. */
export function renderReportCharts(report: AnnualReport, statistics?: ReportStatistics): ReportChart[] {
  const charts: ReportChart[] = [];
  const year = report.year;
  if (statistics) {
    const items = statistics.itemsByCategory.map((c) => ({ name: c.name, value: c.count }));
    const title = `${year}年主动公开政府信息分类情况`;
    charts.push({
      id: 'items-by-category',
      title,
      description: describe(items, '条'),
      svg: pie(title, items),
      width: WIDTH,
      height: HEIGHT,
    });
    const channels = statistics.applicationsByChannel
      .filter((c) => c.group !== 'other' || c.count > 0)
      .map((c) => ({ name: CHANNEL_NAMES[c.group], value: c.count }));
    const channelTitle = `${year}年政府信息公开申请方式情况`;
    charts.push({
      id: 'applications-by-channel',
      title: channelTitle,
      description: describe(channels, '件'),
      svg: pie(channelTitle, channels),
      width: WIDTH,
      height: HEIGHT,
    });
  }
  const rows = report.applications.rows;
  const outcomes = OUTCOME_GROUPS.map((g) => ({
    name: GROUP_SHORT[g],
    value: OUTCOME_CODES.filter((c) => outcomeGroupOf(c) === g).reduce((a, c) => a + rows[c][6], 0),
  }));
  const outcomeTitle = `${year}年政府信息公开申请办理结果情况`;
  charts.push({
    id: 'applications-by-outcome',
    title: outcomeTitle,
    description: describe(outcomes, '件'),
    svg: bar(
      outcomeTitle,
      outcomes.map((o) => o.name),
      [{ name: '件数', data: outcomes.map((o) => o.value) }],
    ),
    width: WIDTH,
    height: HEIGHT,
  });
  const a = report.appeals;
  const kinds = [
    { name: zh('reports.appeal.reconsideration'), v: a.reconsideration },
    {
      name: `${zh('reports.appeal.litigation')}（${zh('reports.appeal.litigationDirect')}）`,
      v: a.litigationDirect,
    },
    {
      name: `${zh('reports.appeal.litigation')}（${zh('reports.appeal.litigationAfterReconsideration')}）`,
      v: a.litigationAfterReconsideration,
    },
  ];
  const fields = ['upheld', 'corrected', 'other', 'pending'] as const;
  const appealsTitle = `${year}年政府信息公开行政复议、行政诉讼情况`;
  charts.push({
    id: 'appeals',
    title: appealsTitle,
    description: kinds
      .map(
        (k) =>
          `${k.name}${k.v.total}件（${fields.map((f) => `${zh(`reports.appeal_field.${f}`)}${k.v[f]}件`).join('，')}）`,
      )
      .join('；'),
    svg: bar(
      appealsTitle,
      kinds.map((k) => k.name),
      fields.map((f) => ({ name: zh(`reports.appeal_field.${f}`), data: kinds.map((k) => k.v[f]) })),
    ),
    width: WIDTH,
    height: HEIGHT,
  });
  return charts;
}
