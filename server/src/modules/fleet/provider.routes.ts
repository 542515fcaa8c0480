import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { conflict, notFound } from '../../platform/errors.js';
import { ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import {
  findProviderInScope,
  insertProvider,
  PROVIDER_SORTS,
  providerListQuery,
  type ProviderRow,
  selectProviderColumns,
  updateProvider,
} from './provider.repository.js';
import { Provider, ProviderBody, ProviderFilters, PROVIDER_KIND_NAMES } from './provider.schemas.js';
import { providerActions, providerValues } from './provider.service.js';

const num = (v: string | null) => (v === null ? null : Number(v));

export function presentProvider(req: FastifyRequest, r: ProviderRow): Static<typeof Provider> {
  return {
    id: r.id,
    kind: r.kind,
    kindName: PROVIDER_KIND_NAMES[r.kind] ?? r.kind,
    code: r.code,
    name: r.name,
    creditCode: r.credit_code,
    regionCode: r.region_code,
    regionName: r.region_name,
    address: r.address,
    lng: num(r.lng),
    lat: num(r.lat),
    contractNo: r.contract_no,
    contractFrom: r.contract_from,
    contractTo: r.contract_to,
    designated: r.designated,
    active: r.active,
    hasCredential: r.has_credential,
    createdAt: iso(r.created_at)!,
    _actions: providerActions(req.auth!.permissions),
  };
}

/** 定点服务商（三定点：定点加油、定点维修、定点保险） with their contracts. */
export async function providerRoutes(app: FastifyInstance) {
  const { db } = app.platform;
  const tag = '定点服务商';

  registerList(app, {
    path: '/api/fleet/providers',
    tag,
    summary: '定点服务商',
    permission: 'fleet:provider:read',
    exportPermission: 'fleet:provider:read',
    objectType: 'fleet_provider',
    filters: ProviderFilters,
    sorts: PROVIDER_SORTS,
    defaultSort: 'code',
    item: Provider,
    fetch: (req, f, page) => fetchPage(providerListQuery(db, req.auth!.scope, f), selectProviderColumns, page, 'p.id'),
    present: presentProvider,
    sheet: '定点服务商',
    columns: [
      { header: '服务商编码', width: 18, value: (r) => r.code },
      { header: '服务商名称', width: 32, value: (r) => r.name },
      { header: '类别', value: (r) => PROVIDER_KIND_NAMES[r.kind] },
      { header: '统一社会信用代码', width: 22, value: (r) => r.credit_code },
      { header: '所在地区', value: (r) => r.region_name },
      { header: '地址', width: 32, value: (r) => r.address },
      { header: '定点合同编号', width: 20, value: (r) => r.contract_no },
      { header: '合同起始', value: (r) => r.contract_from },
      { header: '合同截止', value: (r) => r.contract_to },
      { header: '是否定点', value: (r) => (r.designated ? '是' : '否') },
      { header: '当前有效', value: (r) => (r.active ? '是' : '否') },
    ],
  });

  app.get(
    '/api/fleet/providers/:id',
    { schema: { tags: [tag], summary: '定点服务商详情', params: IdParam, response: { 200: Provider, '4xx': ErrorBody } }, config: { permission: 'fleet:provider:read' } },
    async (req) => {
      const row = await findProviderInScope(db, req.auth!.scope, (req.params as { id: number }).id);
      if (!row) throw notFound('服务商');
      return presentProvider(req, row);
    },
  );

  app.post(
    '/api/fleet/providers',
    { schema: { tags: [tag], summary: '新增定点服务商', body: ProviderBody, response: { 200: Provider, '4xx': ErrorBody } }, config: { permission: 'fleet:provider:write' } },
    async (req) => {
      const v = await providerValues(db, req.auth!.scope, req.body as Static<typeof ProviderBody>);
      const id = await audited(req, 'fleet_provider.create', 'fleet_provider', async (tx) => {
        const newId = await insertProvider(tx, v);
        return { result: newId, objectId: newId, after: v };
      });
      return presentProvider(req, (await findProviderInScope(db, req.auth!.scope, id))!);
    },
  );

  app.put(
    '/api/fleet/providers/:id',
    {
      schema: { tags: [tag], summary: '修改定点服务商（合同、定点状态）', params: IdParam, body: ProviderBody, response: { 200: Provider, '4xx': ErrorBody } },
      config: { permission: 'fleet:provider:write' },
    },
    async (req) => {
      const { id } = req.params as { id: number };
      const scope = req.auth!.scope;
      const v = await providerValues(db, scope, req.body as Static<typeof ProviderBody>);
      await audited(req, 'fleet_provider.update', 'fleet_provider', async (tx) => {
        const before = await findProviderInScope(tx, scope, id);
        if (!before) throw notFound('服务商');
        // the code is what partners and past transactions refer to
        if (before.code !== v.code) throw conflict('服务商编码已被交易引用，不能修改', 'PROVIDER_CODE_FIXED');
        await updateProvider(tx, id, v);
        return { result: null, objectId: id, before, after: v };
      });
      return presentProvider(req, (await findProviderInScope(db, scope, id))!);
    },
  );
}
