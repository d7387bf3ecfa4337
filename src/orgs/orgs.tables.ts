import type { Generated } from 'kysely';
import type { Role } from '../platform/auth/roles.js';

export type OrgKind = 'government' | 'department' | 'town';

export interface OrgsTable {
  id: Generated<number>;
  code: string;
  parent_id: number | null;
  /** Materialised path of ids, `/1/7/`, so a subtree is `path LIKE '/1/7/%'` on both databases. */
  path: string;
  kind: OrgKind;
  name: string;
  name_en: string | null;
  short_name: string | null;
  sort_order: Generated<number>;
  // 条例第十二条: the 公开指南 names the office, its address, hours, phone, fax and internet contact.
  office_name: string | null;
  address: string | null;
  postcode: string | null;
  office_hours: string | null;
  phone: string | null;
  fax: string | null;
  email: string | null;
  website: string | null;
  /** 统一社会信用代码 or 组织机构代码, used in 索引号 patterns. */
  credit_code: string | null;
  functions: string | null;
  is_active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface RoleGrantsTable {
  id: Generated<number>;
  user_id: number;
  org_id: number;
  role: Role;
  granted_by: number | null;
  created_at: string;
}

export interface OrgTables {
  orgs: OrgsTable;
  role_grants: RoleGrantsTable;
}
