/**
 * 信息处理费 (条例第四十二条), computed by 《政府信息公开信息处理费管理办法》 国办函〔2020〕109号
 * (cn-rules §3, text verified). 第三条: charge either by count or by volume, progressively
 * (超额累进), never both for one application.
 */

export type FeeBasis = 'count' | 'pages';

export interface FeeTier {
  /** First and last unit (application or page) of the tier, inclusive; `to` null = open-ended. */
  from: number;
  to: number | null;
  rateYuan: number;
}

export interface FeeLine {
  from: number;
  to: number;
  units: number;
  rateYuan: number;
  amountYuan: number;
}

export interface FeeComputation {
  basis: FeeBasis;
  /** The units charged here (this application's count, or its pages). */
  units: number;
  amountYuan: number;
  /** One line per tier touched, for the fee notice ("说明收费的依据、标准、数额"). */
  lines: FeeLine[];
  /** The legal basis, for the notice. */
  basisText: string;
}

/**
 * 第五条 按量计收, per application by pages: ≤30 free; 31–100 at 10元; 101–200 at 20元; 201 and up at 40元.
 */
export const PAGE_TIERS: readonly FeeTier[] = [
  { from: 1, to: 30, rateYuan: 0 },
  { from: 31, to: 100, rateYuan: 10 },
  { from: 101, to: 200, rateYuan: 20 },
  { from: 201, to: null, rateYuan: 40 },
];

/**
 * 第四条 按件计收, per applicant per calendar month (自然月), cumulative: the 1st–10th application free;
 * the 11th–30th at 100元; from the 31st, each further band of 10 costs 100元 more per application
 * (31–40: 200元, 41–50: 300元, …).
 */
export function countRateYuan(n: number): number {
  if (n <= 10) return 0;
  if (n <= 30) return 100;
  return 200 + 100 * Math.floor((n - 31) / 10);
}

function assertCount(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${name} must be a whole number ≥ ${min}: ${value}`);
}

/**
 * The per-count fee for `units` applications (counted 一事一申请, 第四条) of one applicant, when the
 * applicant already had `priorUnitsThisMonth` counted applications in the same calendar month.
 * Which month an application belongs to (we use its receipt date) is not spelled out in the text
 * we verified — docs/decisions.md, Deadlines.
 */
export function computeCountFee(input: { priorUnitsThisMonth: number; units: number }): FeeComputation {
  assertCount(input.priorUnitsThisMonth, 'priorUnitsThisMonth', 0);
  assertCount(input.units, 'units', 1);
  const lines: FeeLine[] = [];
  for (let n = input.priorUnitsThisMonth + 1; n <= input.priorUnitsThisMonth + input.units; n++) {
    const rate = countRateYuan(n);
    const last = lines.at(-1);
    if (last && last.rateYuan === rate) {
      last.to = n;
      last.units++;
      last.amountYuan += rate;
    } else {
      lines.push({ from: n, to: n, units: 1, rateYuan: rate, amountYuan: rate });
    }
  }
  return {
    basis: 'count',
    units: input.units,
    amountYuan: lines.reduce((sum, l) => sum + l.amountYuan, 0),
    lines,
    basisText: '国办函〔2020〕109号 第四条（按件计收）',
  };
}

/** The per-page fee for one application of `pages` pages (第五条). */
export function computePageFee(pages: number): FeeComputation {
  assertCount(pages, 'pages', 1);
  const lines: FeeLine[] = [];
  for (const tier of PAGE_TIERS) {
    if (pages < tier.from) break;
    const to = tier.to === null ? pages : Math.min(pages, tier.to);
    const units = to - tier.from + 1;
    lines.push({ from: tier.from, to, units, rateYuan: tier.rateYuan, amountYuan: units * tier.rateYuan });
  }
  return {
    basis: 'pages',
    units: pages,
    amountYuan: lines.reduce((sum, l) => sum + l.amountYuan, 0),
    lines,
    basisText: '国办函〔2020〕109号 第五条（按量计收）',
  };
}

/**
 * 第五条 applies by-volume charging only when the applicant asked for paper, e-mail or copied
 * electronic data; 第四条 applies to every kind of decision. The office picks one per application.
 */
export function computeFee(
  input: { basis: 'count'; priorUnitsThisMonth: number; units: number } | { basis: 'pages'; pages: number },
): FeeComputation {
  return input.basis === 'count' ? computeCountFee(input) : computePageFee(input.pages);
}
