import { dateInTimeZone, isIsoDate, type IsoDate } from '../calendar/dates.rules.js';
import type { Channel } from './codes.js';

/**
 * The statutory receipt date (收到申请之日) per channel, contracts §1 and 条例第三十一条; the later
 * interpretation 国办公开办函〔2015〕207号 (cn-rules §1.6) adds the e-mail rule and "other channels".
 */
export type ReceiptInput =
  // 条例31(一): 当面提交 — the day it was handed in.
  | { channel: 'in_person'; handedInOn: IsoDate }
  // 条例31(二): 邮寄 — the day the office signed for it.
  | { channel: 'registered_mail'; signedForOn: IsoDate }
  // 条例31(二): 平常信函 — the office confirms with the applicant on the day it arrives; that day counts.
  | { channel: 'ordinary_mail'; confirmedOn: IsoDate }
  // 条例31(三): 互联网 — the day both sides confirmed. This platform's form confirms at once, so the
  // submission instant's date in the office time zone; another online system gives `confirmedOn`.
  | { channel: 'online'; submittedAt: Date | string; timeZone: string; confirmedOn?: IsoDate | null }
  // 条例31(三): 传真 — the day both sides confirmed.
  | { channel: 'fax'; confirmedOn: IsoDate }
  // 207号: the published mailbox — the day the mail system received it (an instant, or its date).
  | { channel: 'email'; mailReceivedAt: Date | string; timeZone: string }
  | { channel: 'email'; mailReceivedOn: IsoDate }
  // 207号: other published channels — the day both sides confirmed.
  | { channel: 'other'; confirmedOn: IsoDate };

/** Which statutory rule decided the date; a page renders it from `ruleKey`. */
export interface ReceiptDecision {
  receivedOn: IsoDate;
  channel: Channel;
  ruleKey:
    | 'handed_in'
    | 'signed_for'
    | 'confirmed_with_applicant'
    | 'platform_submission'
    | 'confirmed_online'
    | 'fax_confirmed'
    | 'mail_system_received'
    | 'other_confirmed';
  /** The legal source, e.g. "条例第三十一条第（一）项". */
  basis: string;
}

function checked(date: IsoDate, field: string): IsoDate {
  if (!isIsoDate(date)) throw new RangeError(`${field} is not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return date;
}

export function computeReceiptDate(input: ReceiptInput): ReceiptDecision {
  switch (input.channel) {
    case 'in_person':
      return {
        channel: 'in_person',
        receivedOn: checked(input.handedInOn, 'handedInOn'),
        ruleKey: 'handed_in',
        basis: '条例第三十一条第（一）项',
      };
    case 'registered_mail':
      return {
        channel: 'registered_mail',
        receivedOn: checked(input.signedForOn, 'signedForOn'),
        ruleKey: 'signed_for',
        basis: '条例第三十一条第（二）项',
      };
    case 'ordinary_mail':
      return {
        channel: 'ordinary_mail',
        receivedOn: checked(input.confirmedOn, 'confirmedOn'),
        ruleKey: 'confirmed_with_applicant',
        basis: '条例第三十一条第（二）项',
      };
    case 'online':
      if (input.confirmedOn) {
        return {
          channel: 'online',
          receivedOn: checked(input.confirmedOn, 'confirmedOn'),
          ruleKey: 'confirmed_online',
          basis: '条例第三十一条第（三）项',
        };
      }
      return {
        channel: 'online',
        receivedOn: dateInTimeZone(input.submittedAt, input.timeZone),
        ruleKey: 'platform_submission',
        basis: '条例第三十一条第（三）项',
      };
    case 'fax':
      return {
        channel: 'fax',
        receivedOn: checked(input.confirmedOn, 'confirmedOn'),
        ruleKey: 'fax_confirmed',
        basis: '条例第三十一条第（三）项',
      };
    case 'email':
      return {
        channel: 'email',
        receivedOn:
          'mailReceivedOn' in input
            ? checked(input.mailReceivedOn, 'mailReceivedOn')
            : dateInTimeZone(input.mailReceivedAt, input.timeZone),
        ruleKey: 'mail_system_received',
        basis: '国办公开办函〔2015〕207号 一',
      };
    case 'other':
      return {
        channel: 'other',
        receivedOn: checked(input.confirmedOn, 'confirmedOn'),
        ruleKey: 'other_confirmed',
        basis: '国办公开办函〔2015〕207号 一',
      };
  }
}
