import { OUTCOME_CODES, outcomeGroupOf, type AnnualReport, type OutcomeGroup } from './annual-report.js';

/**
 * A first draft of sections 一, 五 and 六 from the tables and last year's report, for the unit to edit
 * (issue 5 item 4). Pure. Every figure is quoted exactly as the tables hold it, in Arabic numerals, with
 * the keywords the validator's narrative check reads ("收到…申请N件", "办结N件", "予以公开N件，占p%"), so
 * the draft always passes `narrative-consistency`; year-on-year changes are given as percentages and
 * last year's figure in brackets ("上年为N件"), which the check does not take for this year's figures.
 */

const TOTAL = 6;

function total(report: AnnualReport, row: keyof AnnualReport['applications']['rows']): number {
  return report.applications.rows[row][TOTAL];
}

function groupTotal(report: AnnualReport, group: OutcomeGroup): number {
  return OUTCOME_CODES.filter((c) => outcomeGroupOf(c) === group).reduce((a, c) => a + total(report, c), 0);
}

/** One decimal, without a trailing ".0" (42.9, 50). */
function percent(part: number, whole: number): string {
  const p = Math.round((1000 * part) / whole) / 10;
  return String(p);
}

/**
 * "增加25%（上年为8件）", "减少10%（上年为10件）", "与上年持平（上年为8件）". Last year's figure always stands
 * in brackets, its own clause, so the narrative check never reads it as this year's.
 */
function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? '与上年持平（上年为0件）' : '有所增加（上年为0件）';
  if (now === before) return `与上年持平（上年为${before}件）`;
  const rate = percent(Math.abs(now - before), before);
  return `${now > before ? '增加' : '减少'}${rate}%（上年为${before}件）`;
}

function whoOf(report: AnnualReport): string {
  return report.scope === 'aggregate' ? `${report.org.name}及所属单位` : report.org.name;
}

export interface NarrativeDraft {
  overview: string;
  problems: string;
  other: string;
}

export function draftNarrative(report: AnnualReport, previous?: AnnualReport | null): NarrativeDraft {
  const p = report.proactive;
  const who = whoOf(report);
  const received = total(report, 'received');
  const carriedIn = total(report, 'carried_in');
  const closed = total(report, 'total');
  const carriedOut = total(report, 'carried_out');

  const overview: string[] = [];
  overview.push(
    `${report.year}年，${who}认真贯彻落实《中华人民共和国政府信息公开条例》，` +
      `坚持以公开为常态、不公开为例外，依法做好主动公开、依申请公开和政府信息管理等工作。现将本年度政府信息公开工作情况报告如下。`,
  );

  overview.push(
    `主动公开方面，本年度制发规章${p.regulations.issued}件、行政规范性文件${p.normativeDocuments.issued}件；` +
      `废止规章${p.regulations.abolished}件、行政规范性文件${p.normativeDocuments.abolished}件；` +
      `截至年底，现行有效规章${p.regulations.valid}件、行政规范性文件${p.normativeDocuments.valid}件。` +
      `本年度办理行政许可决定${p.licensing.decisions}件，作出行政处罚决定${p.penalty.decisions}件、行政强制决定${p.coercion.decisions}件。`,
  );

  let applications =
    `依申请公开方面，本年度共收到政府信息公开申请${received}件，上年结转${carriedIn}件，` +
    `办结${closed}件，结转下年度继续办理${carriedOut}件。`;
  if (closed > 0) {
    const shares: string[] = [];
    const quote = (label: string, n: number) => `${label}${n}件，占${percent(n, closed)}%`;
    shares.push(quote('予以公开', total(report, 'granted')));
    shares.push(quote('部分公开', total(report, 'partial')));
    shares.push(quote('不予公开', groupTotal(report, 'withheld')));
    shares.push(quote('无法提供', groupTotal(report, 'unavailable')));
    shares.push(quote('不予处理', groupTotal(report, 'declined')));
    shares.push(quote('其他处理', groupTotal(report, 'other')));
    applications += `在办结的申请中，${shares.join('；')}。`;
  }
  if (previous) {
    applications +=
      `与上年相比，新收申请数量${change(received, total(previous, 'received'))}，` +
      `办结数量${change(closed, total(previous, 'total'))}。`;
  }
  overview.push(applications);

  const a = report.appeals;
  const litigation = a.litigationDirect.total + a.litigationAfterReconsideration.total;
  const pendingAppeals =
    a.reconsideration.pending + a.litigationDirect.pending + a.litigationAfterReconsideration.pending;
  let appeals = `行政复议和行政诉讼方面，本年度因政府信息公开工作被申请行政复议${a.reconsideration.total}件，被提起行政诉讼${litigation}件`;
  const corrected =
    a.reconsideration.corrected + a.litigationDirect.corrected + a.litigationAfterReconsideration.corrected;
  appeals += corrected > 0 ? `，其中结果被纠正的${corrected}起` : '';
  appeals += pendingAppeals > 0 ? `，截至年底尚未审结的${pendingAppeals}起` : '';
  appeals += '。';
  if (previous) {
    const before =
      previous.appeals.reconsideration.total +
      previous.appeals.litigationDirect.total +
      previous.appeals.litigationAfterReconsideration.total;
    const now = a.reconsideration.total + litigation;
    appeals += `复议、诉讼案件合计${change(now, before)}。`;
  }
  overview.push(appeals);

  const problems: string[] = [];
  const issues: string[] = [];
  if (carriedOut > 0) issues.push(`尚有结转下年度继续办理的申请${carriedOut}件，需跟踪办理、按时答复`);
  if (corrected > 0) issues.push('个别答复在行政复议或行政诉讼中被纠正，答复的规范性有待提高');
  if (groupTotal(report, 'unavailable') > 0 && closed > 0)
    issues.push('部分申请因本机关不掌握或需另行制作而无法提供，政府信息管理和主动公开的针对性有待加强');
  if (issues.length === 0) issues.push('政府信息公开工作的规范化、标准化水平仍需进一步提高');
  problems.push(
    `${report.year}年，${who}政府信息公开工作仍存在一些不足：${issues.map((t, i) => `${'一二三四五'[i]}是${t}`).join('；')}。`,
  );
  problems.push(
    '下一步，将进一步加强政府信息管理，完善主动公开目录，规范依申请公开办理流程，提高答复质量，加强工作人员培训和监督检查。',
  );

  const other: string[] = [];
  const feeUnpaid = total(report, 'other.fee_unpaid');
  other.push(
    feeUnpaid > 0
      ? `本年度依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）发出收费通知，因申请人逾期未缴纳费用而不再处理的申请${feeUnpaid}宗。【请填写本年度实际收取信息处理费的金额】`
      : '【请填写本年度依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费的情况；未收取的，写明“本年度未收取信息处理费”】',
  );
  other.push('【请填写人大代表建议和政协提案办理结果公开情况、年度工作要点落实情况等其他需要报告的事项】');

  return { overview: overview.join('\n'), problems: problems.join('\n'), other: other.join('\n') };
}
