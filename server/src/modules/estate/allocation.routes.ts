import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { chinaDay } from '../../platform/calendar/calendar.service.js';
import { notFound } from '../../platform/errors.js';
import { Actions, ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import { warningKindName } from '../../platform/warnings/warning.catalog.js';
import type { Db } from '../../db/connection.js';
import {
  findMapCompounds,
  findUnitHeader,
  findUnitRoomAreas,
  type IdleRow,
  idleRoomQuery,
  MAP_MAX_POINTS,
  selectIdleColumns,
  selectUnitColumns,
  unitListQuery,
  type UnitRow,
  upsertQuota,
} from './allocation.repository.js';
import { evaluateOffices } from './evaluation.service.js';

const TAG = '办公用房-单位用房';
const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
const NNum = Type.Union([Type.Number(), Type.Null()]);
const NStr = Type.Union([Type.String(), Type.Null()]);

const LEVEL_NAMES: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡级' };
const CATEGORY_NAMES: Record<string, string> = { office: '办公室用房', service: '服务用房', equipment: '设备用房', ancillary: '附属用房' };

const Unit = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  level: Type.String(),
  levelName: Type.String(),
  regionCode: Type.String(),
  regionName: NStr,
  staffingQuota: Type.Union([Type.Integer(), Type.Null()]),
  approvedOfficeArea: NNum,
  approvedHeadcount: Type.Union([Type.Integer(), Type.Null()]),
  basis: NStr,
  approvedOn: NStr,
  roomCount: Type.Integer(),
  totalArea: Type.Number(),
  officeArea: Type.Number({ description: '办公室用房使用面积（现用途），m²' }),
  serviceArea: Type.Number(),
  equipmentArea: Type.Number(),
  ancillaryArea: Type.Number(),
  persons: Type.Integer({ description: '在职人员' }),
  personsWithOffice: Type.Integer({ description: '已安排办公室的在职人员' }),
  perCapitaOfficeArea: Type.Union([Type.Number(), Type.Null()], { description: '人均办公室面积 = 办公室用房 / 在职人员' }),
  over: Type.Boolean({ description: '超出核定面积' }),
  excessArea: NNum,
  _actions: Actions,
});

const unitActions = (req: FastifyRequest) => (req.auth!.permissions.has('estate:quota:write') ? ['quota'] : []);

function presentUnit(req: FastifyRequest, r: UnitRow): Static<typeof Unit> {
  const excess = num(r.excess);
  return {
    id: r.id,
    name: r.name,
    level: r.level,
    levelName: LEVEL_NAMES[r.level] ?? r.level,
    regionCode: r.region_code,
    regionName: r.region_name ?? null,
    staffingQuota: r.staffing_quota,
    approvedOfficeArea: num(r.approved_office_area),
    approvedHeadcount: r.approved_headcount ?? null,
    basis: r.basis ?? null,
    approvedOn: r.approved_on,
    roomCount: r.room_count ?? 0,
    totalArea: Number(r.total_area ?? 0),
    officeArea: Number(r.office_area ?? 0),
    serviceArea: Number(r.service_area ?? 0),
    equipmentArea: Number(r.equipment_area ?? 0),
    ancillaryArea: Number(r.ancillary_area ?? 0),
    persons: r.persons ?? 0,
    personsWithOffice: r.with_office ?? 0,
    perCapitaOfficeArea: num(r.per_capita),
    over: excess !== null && excess > 0,
    excessArea: excess,
    _actions: unitActions(req),
  };
}

