import type { PlatformTables } from './platform/db/tables.js';
import type { OrgTables } from './orgs/orgs.tables.js';
import type { CatalogTables } from './catalog/catalog.tables.js';
import type { SearchTables } from './platform/search/search.tables.js';
import type { CalendarTables } from './calendar/calendar.tables.js';
import type { RequestTables } from './requests/requests.tables.js';
import type { ApplicationDraftTables } from './requests/http/drafts.public.tables.js';
import type { ReportTables } from './reports/report.tables.js';
import type { SupervisionTables } from './supervision/supervision.tables.js';
import type { ReportWorkflowTables } from './reports/workflow/workflow.tables.js';

/** The whole schema: each context contributes its tables here and nowhere else. */
export interface DB
  extends
    PlatformTables,
    OrgTables,
    CatalogTables,
    SearchTables,
    CalendarTables,
    RequestTables,
    ApplicationDraftTables,
    ReportTables,
    SupervisionTables,
    ReportWorkflowTables {}
