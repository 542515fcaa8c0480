import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { notFound } from '../../platform/errors.js';
import { ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import { findGeofenceInScope, GEOFENCE_SORTS, type GeofenceListRow, geofenceListQuery, selectGeofenceColumns } from './geofence.repository.js';
import { Geofence, GeofenceEdit, GeofenceFilters, GeofenceInput } from './geofence.schemas.js';
import { createGeofence, editGeofence, GEOFENCE_APPLIES_NAMES, GEOFENCE_RULE_NAMES, GEOFENCE_SHAPE_NAMES } from './geofence.service.js';

function present(req: FastifyRequest, r: GeofenceListRow): Static<typeof Geofence> {
  const canWrite = req.auth!.permissions.has('fleet:geofence:write');
  return {
    id: r.id,
    name: r.name,
    shape: r.shape,
    shapeName: GEOFENCE_SHAPE_NAMES[r.shape] ?? r.shape,
    regionCode: r.region_code,
    regionName: r.region_name,
    geometry: r.geometry,
    rule: r.rule,
    ruleName: GEOFENCE_RULE_NAMES[r.rule] ?? r.rule,
    appliesTo: r.applies_to,
    appliesToName: GEOFENCE_APPLIES_NAMES[r.applies_to] ?? r.applies_to,
    unitId: r.unit_id,
    unitName: r.unit_name,
    active: r.active,
    createdAt: iso(r.created_at)!,
    _actions: canWrite ? (r.active ? ['update', 'deactivate'] : ['update', 'activate']) : [],
  };
}

/** 电子围栏: the permitted and no-go areas behind the 区域违规 alert. */
export async function geofenceRoutes(app: FastifyInstance) {
  const { db } = app.platform;
  const tag = '车辆定位-电子围栏';
  const caller = (req: FastifyRequest) => ({ userId: req.auth!.userId, scope: req.auth!.scope });
  const one = async (req: FastifyRequest, id: number) => {
    const r = await findGeofenceInScope(db, req.auth!.scope, id);
    if (!r) throw notFound('电子围栏');
    return present(req, r);
  };

  registerList(app, {
    path: '/api/telematics/geofences',
    tag,
    summary: '电子围栏列表',
    permission: 'fleet:track:read',
    exportPermission: 'fleet:track:read',
    objectType: 'tm_geofence',
    filters: GeofenceFilters,
    sorts: GEOFENCE_SORTS,
    defaultSort: 'id',
    item: Geofence,
    fetch: (req, f, page) => fetchPage(geofenceListQuery(db, req.auth!.scope, f), selectGeofenceColumns, page, 'g.id'),
    present,
    sheet: '电子围栏',
    columns: [
      { header: '名称', width: 24, value: (r) => r.name },
      { header: '形状', value: (r) => GEOFENCE_SHAPE_NAMES[r.shape] },
      { header: '行政区域', value: (r) => r.region_name },
      { header: '规则', width: 18, value: (r) => GEOFENCE_RULE_NAMES[r.rule] },
      { header: '设置单位', width: 30, value: (r) => r.unit_name },
      { header: '适用车辆', width: 20, value: (r) => GEOFENCE_APPLIES_NAMES[r.applies_to] },
      { header: '状态', value: (r) => (r.active ? '启用' : '停用') },
    ],
  });

  app.get(
    '/api/telematics/geofences/:id',
    { schema: { tags: [tag], summary: '电子围栏详情', params: IdParam, response: { 200: Geofence, '4xx': ErrorBody } }, config: { permission: 'fleet:track:read' } },
    async (req) => one(req, (req.params as Static<typeof IdParam>).id),
  );

  app.post(
    '/api/telematics/geofences',
    { schema: { tags: [tag], summary: '新增电子围栏', body: GeofenceInput, response: { 200: Geofence, '4xx': ErrorBody } }, config: { permission: 'fleet:geofence:write' } },
    async (req) => {
      const b = req.body as Static<typeof GeofenceInput>;
      const id = await audited(req, 'tm_geofence.create', 'tm_geofence', async (tx) => {
        const gid = await createGeofence(tx, caller(req), b);
        return { result: gid, objectId: gid, after: b };
      });
      return one(req, id);
    },
  );

  app.put(
    '/api/telematics/geofences/:id',
    {
      schema: { tags: [tag], summary: '修改或停用电子围栏', params: IdParam, body: GeofenceEdit, response: { 200: Geofence, '4xx': ErrorBody } },
      config: { permission: 'fleet:geofence:write' },
    },
    async (req) => {
      const { id } = req.params as Static<typeof IdParam>;
      const b = req.body as Static<typeof GeofenceEdit>;
      await audited(req, 'tm_geofence.update', 'tm_geofence', async (tx) => {
        const before = await editGeofence(tx, caller(req), id, b);
        return { result: null, objectId: id, before, after: b };
      });
      return one(req, id);
    },
  );
}