const AreaItem = Type.Object({ code: Type.String(), name: Type.String(), area: Type.Number(), rooms: Type.Integer() });
const UnitSummary = Type.Object({
  unit: Unit,
  quota: Type.Union([
    Type.Object({ approvedOfficeArea: Type.Number(), approvedHeadcount: Type.Integer(), basis: Type.String(), approvedOn: Type.String(), updatedAt: NStr }),
    Type.Null(),
  ]),
  byCategory: Type.Array(AreaItem),
  byUse: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), category: Type.String(), area: Type.Number(), rooms: Type.Integer() })),
  byBuilding: Type.Array(
    Type.Object({ buildingId: Type.Integer(), buildingName: Type.String(), compoundId: Type.Integer(), compoundName: Type.String(), officeArea: Type.Number(), area: Type.Number(), rooms: Type.Integer() }),
  ),
  findings: Type.Array(Type.Object({ kind: Type.String(), kindName: Type.String(), count: Type.Integer() })),
  findingsTotal: Type.Integer(),
});

async function unitSummary(req: FastifyRequest, db: Db, id: number): Promise<Static<typeof UnitSummary>> {
  const today = chinaDay(new Date());
  const [h, areas] = await Promise.all([findUnitHeader(db, req.auth!.scope, id, today), findUnitRoomAreas(db, id)]);
  if (!h) throw notFound('单位');
  const cat = new Map<string, { area: number; rooms: number }>(Object.keys(CATEGORY_NAMES).map((k) => [k, { area: 0, rooms: 0 }]));
  const use = new Map<string, { code: string; name: string; category: string; sort: number; area: number; rooms: number }>();
  const bld = new Map<number, { buildingId: number; buildingName: string; compoundId: number; compoundName: string; officeArea: number; area: number; rooms: number }>();
  for (const a of areas) {
    const area = Number(a.area);
    const c = cat.get(a.category)!;
    c.area += area;
    c.rooms += a.rooms;
    const u = use.get(a.current_use) ?? { code: a.current_use, name: a.use_name, category: a.category, sort: a.sort, area: 0, rooms: 0 };
    u.area += area;
    u.rooms += a.rooms;
    use.set(a.current_use, u);
    const b = bld.get(a.building_id) ?? { buildingId: a.building_id, buildingName: a.building_name, compoundId: a.compound_id, compoundName: a.compound_name, officeArea: 0, area: 0, rooms: 0 };
    b.area += area;
    b.rooms += a.rooms;
    if (a.category === 'office') b.officeArea += area;
    bld.set(a.building_id, b);
  }
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const officeArea = r2(cat.get('office')!.area);
  const approved = num(h.approved_office_area);
  const excess = approved === null ? null : r2(officeArea - approved);
  const findings = Object.entries(h.findings ?? {}).map(([kind, count]) => ({ kind, kindName: warningKindName(kind), count: Number(count) }));
  return {
    unit: {
      id: h.id,
      name: h.name,
      level: h.level,
      levelName: LEVEL_NAMES[h.level] ?? h.level,
      regionCode: h.region_code,
      regionName: h.region_name ?? null,
      staffingQuota: h.staffing_quota,
      approvedOfficeArea: approved,
      approvedHeadcount: h.approved_headcount ?? null,
      basis: h.basis ?? null,
      approvedOn: h.approved_on,
      roomCount: [...cat.values()].reduce((s, c) => s + c.rooms, 0),
      totalArea: r2([...cat.values()].reduce((s, c) => s + c.area, 0)),
      officeArea,
      serviceArea: r2(cat.get('service')!.area),
      equipmentArea: r2(cat.get('equipment')!.area),
      ancillaryArea: r2(cat.get('ancillary')!.area),
      persons: h.persons,
      personsWithOffice: h.with_office,
      perCapitaOfficeArea: h.persons ? r2(officeArea / h.persons) : null,
      over: excess !== null && excess > 0,
      excessArea: excess,
      _actions: unitActions(req),
    },
    quota:
      approved === null
        ? null
        : { approvedOfficeArea: approved, approvedHeadcount: h.approved_headcount!, basis: h.basis!, approvedOn: h.approved_on!, updatedAt: iso(h.quota_updated_at) },
    byCategory: [...cat.entries()].map(([code, v]) => ({ code, name: CATEGORY_NAMES[code]!, area: r2(v.area), rooms: v.rooms })),
    byUse: [...use.values()].sort((a, b) => a.sort - b.sort).map(({ sort: _s, ...u }) => ({ ...u, area: r2(u.area) })),
    byBuilding: [...bld.values()].sort((a, b) => b.area - a.area).map((b) => ({ ...b, area: r2(b.area), officeArea: r2(b.officeArea) })),
    findings,
    findingsTotal: findings.reduce((s, f) => s + f.count, 0),
  };
}

