import type { Migration } from 'kysely';
import type { DialectFeatures } from '../src/platform/db/dialect.js';
import { foundation } from './0001-foundation.js';
import { catalog } from './0002-catalog.js';
import { search } from './0003-search.js';
import { calendar } from './0004-calendar.js';
import { requests } from './0005-requests.js';
import { applicationDrafts } from './0006-application-drafts.js';
import { reportFigures } from './0007-report-figures.js';
import { supervision } from './0009-supervision.js';
import { reportWorkflow } from './0010-report-workflow.js';
import { applicationListIndexes } from './0011-application-list-indexes.js';
import { reportRevisions } from './0012-report-revisions.js';
import { searchStatistics } from './0013-search-statistics.js';
import { supervisionCaseFacts } from './0014-supervision-case-facts.js';
import { searchBulkIndexing } from './0016-search-bulk-indexing.js';
import { searchFtsPostings } from './0017-search-fts-postings.js';
import { searchLexemesOnly } from './0018-search-lexemes-only.js';
import { auditChainHeadLocked } from './0019-audit-chain-head-locked.js';

export type MigrationFactory = (dialect: DialectFeatures) => Migration;

/** Every migration, in order. Names are sorted by Kysely; keep the numeric prefix. */
export const allMigrations: Record<string, MigrationFactory> = {
  '0001-foundation': foundation,
  '0002-catalog': catalog,
  '0003-search': search,
  '0004-calendar': calendar,
  '0005-requests': requests,
  '0006-application-drafts': applicationDrafts,
  '0007-report-figures': reportFigures,
  '0009-supervision': supervision,
  '0010-report-workflow': reportWorkflow,
  '0011-application-list-indexes': applicationListIndexes,
  '0012-report-revisions': reportRevisions,
  '0013-search-statistics': searchStatistics,
  '0014-supervision-case-facts': supervisionCaseFacts,
  '0016-search-bulk-indexing': searchBulkIndexing,
  '0017-search-fts-postings': searchFtsPostings,
  '0018-search-lexemes-only': searchLexemesOnly,
  '0019-audit-chain-head-locked': auditChainHeadLocked,
};
