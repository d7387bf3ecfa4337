import type { PlatformTables } from './platform/db/tables.js';
import type { OrgTables } from './orgs/orgs.tables.js';
import type { CatalogTables } from './catalog/catalog.tables.js';

/** The whole schema: each context contributes its tables here and nowhere else. */
export interface DB extends PlatformTables, OrgTables, CatalogTables {}
