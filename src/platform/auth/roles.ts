/** Roles are granted on one organisation and reach every organisation below it in the tree. */
export const ROLES = [
  'city_admin', // 市政务公开办管理员: everything, city-wide
  'org_admin', // 单位管理员: the organisation's structure, staff and role grants
  'editor', // 信息编辑: drafts and submits catalog items
  'reviewer', // 保密审查员: reviews items before publication
  'case_handler', // 依申请公开经办人: handles applications
  'office_head', // 公开办负责人: approves extensions and answers
  'supervisor', // 监察员: reads everything in scope, changes nothing
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
