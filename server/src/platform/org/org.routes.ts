import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../audit/audit.service.js';
import { notFound } from '../errors.js';
import { ErrorBody, IdParam, iso } from '../http/schemas.js';
import { fetchPage, registerList } from '../list/list.js';
import { findOrgInScope, findOrgTreeChildren, findRegionsWithUnits, orgListQuery, type OrgRow, selectOrgListColumns } from './org.repository.js';
import { Org, OrgInput, OrgKind, OrgLevel, OrgTreeNode, UnitType } from './org.schemas.js';
import { changeOrg, createOrg, orgActions, removeOrg } from './org.service.js';

const LEVEL = { province: '省级', city: '市级', county: '县级', township: '乡级' } as Record<string, string>;
const TYPE = { party_gov: '党政机关', institution: '事业单位', social_org: '社会团体', state_enterprise: '国有企业', other: '其他' } as Record<string, string>;

function present(req: FastifyRequest, r: OrgRow): Static<typeof Org> {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    shortName: r.short_name,
    creditCode: r.credit_code,
    unitType: r.unit_type,
    level: r.level,
    regionCode: r.region_code,
    regionName: r.region_name,
    parentId: r.parent_id,
    parentName: r.parent_name,
    unitId: r.unit_id,
    staffingQuota: r.staffing_quota,
    headPersonId: r.head_person_id,
    headName: r.head_name,
    isBureau: r.is_bureau,
    status: r.status,
    sort: r.sort,
    createdAt: iso(r.created_at)!,
    _actions: orgActions(req.auth!, r),
  };
}

/** Plain JSON of a row for the audit trail. */
const snapshot = (r: OrgRow) => ({ ...r, path: undefined });

