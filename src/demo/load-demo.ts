import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import type { Database } from '../platform/db/database.js';
import { generatePassword } from '../platform/auth/password.js';
import type { Role } from '../platform/auth/roles.js';
import { countOrgs } from '../orgs/orgs.repository.js';
import { importOrgs } from '../orgs/import-orgs.js';
import { createUser } from '../orgs/users/create-user.js';
import { grantRole } from '../orgs/users/grant-role.js';
import { DEMO_DOMAIN, demoAccounts, demoCityOrgs } from './demo-city.js';
import { countOpenApplications, markDatabaseAsDemo } from './demo.repository.js';
import { demoCatalogItems } from './demo-items.js';
import { importItems, type ParsedImportFile } from '../catalog/import-items.js';
import { DEFAULT_TIME_ZONE, dateInZone } from '../catalog/item-support.js';
import { loadConfig } from '../platform/config.js';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import { createRequestSecrets, type RequestSecrets } from '../requests/applicant-crypto.js';
import { listAnswerGrounds } from '../requests/requests.repository.js';
import { loadDemoApplications } from './load-demo-applications.js';
import { demoApplications } from './demo-applications.js';
import { assignDemoHandler } from './demo.repository.js';

/** Whether the database has no organisations yet: `npm start` then loads the demo city. */
export async function isDatabaseEmpty(database: Database): Promise<boolean> {
  return (await countOrgs(database.db)) === 0;
}

export interface LoadDemoResult {
  orgs: number;
  /** Catalog items loaded (demo-items.ts), and how many of them are published and searchable. */
  items: number;
  publishedItems: number;
  /** The accounts created (never their passwords: those go to `log` once and nowhere else). */
  accounts: { username: string; role: Role; orgCode: string }[];
  /** 依申请公开 applications loaded (demo-applications.ts), and how many of them are still open. */
  applications: number;
  openApplications: number;
}

export interface LoadDemoOptions {
  log: (line: string) => void;
  /**
   * The keys that encrypt applicants' ID and phone numbers: the server's (GONGKAI_SECRET_KEY), so
   * staff can reveal the demo applicants as they would real ones. Read from the environment when not
   * given (the same configuration the server starts with).
   */
  requestSecrets?: RequestSecrets;
  /** The office time zone (config.timeZone); from the environment when not given. */
  timeZone?: string;
}

function configuredRequestDeps(options: LoadDemoOptions): { secrets: RequestSecrets; timeZone: string } {
  if (options.requestSecrets && options.timeZone)
    return { secrets: options.requestSecrets, timeZone: options.timeZone };
  const config = loadConfig(process.env);
  return {
    secrets: options.requestSecrets ?? createRequestSecrets(config.secretKey.key),
    timeZone: options.timeZone ?? config.timeZone ?? DEFAULT_TIME_ZONE,
  };
}

/**
 * Loads the demo city (demo-city.ts) into an empty database, all in one transaction: the
 * organisation tree through the import use case, one staff account per role through createUser and
 * grantRole (each audits itself), about 3,000 catalog items (demo-items.ts, every one marked 【演示】)
 * through the catalog's bulk import — published, audited and searchable — about two thousand
 * 依申请公开 applications (demo-applications.ts: every status and outcome, transfers and appeals,
 * fictitious applicants) checked by the interchange parser and written in bulk with the state cache
 * from `deriveApplicationState` (load-demo-applications.ts), and the `demo` setting so the site shows a
 * demo banner.
 * Passwords are random, generated now, hashed by createUser, and printed once through `log` after
 * the transaction commits; they are stored nowhere in clear.
 * Refuses (INVALID_STATE) when the database already holds organisations.
 */
