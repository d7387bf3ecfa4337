import type { DocType } from './catalog.tables.js';

/**
 * 有效性 of 规章 and 行政规范性文件 on a date: what the public item page shows and what annual-report
 * section 二 counts (现行有效). Dates are `YYYY-MM-DD`, which compare correctly as strings.
 */
export type Validity = 'not_yet_effective' | 'valid' | 'amended' | 'abolished';

export interface ValidityFacts {
  doc_type: DocType;
  issued_on: string | null;
  effective_on: string | null;
  amended_on: string | null;
  abolished_on: string | null;
}

/**
 * The validity on `date`, or null for an item that has no validity lifecycle (an `other` item with no
 * validity dates). Abolition wins over amendment; before the effective date (or, without one, before
 * the issue date) the document is not yet in force.
 */
export function validityOn(item: ValidityFacts, date: string): Validity | null {
  const hasLifecycle =
    item.doc_type !== 'other' ||
    item.effective_on !== null ||
    item.abolished_on !== null ||
    item.amended_on !== null;
  if (!hasLifecycle) return null;
  if (item.abolished_on !== null && item.abolished_on <= date) return 'abolished';
  const startsOn = item.effective_on ?? item.issued_on;
  if (startsOn !== null && date < startsOn) return 'not_yet_effective';
  if (item.amended_on !== null && item.amended_on <= date) return 'amended';
  return 'valid';
}

/** Problems with a set of validity dates (i18n keys by field), for amend-validity and the editors. */
export function checkValidityDates(facts: {
  issuedOn: string | null;
  effectiveOn: string | null;
  amendedOn: string | null;
  abolishedOn: string | null;
}): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (facts.issuedOn && facts.effectiveOn && facts.effectiveOn < facts.issuedOn) {
    problems.push({ field: 'effectiveOn', message: 'catalog.error.effective_before_issued' });
  }
  const start = facts.effectiveOn ?? facts.issuedOn;
  if (start && facts.abolishedOn && facts.abolishedOn < start) {
    problems.push({ field: 'abolishedOn', message: 'catalog.error.abolished_before_effective' });
  }
  if (start && facts.amendedOn && facts.amendedOn < start) {
    problems.push({ field: 'amendedOn', message: 'catalog.error.amended_before_effective' });
  }
  return problems;
}
