import type { Database } from '../../src/platform/db/database.js';
import type { OrgKind } from '../../src/orgs/orgs.tables.js';
import type { Role } from '../../src/platform/auth/roles.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { hashPassword } from '../../src/platform/auth/password.js';
import { loadPrincipal } from '../../src/platform/auth/sessions.js';
import type { UseCaseContext } from '../../src/platform/use-case.js';
import type { MailMessage } from '../../src/platform/mail/mailer.js';
import type { RequestDeps } from '../../src/requests/request-deps.js';
import { createRequestSecrets } from '../../src/requests/applicant-crypto.js';

/**
 * Test factories that write rows directly (fast, no audit). The orgs context may later switch
 * `buildOrg` to its own use cases; keep the shape of what it returns.
 */
const CREATED_AT = '2026-01-01T00:00:00.000Z';

export interface BuiltOrg {
  id: number;
  code: string;
  path: string;
  name: string;
}

/** Inserts an organisation under `parentCode` (or as a root); its path is `${parent.path}${id}/`. */
export async function buildOrg(
  database: Database,
  input: { code: string; kind?: OrgKind; parentCode?: string; name?: string },
): Promise<BuiltOrg> {
  const { db } = database;
  const parent = input.parentCode
    ? await db
        .selectFrom('orgs')
        .select(['id', 'path'])
        .where('code', '=', input.parentCode)
        .executeTakeFirstOrThrow(() => new Error(`buildOrg: no parent org ${input.parentCode}`))
    : undefined;
  const name = input.name ?? `${input.code} 测试单位`;
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('orgs')
      .values({
        code: input.code,
        parent_id: parent?.id ?? null,
        path: '/', // replaced below once the id is known
        kind: input.kind ?? (parent ? 'department' : 'government'),
        name,
        created_at: CREATED_AT,
        updated_at: CREATED_AT,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `${parent?.path ?? '/'}${id}/`;
    await trx.updateTable('orgs').set({ path }).where('id', '=', id).execute();
    return { id, code: input.code, path, name };
  });
}

const hashCache = new Map<string, Promise<string>>();

/** scrypt is deliberately slow; tests reuse one hash per distinct password. */
function cachedHash(password: string): Promise<string> {
  let hash = hashCache.get(password);
  if (!hash) {
    hash = hashPassword(password);
    hashCache.set(password, hash);
  }
  return hash;
}

export const DEFAULT_TEST_PASSWORD = 'correct horse battery';

export interface BuiltUser {
  id: number;
  username: string;
  password: string;
}

/** Inserts a staff account with the given grants (`orgCode` of existing orgs). */
export async function buildUser(
  database: Database,
  input: {
    username: string;
    password?: string;
    homeOrgCode?: string;
    isActive?: boolean;
    grants?: { orgCode: string; role: Role }[];
  },
): Promise<BuiltUser> {
  const { db } = database;
  const password = input.password ?? DEFAULT_TEST_PASSWORD;
  const orgIdOf = async (code: string) =>
    (
      await db
        .selectFrom('orgs')
        .select('id')
        .where('code', '=', code)
        .executeTakeFirstOrThrow(() => new Error(`buildUser: no org ${code}`))
    ).id;
  const homeOrgId = input.homeOrgCode ? await orgIdOf(input.homeOrgCode) : null;
  const { id } = await db
    .insertInto('users')
    .values({
      username: input.username,
      display_name: `${input.username} 测试`,
      password_hash: await cachedHash(password),
      home_org_id: homeOrgId,
      is_active: input.isActive === false ? 0 : 1,
      created_at: CREATED_AT,
      updated_at: CREATED_AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const grant of input.grants ?? []) {
    await db
      .insertInto('role_grants')
      .values({ user_id: id, org_id: await orgIdOf(grant.orgCode), role: grant.role, created_at: CREATED_AT })
      .execute();
  }
  return { id, username: input.username, password };
}

/** A use-case context acting as the given principal. */
export function contextFor(database: Database, principal: Principal, now: Date): UseCaseContext {
  return { database, principal, meta: { ip: '192.0.2.1', userAgent: 'test', requestId: 'test' }, now };
}

/** A use-case context acting as a user built by `buildUser`, with the grants currently in the database. */
export async function contextAsUser(database: Database, userId: number, now: Date): Promise<UseCaseContext> {
  const principal = await loadPrincipal(database, userId);
  if (!principal) throw new Error(`contextAsUser: user ${userId} is unknown or inactive`);
  return contextFor(database, principal, now);
}

/**
 * Request use-case dependencies for tests: mail is recorded in `mails` instead of queued, the
 * applicant-data keys derive from `keyByte`.
 */
export function recordingRequestDeps(
  mails: MailMessage[],
  options: { keyByte: number; timeZone?: string },
): RequestDeps {
  return {
    mailer: {
      queueMail: (_trx, m) => {
        mails.push(m);
        return Promise.resolve(mails.length);
      },
    },
    secrets: createRequestSecrets(Buffer.alloc(32, options.keyByte)),
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    publicUrl: 'https://xxgk.example.gov.cn',
  };
}