const Idle = Type.Object({
  id: Type.Integer(),
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  buildingId: Type.Integer(),
  buildingName: Type.String(),
  floorNo: Type.Integer(),
  floorName: Type.String(),
  roomNo: Type.String(),
  usableArea: Type.Number(),
  designedUse: Type.String(),
  designedUseName: Type.String(),
  address: Type.String(),
  regionCode: Type.String(),
  regionName: NStr,
  ownerName: Type.String(),
  claimed: Type.Boolean({ description: '已被一项未办结的调剂申请占用' }),
  _actions: Actions,
});
const floorName = (n: number) => (n < 0 ? `地下${-n}层` : `${n}层`);

function presentIdle(req: FastifyRequest, r: IdleRow): Static<typeof Idle> {
  return {
    id: r.id,
    compoundId: r.compound_id,
    compoundName: r.compound_name,
    buildingId: r.building_id,
    buildingName: r.building_name,
    floorNo: r.floor_no,
    floorName: floorName(r.floor_no),
    roomNo: r.room_no,
    usableArea: Number(r.usable_area),
    designedUse: r.designed_use,
    designedUseName: r.designed_use_name,
    address: r.address,
    regionCode: r.region_code,
    regionName: r.region_name ?? null,
    ownerName: r.owner_name,
    claimed: r.claimed,
    _actions: !r.claimed && req.auth!.permissions.has('estate:application:create') ? ['apply'] : [],
  };
}

