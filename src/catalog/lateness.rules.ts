/**
 * 条例第二十六条: "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。"
 * Working days are counted as everywhere in Gongkai (contracts §2): the days d with formedOn < d ≤
 * publishedOn that are working days in the office's calendar (调休 weekends count, holidays do not).
 */
export const PUBLICATION_LIMIT_WORKING_DAYS = 20;

/** The part of the working calendar (src/calendar) this rule needs. */
export interface WorkingDayCounter {
  /** Working days d with a < d ≤ b. */
  countWorkingDaysBetween(a: string, b: string): number;
}

export interface Lateness {
  workingDays: number;
  isLate: boolean;
}

/** How many working days publication took, and whether that exceeds the 20 of 条例第二十六条. */
export function computeLateness(
  formedOn: string | null,
  publishedOn: string,
  calendar: WorkingDayCounter,
): Lateness | null {
  if (formedOn === null || formedOn > publishedOn) return null;
  const workingDays = calendar.countWorkingDaysBetween(formedOn, publishedOn);
  return { workingDays, isLate: workingDays > PUBLICATION_LIMIT_WORKING_DAYS };
}
