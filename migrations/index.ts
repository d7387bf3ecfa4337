import type { Migration } from 'kysely';
import type { DialectFeatures } from '../src/platform/db/dialect.js';
import { foundation } from './0001-foundation.js';

export type MigrationFactory = (dialect: DialectFeatures) => Migration;

/** Every migration, in order. Names are sorted by Kysely; keep the numeric prefix. */
export const allMigrations: Record<string, MigrationFactory> = {
  '0001-foundation': foundation,
};
