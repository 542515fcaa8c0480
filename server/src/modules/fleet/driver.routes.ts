import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { notFound } from '../../platform/errors.js';
import { ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import { DRIVER_SORTS, type DriverRow, driverListQuery, findDriverInScope, selectDriverColumns } from './driver.repository.js';
import { createDriver, editDriver } from './driver.service.js';
import { Driver, DriverCreate, DriverFilters, DriverUpdate } from './vehicle.schemas.js';
import { DRIVER_STATUS_NAMES } from './vehicle.service.js';

export function presentDriver(req: FastifyRequest, r: DriverRow): Static<typeof Driver> {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    licenceNo: r.licence_no,
    licenceClass: r.licence_class,
    licenceExpiresOn: r.licence_expires_on,
    status: r.status,
    statusName: DRIVER_STATUS_NAMES[r.status] ?? r.status,
    createdAt: iso(r.created_at)!,
    _actions: req.auth!.permissions.has('fleet:vehicle:write') ? ['update'] : [],
  };
}

/** 驾驶员: the register of drivers with their licence class and expiry. */
export async function driverRoutes(app: FastifyInstance) {
  const platform = app.platform;
  const { db } = platform;
  const tag = '公务用车-驾驶员';

  registerList(app, {
    path: '/api/fleet/drivers',
    tag,
    summary: '驾驶员台账',
    permission: 'fleet:vehicle:read',
    exportPermission: 'fleet:vehicle:export',
    objectType: 'fleet_driver',
    filters: DriverFilters,
    sorts: DRIVER_SORTS,
    defaultSort: 'name',
    item: Driver,
    fetch: (req, f, page) => fetchPage(driverListQuery(db, req.auth!.scope, f), selectDriverColumns, page, 'd.id'),
    present: presentDriver,
    sheet: '驾驶员台账',
    columns: [
      { header: '姓名', value: (r) => r.person_name },
      { header: '所属单位', width: 30, value: (r) => r.unit_name },
      { header: '驾驶证号', width: 22, value: (r) => r.licence_no },
      { header: '准驾车型', value: (r) => r.licence_class },
      { header: '驾驶证有效期至', value: (r) => r.licence_expires_on },
      { header: '状态', value: (r) => DRIVER_STATUS_NAMES[r.status] },
    ],
  });

  const one = async (req: FastifyRequest, id: number) => {
    const d = await findDriverInScope(db, req.auth!.scope, id);
    if (!d) throw notFound('驾驶员');
    return presentDriver(req, d);
  };

  app.get(
    '/api/fleet/drivers/:id',
    { schema: { tags: [tag], summary: '驾驶员详情', params: IdParam, response: { 200: Driver, '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:read' } },
    async (req) => one(req, (req.params as { id: number }).id),
  );

  app.post(
    '/api/fleet/drivers',
    { schema: { tags: [tag], summary: '登记驾驶员', body: DriverCreate, response: { 200: Driver, '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:write' } },
    async (req) => {
      const b = req.body as Static<typeof DriverCreate>;
      const id = await audited(req, 'fleet.driver.create', 'fleet_driver', async (tx) => {
        const did = await createDriver(platform, tx, req.auth!.scope, b);
        return { result: did, objectId: did, after: b };
      });
      return one(req, id);
    },
  );

  app.put(
    '/api/fleet/drivers/:id',
    { schema: { tags: [tag], summary: '修改驾驶员（驾驶证、状态）', params: IdParam, body: DriverUpdate, response: { 200: Driver, '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const b = req.body as Static<typeof DriverUpdate>;
      await audited(req, 'fleet.driver.update', 'fleet_driver', async (tx) => {
        const before = await findDriverInScope(tx, req.auth!.scope, id);
        if (!before) throw notFound('驾驶员');
        await editDriver(platform, tx, before, b);
        return { result: null, objectId: id, before, after: b };
      });
      return one(req, id);
    },
  );
}
