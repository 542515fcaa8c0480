import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { invalid, notFound } from '../../platform/errors.js';
import { ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import { warningKindName } from '../../platform/warnings/warning.catalog.js';
import {
  type CategoryRow,
  findCategories,
  findCategory,
  findCostMonths,
  findInspections,
  findInsurance,
  findRecentDispatches,
  findRecentTrips,
  findVehicleInScope,
  findVehicleWarnings,
  selectVehicleColumns,
  updateCategory,
  VEHICLE_SORTS,
  type VehicleRow,
  vehicleListQuery,
} from './vehicle.repository.js';
import {
  Category,
  CategoryEdit,
  CategoryParam,
  Inspection,
  InspectionInput,
  Insurance,
  InsuranceInput,
  PlateRules,
  SealBody,
  StatusBody,
  TerminalBody,
  Vehicle,
  VehicleDetail,
  VehicleFilters,
  VehicleInput,
} from './vehicle.schemas.js';
import {
  ACQUISITION_NAMES,
  addInspection,
  addInsurance,
  bindTerminal,
  changeStatus,
  editVehicle,
  ENERGY_NAMES,
  NEW_ENERGY,
  PLATE_CITIES,
  PLATE_PATTERN,
  registerVehicle,
  STATUS_MOVES,
  VEHICLE_STATUS_NAMES,
  type VehicleInput as VehicleInputT,
  vehicleActions,
} from './vehicle.service.js';

const num = (v: string | number | null) => (v === null ? null : Number(v));

export function presentCategory(req: FastifyRequest, c: CategoryRow): Static<typeof Category> {
  return {
    code: c.code,
    name: c.name,
    maxPrice: num(c.max_price),
    maxDisplacementL: num(c.max_displacement_l),
    maxPriceNe: num(c.max_price_ne),
    sort: c.sort,
    source: c.source,
    _actions: req.auth!.permissions.has('fleet:quota:write') ? ['update'] : [],
  };
}

export function presentVehicle(req: FastifyRequest, r: VehicleRow): Static<typeof Vehicle> {
  return {
    id: r.id,
    plate: r.plate,
    vin: r.vin,
    brand: r.brand,
    model: r.model,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    energyType: r.energy_type,
    energyTypeName: ENERGY_NAMES[r.energy_type] ?? r.energy_type,
    displacementL: num(r.displacement_l),
    price: Number(r.price),
    acquiredOn: r.acquired_on,
    acquisitionMethod: r.acquisition_method,
    acquisitionMethodName: ACQUISITION_NAMES[r.acquisition_method] ?? r.acquisition_method,
    unitId: r.unit_id,
    unitName: r.unit_name,
    status: r.status,
    statusName: VEHICLE_STATUS_NAMES[r.status] ?? r.status,
    odometerKm: Number(r.odometer_km),
    terminalPhone: r.terminal_phone,
    terminalInstalledOn: r.terminal_installed_on,
    seats: r.seats,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    _actions: vehicleActions(r, req.auth!.permissions),
  };
}

const presentInsurance = (i: Awaited<ReturnType<typeof findInsurance>>[number]): Static<typeof Insurance> => ({
  id: i.id,
  vehicleId: i.vehicle_id,
  providerId: i.provider_id,
  insurer: i.insurer,
  policyNo: i.policy_no,
  startsOn: i.starts_on,
  endsOn: i.ends_on,
  premium: Number(i.premium),
});
const presentInspection = (i: Awaited<ReturnType<typeof findInspections>>[number]): Static<typeof Inspection> => ({
  id: i.id,
  vehicleId: i.vehicle_id,
  inspectedOn: i.inspected_on,
  validUntil: i.valid_until,
  station: i.station,
});

/** 车辆档案: categories and their caps, the vehicle register, detail, status, terminal, insurance and inspections. */
export async function vehicleRoutes(app: FastifyInstance) {
  const { db } = app.platform;
  const platform = app.platform;
  const tag = '公务用车-车辆档案';

  // ---------------------------------------------------------------- categories
  app.get(
    '/api/fleet/categories',
    { schema: { tags: [tag], summary: '车辆类别与配备标准（价格、排量上限及依据）', response: { 200: Type.Array(Category), '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:read' } },
    async (req) => (await findCategories(db)).map((c) => presentCategory(req, c)),
  );
  app.put(
    '/api/fleet/categories/:code',
    {
      schema: { tags: [tag], summary: '修改车辆类别的配备标准（须注明依据）', params: CategoryParam, body: CategoryEdit, response: { 200: Category, '4xx': ErrorBody } },
      config: { permission: 'fleet:quota:write' },
    },
    async (req) => {
      const { code } = req.params as { code: string };
      const b = req.body as Static<typeof CategoryEdit>;
      const row = await audited(req, 'fleet.category.update', 'fleet_category', async (tx) => {
        const before = await findCategory(tx, code);
        if (!before) throw notFound('车辆类别');
        const after = await updateCategory(tx, code, { max_price: b.maxPrice, max_displacement_l: b.maxDisplacementL, max_price_ne: b.maxPriceNe, source: b.source.trim() });
        return { result: after!, objectId: code, before, after: b };
      });
      return presentCategory(req, row);
    },
  );

  // ---------------------------------------------------------------- the register
  registerList(app, {
    path: '/api/fleet/vehicles',
    tag,
    summary: '车辆档案台账',
    permission: 'fleet:vehicle:read',
    exportPermission: 'fleet:vehicle:export',
    objectType: 'fleet_vehicle',
    filters: VehicleFilters,
    sorts: VEHICLE_SORTS,
    defaultSort: 'plate',
    item: Vehicle,
    fetch: (req, f, page) => fetchPage(vehicleListQuery(db, req.auth!.scope, f), selectVehicleColumns, page, 'v.id'),
    present: presentVehicle,
    sheet: '车辆档案台账',
    columns: [
      { header: '车牌号', width: 12, value: (r) => r.plate },
      { header: '车辆识别代号', width: 22, value: (r) => r.vin },
      { header: '品牌', value: (r) => r.brand },
      { header: '型号', width: 20, value: (r) => r.model },
      { header: '车辆类别', width: 18, value: (r) => r.category_name },
      { header: '能源类型', value: (r) => ENERGY_NAMES[r.energy_type] },
      { header: '排量(L)', width: 10, value: (r) => num(r.displacement_l) },
      { header: '购置价格(元)', value: (r) => Number(r.price) },
      { header: '取得日期', value: (r) => r.acquired_on },
      { header: '取得方式', value: (r) => ACQUISITION_NAMES[r.acquisition_method] },
      { header: '所属单位', width: 30, value: (r) => r.unit_name },
      { header: '状态', width: 10, value: (r) => VEHICLE_STATUS_NAMES[r.status] },
      { header: '里程(km)', value: (r) => Number(r.odometer_km) },
      { header: '北斗终端号', width: 20, value: (r) => r.terminal_phone },
      { header: '终端安装日期', value: (r) => r.terminal_installed_on },
    ],
  });

  app.get(
    '/api/fleet/vehicles/reference',
    { schema: { tags: [tag], summary: '车牌规则（山东各市发牌机关代号）、能源类型与状态流转', response: { 200: PlateRules, '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:read' } },
    async () => ({
      cities: [{ regionCode: '37', city: '省直单位', letters: ['A'] }, ...PLATE_CITIES],
      pattern: PLATE_PATTERN,
      energyTypes: Object.entries(ENERGY_NAMES).map(([code, name]) => ({ code, name, newEnergy: NEW_ENERGY.includes(code) })),
      statuses: Object.entries(VEHICLE_STATUS_NAMES).map(([code, name]) => ({ code, name, next: STATUS_MOVES[code] ?? [] })),
    }),
  );

  const detailOf = async (req: FastifyRequest, id: number): Promise<Static<typeof VehicleDetail>> => {
    const v = await findVehicleInScope(db, req.auth!.scope, id);
    if (!v) throw notFound('车辆');
    const [cat, insurance, inspections, dispatches, trips, costs, warnings] = await Promise.all([
      findCategory(db, v.category_code),
      findInsurance(db, id),
      findInspections(db, id),
      findRecentDispatches(db, id),
      findRecentTrips(db, id),
      findCostMonths(db, id),
      findVehicleWarnings(db, id),
    ]);
    return {
      vehicle: presentVehicle(req, v),
      category: presentCategory(req, cat!),
      insurance: insurance.map(presentInsurance),
      inspections: inspections.map(presentInspection),
      dispatches: dispatches.map((d) => ({
        id: d.id,
        requestId: d.request_id,
        purpose: d.purpose,
        driverName: d.driver_name,
        startsAt: iso(d.starts_at)!,
        endsAt: iso(d.ends_at)!,
        status: d.status,
      })),
      trips: trips.map((t) => ({ id: Number(t.id), source: t.source, startedAt: iso(t.started_at)!, endedAt: iso(t.ended_at)!, km: Number(t.km) })),
      costs: costs.map((c) => ({ month: c.month, category: c.category, amount: Number(c.amount), txCount: c.tx_count })),
      warnings: warnings.map((w) => ({
        id: Number(w.id),
        kind: w.kind,
        kindName: warningKindName(w.kind),
        title: w.title,
        severity: w.severity,
        status: w.status,
        firstSeenAt: iso(w.first_seen_at)!,
      })),
    };
  };

  app.get(
    '/api/fleet/vehicles/:id',
    { schema: { tags: [tag], summary: '车辆详情：档案、保险与年检、用车记录、费用、预警', params: IdParam, response: { 200: VehicleDetail, '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:read' } },
    async (req) => detailOf(req, (req.params as { id: number }).id),
  );

  const caller = (req: FastifyRequest) => ({ userId: req.auth!.userId, scope: req.auth!.scope });
  /** The vehicle must be visible to the caller (missing and forbidden are both 404). */
  const inScope = async (req: FastifyRequest, id: number) => {
    if (!(await findVehicleInScope(db, req.auth!.scope, id))) throw notFound('车辆');
  };

  app.post(
    '/api/fleet/vehicles',
    { schema: { tags: [tag], summary: '登记车辆（校验车牌、类别配备标准）', body: VehicleInput, response: { 200: VehicleDetail, '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:write' } },
    async (req) => {
      const body = req.body as VehicleInputT;
      const id = await audited(req, 'fleet.vehicle.create', 'fleet_vehicle', async (tx) => {
        const vid = await registerVehicle(platform, tx, caller(req), body);
        return { result: vid, objectId: vid, after: body };
      });
      return detailOf(req, id);
    },
  );

  app.put(
    '/api/fleet/vehicles/:id',
    { schema: { tags: [tag], summary: '修改车辆档案', params: IdParam, body: VehicleInput, response: { 200: VehicleDetail, '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      await inScope(req, id);
      await audited(req, 'fleet.vehicle.update', 'fleet_vehicle', async (tx) => {
        const r = await editVehicle(platform, tx, caller(req), id, req.body as VehicleInputT);
        return { result: null, objectId: id, before: r.before, after: req.body };
      });
      return detailOf(req, id);
    },
  );

  app.post(
    '/api/fleet/vehicles/:id/status',
    { schema: { tags: [tag], summary: '变更车辆状态（在用、维修、封存、待处置、已处置）', params: IdParam, body: StatusBody, response: { 200: VehicleDetail, '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const b = req.body as Static<typeof StatusBody>;
      await inScope(req, id);
      await audited(req, 'fleet.vehicle.status', 'fleet_vehicle', async (tx) => {
        const r = await changeStatus(platform, tx, id, b.status);
        return { result: null, objectId: id, before: { status: r.from }, after: { status: r.to, reason: b.reason ?? null } };
      });
      return detailOf(req, id);
    },
  );

  for (const [path, action, to, summary] of [
    ['seal', 'fleet.vehicle.seal', 'sealed', '封存车辆'],
    ['unseal', 'fleet.vehicle.unseal', 'in_use', '启封车辆'],
  ] as const) {
    app.post(
      `/api/fleet/vehicles/:id/${path}`,
      { schema: { tags: [tag], summary, params: IdParam, body: SealBody, response: { 200: VehicleDetail, '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:write' } },
      async (req) => {
        const id = (req.params as { id: number }).id;
        await inScope(req, id);
        await audited(req, action, 'fleet_vehicle', async (tx) => {
          const r = await changeStatus(platform, tx, id, to);
          return { result: null, objectId: id, before: { status: r.from }, after: { status: r.to, reason: (req.body as { reason?: string }).reason ?? null } };
        });
        return detailOf(req, id);
      },
    );
  }

  app.put(
    '/api/fleet/vehicles/:id/terminal',
    { schema: { tags: [tag], summary: '绑定（或解绑）北斗终端', params: IdParam, body: TerminalBody, response: { 200: VehicleDetail, '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const b = req.body as Static<typeof TerminalBody>;
      await inScope(req, id);
      await audited(req, 'fleet.vehicle.terminal', 'fleet_vehicle', async (tx) => {
        const r = await bindTerminal(platform, tx, id, b.terminalPhone, b.installedOn ?? null);
        return { result: null, objectId: id, after: r };
      });
      return detailOf(req, id);
    },
  );

  // ---------------------------------------------------------------- insurance and inspections
  app.get(
    '/api/fleet/vehicles/:id/insurance',
    { schema: { tags: [tag], summary: '车辆保险记录', params: IdParam, response: { 200: Type.Array(Insurance), '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:read' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      await inScope(req, id);
      return (await findInsurance(db, id)).map(presentInsurance);
    },
  );
  app.post(
    '/api/fleet/vehicles/:id/insurance',
    { schema: { tags: [tag], summary: '登记车辆保险（保险期间不能重叠）', params: IdParam, body: InsuranceInput, response: { 200: Type.Array(Insurance), '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const b = req.body as Static<typeof InsuranceInput>;
      await inScope(req, id);
      if (b.endsOn <= b.startsOn) throw invalid('保险终止日期必须晚于起始日期', [{ field: 'endsOn', message: '须晚于起始日期' }]);
      await audited(req, 'fleet.insurance.create', 'fleet_vehicle', async (tx) => {
        const iid = await addInsurance(platform, tx, id, {
          vehicle_id: id,
          provider_id: b.providerId ?? null,
          insurer: b.insurer.trim(),
          policy_no: b.policyNo.trim(),
          starts_on: b.startsOn,
          ends_on: b.endsOn,
          premium: b.premium,
        });
        return { result: iid, objectId: id, after: b };
      });
      return (await findInsurance(db, id)).map(presentInsurance);
    },
  );
  app.get(
    '/api/fleet/vehicles/:id/inspections',
    { schema: { tags: [tag], summary: '车辆年检记录', params: IdParam, response: { 200: Type.Array(Inspection), '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:read' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      await inScope(req, id);
      return (await findInspections(db, id)).map(presentInspection);
    },
  );
  app.post(
    '/api/fleet/vehicles/:id/inspections',
    { schema: { tags: [tag], summary: '登记车辆年检', params: IdParam, body: InspectionInput, response: { 200: Type.Array(Inspection), '4xx': ErrorBody } }, config: { permission: 'fleet:vehicle:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const b = req.body as Static<typeof InspectionInput>;
      await inScope(req, id);
      if (b.validUntil <= b.inspectedOn) throw invalid('年检有效期必须晚于检验日期', [{ field: 'validUntil', message: '须晚于检验日期' }]);
      await audited(req, 'fleet.inspection.create', 'fleet_vehicle', async (tx) => {
        const iid = await addInspection(platform, tx, id, { vehicle_id: id, inspected_on: b.inspectedOn, valid_until: b.validUntil, station: b.station?.trim() || null });
        return { result: iid, objectId: id, after: b };
      });
      return (await findInspections(db, id)).map(presentInspection);
    },
  );
}