/** 单位用房核定与使用、闲置用房、院落地图, and the "立即复核" run of the office-space rules. */
export async function allocationRoutes(app: FastifyInstance) {
  const p = app.platform;
  const { db } = p;

  registerList(app, {
    path: '/api/estate/units',
    tag: TAG,
    summary: '单位办公用房汇总（核定与实际）',
    permission: 'estate:space:read',
    exportPermission: 'estate:space:export',
    objectType: 'estate_unit',
    filters: {
      unitId: Type.Optional(Type.Integer({ minimum: 1, description: '该单位及下级' })),
      regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })),
      over: Type.Optional(Type.Boolean({ description: '仅超出核定面积的单位' })),
    },
    sorts: {
      id: 'o.id',
      name: 'o.name',
      officeArea: 'ra.office_area',
      approvedOfficeArea: 'q.approved_office_area',
      excessArea: 'excess',
      perCapitaOfficeArea: 'per_capita',
      persons: 'pa.persons',
      totalArea: 'ra.total_area',
    },
    defaultSort: 'id',
    item: Unit,
    fetch: (req, f, page) => fetchPage(unitListQuery(db, req.auth!.scope, f, chinaDay(new Date())), selectUnitColumns, page, 'o.id'),
    present: presentUnit,
    sheet: '单位办公用房汇总',
    columns: [
      { header: '单位', width: 34, value: (r) => r.name },
      { header: '层级', width: 8, value: (r) => LEVEL_NAMES[r.level] },
      { header: '地区', width: 14, value: (r) => r.region_name },
      { header: '核定办公面积（m²）', width: 16, value: (r) => num(r.approved_office_area) },
      { header: '核定编制', width: 10, value: (r) => r.approved_headcount },
      { header: '核定依据', width: 30, value: (r) => r.basis },
      { header: '办公室用房（m²）', width: 16, value: (r) => num(r.office_area) },
      { header: '服务用房（m²）', width: 14, value: (r) => num(r.service_area) },
      { header: '设备用房（m²）', width: 14, value: (r) => num(r.equipment_area) },
      { header: '附属用房（m²）', width: 14, value: (r) => num(r.ancillary_area) },
      { header: '在职人员', width: 10, value: (r) => r.persons },
      { header: '已安排办公室', width: 12, value: (r) => r.with_office },
      { header: '人均办公室面积（m²）', width: 16, value: (r) => num(r.per_capita) },
      { header: '超出核定（m²）', width: 14, value: (r) => (num(r.excess) ?? 0) > 0 ? num(r.excess) : null },
    ],
  });

  app.get(
    '/api/estate/units/:id/summary',
    {
      schema: { tags: [TAG], summary: '单位办公用房概况（按用途、楼座，未关闭问题，核定）', params: IdParam, response: { 200: UnitSummary, '4xx': ErrorBody } },
      config: { permission: 'estate:space:read' },
    },
    async (req) => unitSummary(req, db, (req.params as { id: number }).id),
  );

  app.put(
    '/api/estate/units/:id/quota',
    {
      schema: {
        tags: [TAG],
        summary: '核定单位办公用房面积与编制（保存后立即复核该单位）',
        params: IdParam,
        body: Type.Object(
          {
            approvedOfficeArea: Type.Number({ minimum: 0, maximum: 10_000_000, description: '核定办公室用房面积（m²）' }),
            approvedHeadcount: Type.Integer({ minimum: 0, maximum: 100_000 }),
            basis: Type.String({ minLength: 2, maxLength: 200, description: '核定文件' }),
            approvedOn: Type.String({ format: 'date' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            summary: UnitSummary,
            evaluation: Type.Object({ findings: Type.Integer(), raised: Type.Integer(), closed: Type.Integer(), ms: Type.Integer() }),
          }),
          '4xx': ErrorBody,
        },
      },
      config: { permission: 'estate:quota:write' },
    },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const b = req.body as { approvedOfficeArea: number; approvedHeadcount: number; basis: string; approvedOn: string };
      const evaluation = await audited(req, 'estate.quota.update', 'estate_unit_quota', async (tx) => {
        const unit = await findUnitHeader(tx, req.auth!.scope, id, chinaDay(new Date()));
        if (!unit) throw notFound('单位');
        const before =
          unit.approved_office_area === null
            ? null
            : { approvedOfficeArea: num(unit.approved_office_area), approvedHeadcount: unit.approved_headcount, basis: unit.basis, approvedOn: unit.approved_on };
        await upsertQuota(tx, {
          unit_id: id,
          approved_office_area: b.approvedOfficeArea,
          approved_headcount: b.approvedHeadcount,
          basis: b.basis.trim(),
          approved_on: b.approvedOn,
        });
        const ev = await evaluateOffices(p, { unitIds: [id] }, tx);
        return { result: ev, objectId: id, before, after: b, detail: `复核：发现 ${ev.findings}，新增 ${ev.raised}，关闭 ${ev.closed}` };
      });
      return {
        summary: await unitSummary(req, db, id),
        evaluation: { findings: evaluation.findings, raised: evaluation.raised, closed: evaluation.closed, ms: evaluation.ms },
      };
    },
  );

  registerList(app, {
    path: '/api/estate/idle-rooms',
    tag: TAG,
    summary: '闲置用房（本范围及本单位所在城市，可申请调剂）',
    permission: 'estate:space:read',
    exportPermission: 'estate:space:export',
    objectType: 'estate_idle_room',
    filters: {
      regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })),
      compoundId: Type.Optional(Type.Integer({ minimum: 1 })),
      minArea: Type.Optional(Type.Number({ minimum: 0, maximum: 5000, description: '最小使用面积（m²）' })),
      q: Type.Optional(Type.String({ maxLength: 50, description: '院落名称或地址包含' })),
    },
    sorts: { id: 'r.id', usableArea: 'r.usable_area', compoundName: 'c.name', roomNo: 'r.room_no' },
    defaultSort: 'id',
    item: Idle,
    fetch: (req, f, page) => fetchPage(idleRoomQuery(db, req.auth!.scope, req.auth!.unitId, f), selectIdleColumns, page, 'r.id'),
    present: presentIdle,
    sheet: '闲置用房',
    columns: [
      { header: '院落', width: 28, value: (r) => r.compound_name },
      { header: '楼座', width: 16, value: (r) => r.building_name },
      { header: '楼层', width: 8, value: (r) => floorName(r.floor_no) },
      { header: '房间号', width: 10, value: (r) => r.room_no },
      { header: '使用面积（m²）', width: 14, value: (r) => Number(r.usable_area) },
      { header: '设计用途', width: 12, value: (r) => r.designed_use_name },
      { header: '地址', width: 36, value: (r) => r.address },
      { header: '地区', width: 12, value: (r) => r.region_name },
      { header: '产权单位', width: 30, value: (r) => r.owner_name },
      { header: '已被申请', width: 10, value: (r) => (r.claimed ? '是' : '否') },
    ],
  });

  app.get(
    '/api/estate/map',
    {
      schema: {
        tags: [TAG],
        summary: '院落地图（本范围内有坐标的院落）',
        querystring: Type.Object({ regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                code: Type.String(),
                name: Type.String(),
                address: Type.String(),
                lng: Type.Number(),
                lat: Type.Number(),
                regionCode: Type.String(),
                regionName: NStr,
                ownerUnitId: Type.Integer(),
                ownerName: Type.String(),
                buildings: Type.Integer(),
                rooms: Type.Integer(),
                idleRooms: Type.Integer(),
                usableArea: Type.Number(),
                findings: Type.Integer({ description: '未关闭的问题数' }),
              }),
            ),
            truncated: Type.Boolean({ description: `超过 ${MAP_MAX_POINTS} 个院落时仅返回前 ${MAP_MAX_POINTS} 个` }),
          }),
          '4xx': ErrorBody,
        },
      },
      config: { permission: 'estate:space:read' },
    },
    async (req) => {
      const rows = await findMapCompounds(db, req.auth!.scope, req.query as { regionCode?: string });
      return {
        items: rows.slice(0, MAP_MAX_POINTS).map((r) => ({
          id: r.id,
          code: r.code,
          name: r.name,
          address: r.address,
          lng: Number(r.lng),
          lat: Number(r.lat),
          regionCode: r.region_code,
          regionName: r.region_name ?? null,
          ownerUnitId: r.owner_unit_id,
          ownerName: r.owner_name,
          buildings: r.buildings ?? 0,
          rooms: r.rooms ?? 0,
          idleRooms: r.idle_rooms ?? 0,
          usableArea: Number(r.usable_area ?? 0),
          findings: r.findings,
        })),
        truncated: rows.length > MAP_MAX_POINTS,
      };
    },
  );

  app.post(
    '/api/estate/evaluate',
    {
      schema: {
        tags: [TAG],
        summary: '立即复核全省办公用房（超标、违规使用、超核定等），更新预警',
        response: {
          200: Type.Object({ findings: Type.Integer(), raised: Type.Integer(), closed: Type.Integer(), asOf: Type.String(), standard: Type.String(), ms: Type.Integer() }),
          '4xx': ErrorBody,
        },
      },
      config: { permission: 'estate:evaluate:run' },
    },
    async (req) =>
      audited(req, 'estate.evaluate', 'estate', async (tx) => {
        const r = await evaluateOffices(p, {}, tx);
        return { result: r, detail: `发现 ${r.findings}，新增 ${r.raised}，关闭 ${r.closed}，${r.ms} ms` };
      }),
  );
}
