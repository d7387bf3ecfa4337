import { createRoute, z } from '@hono/zod-openapi';
import type { ApiApp } from '../../platform/http/api.js';
import { AppError } from '../../platform/errors.js';
import { ORG_CODE_PATTERN } from '../org.rules.js';
import { buildGuide } from '../guide.js';
import {
  findPublicOrg,
  loadPublicDirectory,
  presentOrgRef,
  type PublicOrgNode,
} from './orgs.public.presenter.js';

const OrgRef = z
  .object({
    code: z.string().openapi({ example: 'dg-fgj' }),
    kind: z.enum(['government', 'department', 'town']),
    name: z.string().openapi({ example: '东莞市发展和改革局' }),
    nameEn: z.string().nullable(),
  })
  .openapi('OrgRef');

type OrgNodeShape = z.infer<typeof OrgRef> & { children: OrgNodeShape[] };
const OrgNode: z.ZodType<OrgNodeShape> = OrgRef.extend({
  children: z.lazy(() => z.array(OrgNode)),
}).openapi('OrgNode');

const Directory = z
  .object({
    government: OrgNode.nullable(),
    departments: z.array(OrgNode),
    towns: z.array(OrgNode),
  })
  .openapi('OrgDirectory');

const GuideFact = z.object({
  field: z.string().openapi({ example: 'phone' }),
  value: z.string().nullable().openapi({ description: 'null when the organisation has not provided it' }),
});

const OrgDetail = z
  .object({
    org: OrgRef,
    parents: z.array(OrgRef.pick({ code: true, name: true })),
    office: z
      .array(GuideFact)
      .openapi({ description: '条例第十二条: the disclosure office and how to reach it' }),
    functions: z.string().nullable(),
    links: z.object({ column: z.string(), guide: z.string() }),
  })
  .openapi('OrgDetail');

const ApiError = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  })
  .openapi('Error');

function toNode(node: PublicOrgNode): OrgNodeShape {
  return {
    code: node.code,
    kind: node.kind,
    name: node.name,
    nameEn: node.nameEn,
    children: node.children.map(toNode),
  };
}

/** GET /api/v1/orgs and /api/v1/orgs/{code}: the directory and one organisation's guide facts. */
export function registerOrgApi(api: ApiApp): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/orgs',
      summary: 'The directory of organisations (active only), grouped as on the public site',
      responses: {
        200: { content: { 'application/json': { schema: Directory } }, description: 'The directory' },
      },
    }),
    async (c) => {
      const d = await loadPublicDirectory(c.var.deps.database.db);
      return c.json(
        {
          government: d.government ? toNode(d.government) : null,
          departments: d.departments.map(toNode),
          towns: d.towns.map(toNode),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/orgs/{code}',
      summary: "One organisation's disclosure-guide facts",
      request: {
        params: z.object({
          code: z
            .string()
            .regex(ORG_CODE_PATTERN)
            .openapi({ param: { name: 'code', in: 'path' }, example: 'dg-fgj' }),
        }),
      },
      responses: {
        200: { content: { 'application/json': { schema: OrgDetail } }, description: 'The organisation' },
        404: {
          content: { 'application/json': { schema: ApiError } },
          description: 'No such active organisation',
        },
        422: { content: { 'application/json': { schema: ApiError } }, description: 'Malformed code' },
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const page = await findPublicOrg(c.var.deps.database.db, code);
      if (!page) throw new AppError('NOT_FOUND', 'No such organisation');
      const guide = buildGuide(page.org, page.ancestors);
      return c.json(
        {
          org: presentOrgRef(page.org),
          parents: page.ancestors.map((a) => ({ code: a.code, name: a.name })),
          office: guide.office.map((f) => ({ field: f.field, value: f.isMissing ? null : f.value })),
          functions: guide.functions,
          links: { column: `/xxgk/${page.org.code}`, guide: `/xxgk/${page.org.code}/guide` },
        },
        200,
      );
    },
  );
}