export async function orgRoutes(app: FastifyInstance) {
  const { db } = app.platform;

  registerList(app, {
    path: '/api/orgs',
    tag: '组织机构',
    summary: '单位与内设机构列表',
    permission: 'org:unit:read',
    exportPermission: 'org:unit:export',
    objectType: 'org',
    filters: {
      name: Type.Optional(Type.String({ maxLength: 100 })),
      kind: Type.Optional(OrgKind),
      level: Type.Optional(OrgLevel),
      unitType: Type.Optional(UnitType),
      regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })),
      ancestorId: Type.Optional(Type.Integer({ minimum: 1 })),
    },
    sorts: { name: 'o.name', level: 'o.level', regionCode: 'o.region_code', staffingQuota: 'o.staffing_quota', createdAt: 'o.created_at', sort: 'o.sort' },
    defaultSort: 'regionCode',
    item: Org,
    fetch: (req, f, page) => fetchPage(orgListQuery(db, req.auth!.scope, f), selectOrgListColumns, page, 'o.id'),
    present,
    sheet: '单位与内设机构',
    columns: [
      { header: '名称', width: 36, value: (r) => r.name },
      { header: '类别', value: (r) => (r.kind === 'unit' ? '单位' : '内设机构') },
      { header: '单位类型', value: (r) => (r.unit_type ? TYPE[r.unit_type] : '') },
      { header: '层级', value: (r) => LEVEL[r.level] },
      { header: '行政区划', value: (r) => `${r.region_name}（${r.region_code}）` },
      { header: '上级', width: 30, value: (r) => r.parent_name },
      { header: '统一社会信用代码', width: 22, value: (r) => r.credit_code },
      { header: '编制数', value: (r) => r.staffing_quota },
      { header: '负责人', value: (r) => r.head_name },
    ],
  });

  app.get(
    '/api/orgs/tree',
    {
      schema: {
        tags: ['组织机构'],
        summary: '组织机构树（懒加载）：按行政区划分组的单位，再到下级单位与内设机构',
        description:
          '不带参数：数据范围的顶层（全省或本地区为行政区划节点，本单位等为单位节点）；regionCode：该区划下含可见单位的下级区划及驻地在该区划的顶层单位；parentId：该机构的下级。',
        querystring: Type.Object({
          parentId: Type.Optional(Type.Integer({ minimum: 1 })),
          regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(OrgTreeNode) }), '4xx': ErrorBody },
      },
      config: { permission: 'org:unit:read' },
    },
    async (req) => {
      const { parentId, regionCode } = req.query as { parentId?: number; regionCode?: string };
      const scope = req.auth!.scope;
      const orgNode = (r: Awaited<ReturnType<typeof findOrgTreeChildren>>[number]) => ({
        id: r.id,
        name: r.name,
        kind: r.kind as 'unit' | 'department',
        level: r.level,
        regionCode: r.region_code,
        hasChildren: r.has_children,
      });
      const regionNode = (r: { code: string; name: string; level: string }) => ({
        id: null,
        name: r.name,
        kind: 'region' as const,
        level: r.level,
        regionCode: r.code,
        hasChildren: true,
      });
      if (parentId !== undefined) return { items: (await findOrgTreeChildren(db, scope, parentId)).map(orgNode) };
      if (regionCode !== undefined) {
        const [regions, units] = await Promise.all([
          findRegionsWithUnits(db, scope, { parentCode: regionCode }),
          findOrgTreeChildren(db, scope, null, 500, regionCode),
        ]);
        return { items: [...units.map(orgNode), ...regions.map(regionNode)] };
      }
      // Top level: wide scopes start from their regions; unit-based scopes from their top units.
      const roots = scope.all ? ['37'] : scope.regionPaths.map((p) => p.split('.').pop()!);
      const regions = await findRegionsWithUnits(db, scope, { codes: roots });
      const units = (await findOrgTreeChildren(db, scope, null)).filter((u) => !roots.some((c) => u.region_code.startsWith(c)));
      return { items: [...regions.map(regionNode), ...units.map(orgNode)] };
    },
  );

  app.get(
    '/api/orgs/:id',
    {
      schema: { tags: ['组织机构'], summary: '单位详情', params: IdParam, response: { 200: Org, '4xx': ErrorBody } },
      config: { permission: 'org:unit:read' },
    },
    async (req) => {
      const row = await findOrgInScope(db, req.auth!.scope, (req.params as { id: number }).id);
      if (!row) throw notFound('单位');
      return present(req, row);
    },
  );

  app.post(
    '/api/orgs',
    {
      schema: { tags: ['组织机构'], summary: '新增单位或内设机构', body: OrgInput, response: { 200: Org, '4xx': ErrorBody } },
      config: { permission: 'org:unit:create' },
    },
    async (req) => {
      const row = await audited(req, 'org.create', 'org', async (tx) => {
        const after = await createOrg(tx, req.auth!, req.body as Static<typeof OrgInput>);
        return { result: after, objectId: after.id, after: snapshot(after) };
      });
      return present(req, row);
    },
  );

  app.put(
    '/api/orgs/:id',
    {
      schema: { tags: ['组织机构'], summary: '修改单位或内设机构', params: IdParam, body: OrgInput, response: { 200: Org, '4xx': ErrorBody } },
      config: { permission: 'org:unit:update' },
    },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const row = await audited(req, 'org.update', 'org', async (tx) => {
        const { before, after } = await changeOrg(tx, req.auth!, id, req.body as Static<typeof OrgInput>);
        return { result: after, objectId: id, before: snapshot(before), after: snapshot(after) };
      });
      return present(req, row);
    },
  );

  app.delete(
    '/api/orgs/:id',
    {
      schema: { tags: ['组织机构'], summary: '撤销单位或内设机构', params: IdParam, response: { 200: Type.Object({ ok: Type.Boolean() }), '4xx': ErrorBody } },
      config: { permission: 'org:unit:delete' },
    },
    async (req) => {
      const id = (req.params as { id: number }).id;
      await audited(req, 'org.revoke', 'org', async (tx) => {
        const before = await removeOrg(tx, req.auth!, id);
        return { result: null, objectId: id, before: snapshot(before), after: { status: 'revoked' } };
      });
      return { ok: true };
    },
  );
}
