import { z } from 'zod';
import { inTransaction } from '../platform/db/transaction.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import {
  assertCanConfigure,
  readDueSoonWorkdays,
  readVolumeThreshold,
  SETTING_DUE_SOON_WORKDAYS,
  SETTING_VOLUME_THRESHOLD,
} from './application-log.js';
import { parseRequestInput } from './request-input.js';
import { saveSettingValue } from './requests.repository.js';

export const setRequestSettingsInput = z.object({
  /** 条例第三十五条: applications per applicant per calendar month above which an application is flagged. */
  volumeThresholdPerMonth: z
    .number()
    .int()
    .min(1, { message: 'requests.error.setting_invalid' })
    .max(10_000)
    .optional(),
  /** Contracts §2: "due soon" is this many working days or fewer left. */
  dueSoonWorkdays: z.number().int().min(0, { message: 'requests.error.setting_invalid' }).max(20).optional(),
});
export type SetRequestSettingsInput = z.input<typeof setRequestSettingsInput>;

/** City-wide settings staff change at run time (style guide 11: in the database, not the environment). */
export async function setRequestSettings(
  ctx: UseCaseContext,
  input: SetRequestSettingsInput,
): Promise<{ volumeThresholdPerMonth: number; dueSoonWorkdays: number }> {
  const parsed = parseRequestInput(setRequestSettingsInput, input);
  await assertCanConfigure(ctx);
  return inTransaction(ctx.database.db, async (trx) => {
    const before = {
      volumeThresholdPerMonth: await readVolumeThreshold(trx),
      dueSoonWorkdays: await readDueSoonWorkdays(trx),
    };
    const by = { userId: ctx.principal.userId, at: ctx.now.toISOString() };
    if (parsed.volumeThresholdPerMonth !== undefined) {
      await saveSettingValue(trx, SETTING_VOLUME_THRESHOLD, parsed.volumeThresholdPerMonth, by);
    }
    if (parsed.dueSoonWorkdays !== undefined)
      await saveSettingValue(trx, SETTING_DUE_SOON_WORKDAYS, parsed.dueSoonWorkdays, by);
    const after = {
      volumeThresholdPerMonth: await readVolumeThreshold(trx),
      dueSoonWorkdays: await readDueSoonWorkdays(trx),
    };
    await audit(ctx, trx, {
      action: 'request.settings_update',
      entityType: 'request_settings',
      before,
      after,
    });
    return after;
  });
}