export async function loadDemo(ctx: UseCaseContext, options: LoadDemoOptions): Promise<LoadDemoResult> {
  const requestDeps = configuredRequestDeps(options);
  const credentials: { username: string; role: Role; orgCode: string; password: string }[] = [];
  const result = await inTransaction(ctx.database.db, async (trx) => {
    // The use cases below open their transactions on ctx.database.db: give them this one, so the
    // whole load commits or rolls back together.
    const txCtx: UseCaseContext = { ...ctx, database: { ...ctx.database, db: trx } };
    if ((await countOrgs(trx)) > 0) {
      throw new AppError(
        'INVALID_STATE',
        'The database already has organisations; the demo loads only into an empty one',
      );
    }
    const imported = await importOrgs(txCtx, demoCityOrgs());
    const accounts: LoadDemoResult['accounts'] = [];
    const userIds = new Map<string, number>();
    for (const account of demoAccounts()) {
      const password = generatePassword();
      const { id } = await createUser(txCtx, {
        username: account.username,
        displayName: account.displayName,
        email: `${account.username}@staff.${DEMO_DOMAIN}`,
        password,
        homeOrgCode: account.orgCode,
      });
      await grantRole(txCtx, { userId: id, orgCode: account.orgCode, role: account.role });
      userIds.set(account.username, id);
      accounts.push({ username: account.username, role: account.role, orgCode: account.orgCode });
      credentials.push({ ...accounts[accounts.length - 1]!, password });
    }
    // The catalog: a few thousand clearly marked synthetic items through the bulk import path, so
    // they are published, audited and in the search index exactly as an office's import would be.
    const items = await importItems(txCtx, demoItemsFile(dateInZone(ctx.now, DEFAULT_TIME_ZONE)), {
      source: 'demo-items',
    });
    // 依申请公开: synthetic applications checked by the interchange parser and written in bulk with
    // the importer's encryption and the derived state cache; the demo handlers hold their offices' cases.
    const today = dateInZone(ctx.now, requestDeps.timeZone);
    const lines = demoApplications({
      today,
      calendar: await loadWorkingCalendar(trx),
      grounds: await listAnswerGrounds(trx),
    });
    const applications = await loadDemoApplications(
      txCtx,
      trx,
      { secrets: requestDeps.secrets, today },
      lines,
    );
    const handlers: Record<string, string> = {};
    for (const account of accounts.filter((a) => a.role === 'case_handler')) {
      await assignDemoHandler(trx, account.orgCode, userIds.get(account.username)!);
      handlers[account.orgCode] = account.username;
    }
    const openApplications = await countOpenApplications(trx);
    await markDatabaseAsDemo(trx, ctx.now.toISOString());
    await audit(txCtx, trx, {
      action: 'demo.load',
      entityType: 'setting',
      entityId: 'demo',
      after: {
        orgs: imported.created,
        accounts: accounts.map((a) => a.username),
        items: items.imported,
        publishedItems: items.published,
        applications: applications.imported,
        caseHandlers: handlers,
      },
    });
    return {
      orgs: imported.created,
      items: items.imported,
      publishedItems: items.published,
      accounts,
      applications: applications.imported,
      openApplications,
    };
  });

  options.log(
    `Loaded the demo city 东莞市: ${result.orgs} organisations, ${result.accounts.length} staff accounts, ` +
      `${result.items} catalog items (${result.publishedItems} published and searchable; all marked 【演示】), ` +
      `${result.applications} applications (${result.openApplications} open; fictitious applicants marked （演示）).`,
  );
  options.log(
    'Demo staff accounts — the passwords are shown only this once and are stored nowhere in clear:',
  );
  const rows = [
    ['username', 'role', 'organisation', 'password'],
    ...credentials.map((c) => [c.username, c.role, c.orgCode, c.password]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows)
    options.log(`  ${row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ')}`);
  return result;
}

/** The demo items as a parsed JSON Lines file, one line per item, for the import path. */
function demoItemsFile(today: string): ParsedImportFile {
  return {
    format: 'jsonl',
    encoding: null,
    rows: demoCatalogItems({ today }).map((fields, i) => ({ at: i + 1, fields: { ...fields } })),
    problems: [],
  };
}
