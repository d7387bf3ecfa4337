import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { loadSupervisionSettings, SETTINGS_KEY } from './compute-figures.js';
import { flattenSettings, parseSettings, type SupervisionSettings } from './settings.rules.js';
import { assertCityWide } from './supervision-support.js';
import { writeSetting } from './supervision.repository.js';

/** Saves the supervision thresholds; a value out of its range is refused with a message per field. */
export async function saveSupervisionSettings(
  ctx: UseCaseContext,
  values: Record<string, unknown>,
): Promise<SupervisionSettings> {
  const root = await assertCityWide(ctx, 'supervision.manage');
  const { settings, problems } = parseSettings(values);
  if (!settings) throw AppError.validation(problems);
  await inTransaction(ctx.database.db, async (trx) => {
    const before = await loadSupervisionSettings(trx);
    await writeSetting(
      trx,
      SETTINGS_KEY,
      flattenSettings(settings),
      ctx.principal.userId,
      ctx.now.toISOString(),
    );
    await audit(ctx, trx, {
      action: 'supervision.settings.update',
      entityType: 'supervision_settings',
      entityId: SETTINGS_KEY,
      orgId: root.id,
      before: flattenSettings(before),
      after: flattenSettings(settings),
    });
  });
  return settings;
}
