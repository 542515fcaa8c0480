import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { notFound } from '../../platform/errors.js';
import { ErrorBody, IdParam, Ok } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import { warningKindName } from '../../platform/warnings/warning.catalog.js';
import { findPersonOfficeAreas } from './evaluation.repository.js';
import { findRoomOccupancy, findUnitsOfPersons, type OccupancyRow, occupancyListQuery, selectOccupancyColumns } from './occupancy.repository.js';
import {
  AssignInput, Building, BuildingInput, CATEGORY_NAMES, Compound, CompoundInput, Dicts, EndInput, FloorGrid, floorLabel,
  Occupant, Room, ROOM_STATUS_NAMES, RoomDetail, RoomInput, RoomStatus, TreeNode,
} from './space.schemas.js';
import {
  type BuildingRow, buildingListQuery, type CompoundRow, compoundListQuery, findBuildingInScope, findBuildingNodes, findCompoundInScope,
  findCompoundNodes, findDicts, findFloorNodes, findRestRooms, findRoomFindings, findRoomInScope, findRoomsOfBuilding, type RoomRow,
  roomListQuery, selectBuildingColumns, selectCompoundColumns, selectRoomColumns,
} from './space.repository.js';
import {
  assignOccupant, changeBuilding, changeCompound, changeRoom, createBuilding, createCompound, createRoom, finishOccupancy, roomActions,
  spaceActions, today,
} from './space.service.js';

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));

function presentCompound(req: FastifyRequest, r: CompoundRow): Static<typeof Compound> {
  return {
    id: r.id, code: r.code, name: r.name, address: r.address, regionCode: r.region_code, regionName: r.region_name, ownerUnitId: r.owner_unit_id,
    ownerUnitName: r.owner_unit_name, lng: num(r.lng), lat: num(r.lat), landArea: num(r.land_area), landCertNo: r.land_cert_no,
    buildings: r.buildings, grossArea: Number(r.gross_area), _actions: spaceActions(req.auth!),
  };
}

function presentBuilding(req: FastifyRequest, r: BuildingRow): Static<typeof Building> {
  return {
    id: r.id, compoundId: r.compound_id, compoundName: r.compound_name, code: r.code, name: r.name, structureCode: r.structure_code,
    structureName: r.structure_name, buildYear: r.build_year, floorsAbove: r.floors_above, floorsBelow: r.floors_below,
    grossArea: Number(r.gross_area), usableArea: Number(r.usable_area), certNo: r.cert_no, bookValue: num(r.book_value), rooms: r.rooms,
    roomsUsableArea: Number(r.rooms_usable_area), _actions: spaceActions(req.auth!),
  };
}

function presentRoom(req: FastifyRequest, r: RoomRow): Static<typeof Room> {
  return {
    id: r.id, compoundId: r.compound_id, compoundName: r.compound_name, buildingId: r.building_id, buildingName: r.building_name,
    floorNo: r.floor_no, roomNo: r.room_no, grossArea: num(r.gross_area), usableArea: Number(r.usable_area), designedUse: r.designed_use,
    designedUseName: r.designed_use_name, currentUse: r.current_use, currentUseName: r.current_use_name, category: r.category,
    unitId: r.unit_id, unitName: r.unit_name, departmentId: r.department_id, departmentName: r.department_name,
    status: r.status as Static<typeof RoomStatus>, attachedToRoomId: r.attached_to_room_id, occupants: r.occupants,
    findingKinds: r.finding_kinds, findingNames: r.finding_kinds.map(warningKindName), _actions: roomActions(req.auth!, r),
  };
}

function presentOccupant(r: Awaited<ReturnType<typeof findRoomOccupancy>>[number]): Static<typeof Occupant> {
  return {
    id: r.id, personId: r.person_id, personName: r.person_name, rankName: r.rank_name, personStatus: r.person_status, from: r.from,
    to: r.to, isPrimary: r.is_primary, current: r.current, note: r.note,
  };
}

const TAG = '办公用房';
const RegionCode = Type.String({ pattern: '^37[0-9]{0,7}$' });

export async function spaceRoutes(app: FastifyInstance) {
  const p = app.platform;
  const { db } = p;

  app.get(
    '/api/estate/dicts',
    { schema: { tags: [TAG], summary: '办公用房字典：用途分类、建筑结构（含折旧年限）、资产分类、房间状态', response: { 200: Dicts } }, config: { permission: 'estate:space:read' } },
    async () => {
      const d = await findDicts(db);
      return {
        useClasses: d.useClasses.map((u) => ({ code: u.code, name: u.name, category: u.category, categoryName: CATEGORY_NAMES[u.category]! })),
        structures: d.structures.map((s) => ({ code: s.code, name: s.name, depreciationYears: s.depreciation_years, source: s.source })),
        assetClasses: d.assetClasses,
        roomStatuses: Object.entries(ROOM_STATUS_NAMES).map(([value, label]) => ({ value, label })),
      };
    },
  );

  app.get(
    '/api/estate/tree',
    {
      schema: {
        tags: [TAG],
        summary: '房产树：院落 → 楼座 → 楼层（逐级加载）',
        querystring: Type.Object({
          parent: Type.Optional(Type.String({ pattern: '^(compound|building):[0-9]{1,10}$' })),
          q: Type.Optional(Type.String({ maxLength: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(TreeNode) }), '4xx': ErrorBody },
      },
      config: { permission: 'estate:space:read' },
    },
    async (req) => {
      const { parent, q } = req.query as { parent?: string; q?: string };
      const scope = req.auth!.scope;
      if (!parent) {
        const rows = await findCompoundNodes(db, scope, q, 300);
        return { items: rows.map((c) => ({ key: `compound:${c.id}`, kind: 'compound' as const, id: c.id, title: c.name, isLeaf: !c.has_children, extra: c.region_name })) };
      }
      const [kind, idText] = parent.split(':') as ['compound' | 'building', string];
      const id = Number(idText);
      if (kind === 'compound') {
        if (!(await findCompoundInScope(db, scope, id))) throw notFound('院落');
        const rows = await findBuildingNodes(db, id);
        return {
          items: rows.map((b) => ({
            key: `building:${b.id}`, kind: 'building' as const, id: b.id, title: b.name, isLeaf: false,
            extra: `地上${b.floors_above}层${b.floors_below ? `·地下${b.floors_below}层` : ''}`,
          })),
        };
      }
      if (!(await findBuildingInScope(db, scope, id))) throw notFound('楼座');
      const rows = await findFloorNodes(db, scope, id);
      return {
        items: rows.map((f) => ({
          key: `floor:${id}:${f.floor_no}`, kind: 'floor' as const, id: f.floor_no, title: floorLabel(f.floor_no), isLeaf: true,
          extra: `${f.rooms}间·${Number(f.usable_area).toFixed(0)}m²`,
        })),
      };
    },
  );

  // ---------------------------------------------------------------- compounds
  registerList(app, {
    path: '/api/estate/compounds',
    tag: TAG,
    summary: '院落台账',
    permission: 'estate:space:read',
    exportPermission: 'estate:space:export',
    objectType: 'estate_compound',
    filters: {
      name: Type.Optional(Type.String({ maxLength: 50 })),
      regionCode: Type.Optional(RegionCode),
      ownerUnitId: Type.Optional(Type.Integer({ minimum: 1 })),
    },
    sorts: { code: 'c.code', name: 'c.name', regionCode: 'c.region_code', landArea: 'c.land_area', id: 'c.id' },
    defaultSort: 'code',
    item: Compound,
    fetch: (req, f, page) => fetchPage(compoundListQuery(db, req.auth!.scope, f), selectCompoundColumns, page, 'c.id'),
    present: presentCompound,
    sheet: '院落台账',
    columns: [
      { header: '院落编号', value: (r) => r.code },
      { header: '院落名称', width: 30, value: (r) => r.name },
      { header: '坐落地址', width: 36, value: (r) => r.address },
      { header: '行政区划', value: (r) => r.region_name },
      { header: '产权单位', width: 30, value: (r) => r.owner_unit_name },
      { header: '占地面积（m²）', value: (r) => num(r.land_area) },
      { header: '土地证号', width: 24, value: (r) => r.land_cert_no },
      { header: '楼座数', value: (r) => r.buildings },
      { header: '建筑面积（m²）', value: (r) => Number(r.gross_area) },
      { header: '经度', value: (r) => num(r.lng) },
      { header: '纬度', value: (r) => num(r.lat) },
    ],
  });

  app.get(
    '/api/estate/compounds/:id',
    { schema: { tags: [TAG], summary: '院落详情', params: IdParam, response: { 200: Compound, '4xx': ErrorBody } }, config: { permission: 'estate:space:read' } },
    async (req) => {
      const r = await findCompoundInScope(db, req.auth!.scope, (req.params as { id: number }).id);
      if (!r) throw notFound('院落');
      return presentCompound(req, r);
    },
  );

  app.post(
    '/api/estate/compounds',
    { schema: { tags: [TAG], summary: '新增院落', body: CompoundInput, response: { 200: Compound, '4xx': ErrorBody } }, config: { permission: 'estate:space:write' } },
    async (req) => {
      const body = req.body as Static<typeof CompoundInput>;
      const id = await audited(req, 'estate.compound.create', 'estate_compound', async (tx) => {
        const id = await createCompound(tx, req.auth!, body);
        return { result: id, objectId: id, after: body };
      });
      return presentCompound(req, (await findCompoundInScope(db, req.auth!.scope, id))!);
    },
  );

  app.put(
    '/api/estate/compounds/:id',
    { schema: { tags: [TAG], summary: '修改院落', params: IdParam, body: CompoundInput, response: { 200: Compound, '4xx': ErrorBody } }, config: { permission: 'estate:space:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const body = req.body as Static<typeof CompoundInput>;
      await audited(req, 'estate.compound.update', 'estate_compound', async (tx) => {
        const before = await changeCompound(tx, req.auth!, id, body);
        return { result: null, objectId: id, before, after: body };
      });
      const r = await findCompoundInScope(db, req.auth!.scope, id);
      if (!r) throw notFound('院落');
      return presentCompound(req, r);
    },
  );

  // ---------------------------------------------------------------- buildings
  registerList(app, {
    path: '/api/estate/buildings',
    tag: TAG,
    summary: '楼座台账',
    permission: 'estate:space:read',
    exportPermission: 'estate:space:export',
    objectType: 'estate_building',
    filters: {
      compoundId: Type.Optional(Type.Integer({ minimum: 1 })),
      name: Type.Optional(Type.String({ maxLength: 50 })),
      structureCode: Type.Optional(Type.String({ maxLength: 30 })),
      regionCode: Type.Optional(RegionCode),
    },
    sorts: { code: 'b.code', name: 'b.name', buildYear: 'b.build_year', grossArea: 'b.gross_area', id: 'b.id' },
    defaultSort: 'id',
    item: Building,
    fetch: (req, f, page) => fetchPage(buildingListQuery(db, req.auth!.scope, f), selectBuildingColumns, page, 'b.id'),
    present: presentBuilding,
    sheet: '楼座台账',
    columns: [
      { header: '院落编号', value: (r) => r.compound_code },
      { header: '院落名称', width: 30, value: (r) => r.compound_name },
      { header: '楼座编号', value: (r) => r.code },
      { header: '楼座名称', width: 20, value: (r) => r.name },
      { header: '结构', value: (r) => r.structure_name },
      { header: '建成年份', value: (r) => r.build_year },
      { header: '地上层数', value: (r) => r.floors_above },
      { header: '地下层数', value: (r) => r.floors_below },
      { header: '建筑面积（m²）', value: (r) => Number(r.gross_area) },
      { header: '使用面积（m²）', value: (r) => Number(r.usable_area) },
      { header: '已登记房间数', value: (r) => r.rooms },
      { header: '房间使用面积合计（m²）', width: 22, value: (r) => Number(r.rooms_usable_area) },
      { header: '产权证号', width: 24, value: (r) => r.cert_no },
      { header: '账面价值（元）', value: (r) => num(r.book_value) },
    ],
  });

  app.get(
    '/api/estate/buildings/:id',
    { schema: { tags: [TAG], summary: '楼座详情', params: IdParam, response: { 200: Building, '4xx': ErrorBody } }, config: { permission: 'estate:space:read' } },
    async (req) => {
      const r = await findBuildingInScope(db, req.auth!.scope, (req.params as { id: number }).id);
      if (!r) throw notFound('楼座');
      return presentBuilding(req, r);
    },
  );

  app.get(
    '/api/estate/buildings/:id/floors',
    { schema: { tags: [TAG], summary: '楼层平面：各层房间（用途、状态、使用人、预警）', params: IdParam, response: { 200: FloorGrid, '4xx': ErrorBody } }, config: { permission: 'estate:space:read' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const b = await findBuildingInScope(db, req.auth!.scope, id);
      if (!b) throw notFound('楼座');
      const rooms = await findRoomsOfBuilding(db, req.auth!.scope, id, today());
      const floors = new Map<number, Static<typeof Room>[]>();
      for (const r of rooms) floors.set(r.floor_no, [...(floors.get(r.floor_no) ?? []), presentRoom(req, r)]);
      return {
        building: presentBuilding(req, b),
        floors: [...floors.entries()].map(([floorNo, rs]) => ({
          floorNo, label: floorLabel(floorNo), rooms: rs, usableArea: Math.round(rs.reduce((a, r) => a + r.usableArea, 0) * 100) / 100,
        })),
      };
    },
  );

  app.post(
    '/api/estate/buildings',
    { schema: { tags: [TAG], summary: '新增楼座', body: BuildingInput, response: { 200: Building, '4xx': ErrorBody } }, config: { permission: 'estate:space:write' } },
    async (req) => {
      const body = req.body as Static<typeof BuildingInput>;
      const id = await audited(req, 'estate.building.create', 'estate_building', async (tx) => {
        const id = await createBuilding(tx, req.auth!, body);
        return { result: id, objectId: id, after: body };
      });
      return presentBuilding(req, (await findBuildingInScope(db, req.auth!.scope, id))!);
    },
  );

  app.put(
    '/api/estate/buildings/:id',
    { schema: { tags: [TAG], summary: '修改楼座', params: IdParam, body: BuildingInput, response: { 200: Building, '4xx': ErrorBody } }, config: { permission: 'estate:space:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const body = req.body as Static<typeof BuildingInput>;
      await audited(req, 'estate.building.update', 'estate_building', async (tx) => {
        const before = await changeBuilding(p, tx, req.auth!, id, body);
        return { result: null, objectId: id, before, after: body };
      });
      return presentBuilding(req, (await findBuildingInScope(db, req.auth!.scope, id))!);
    },
  );

  // ---------------------------------------------------------------- rooms
  registerList(app, {
    path: '/api/estate/rooms',
    tag: TAG,
    summary: '房间台账',
    permission: 'estate:space:read',
    exportPermission: 'estate:space:export',
    objectType: 'estate_room',
    filters: {
      compoundId: Type.Optional(Type.Integer({ minimum: 1 })),
      buildingId: Type.Optional(Type.Integer({ minimum: 1 })),
      floorNo: Type.Optional(Type.Integer({ minimum: -10, maximum: 150 })),
      roomNo: Type.Optional(Type.String({ maxLength: 16 })),
      unitId: Type.Optional(Type.Integer({ minimum: 1 })),
      currentUse: Type.Optional(Type.String({ maxLength: 30 })),
      category: Type.Optional(Type.Union(Object.keys(CATEGORY_NAMES).map((k) => Type.Literal(k)))),
      status: Type.Optional(RoomStatus),
      mismatch: Type.Optional(Type.Boolean({ description: '仅现用途与设计用途不一致的房间' })),
      personId: Type.Optional(Type.Integer({ minimum: 1 })),
      regionCode: Type.Optional(RegionCode),
    },
    sorts: { roomNo: 'r.room_no', usableArea: 'r.usable_area', floorNo: 'fl.floor_no', id: 'r.id' },
    defaultSort: 'id',
    item: Room,
    fetch: (req, f, page) => fetchPage(roomListQuery(db, req.auth!.scope, f, today()), selectRoomColumns(today()), page, 'r.id'),
    present: presentRoom,
    sheet: '房间台账',
    columns: [
      { header: '院落', width: 28, value: (r) => r.compound_name },
      { header: '楼座', width: 16, value: (r) => r.building_name },
      { header: '楼层', value: (r) => floorLabel(r.floor_no) },
      { header: '房间号', value: (r) => r.room_no },
      { header: '建筑面积（m²）', value: (r) => num(r.gross_area) },
      { header: '使用面积（m²）', value: (r) => Number(r.usable_area) },
      { header: '设计用途', value: (r) => r.designed_use_name },
      { header: '现用途', value: (r) => r.current_use_name },
      { header: '用房类别', value: (r) => CATEGORY_NAMES[r.category] },
      { header: '使用单位', width: 30, value: (r) => r.unit_name },
      { header: '内设机构', width: 20, value: (r) => r.department_name },
      { header: '状态', value: (r) => ROOM_STATUS_NAMES[r.status] },
      { header: '使用人', width: 30, value: (r) => r.occupants.map((o) => o.name).join('、') },
    ],
  });

  app.get(
    '/api/estate/rooms/:id',
    { schema: { tags: [TAG], summary: '房间详情：使用人（含历史）、人均面积与标准、预警', params: IdParam, response: { 200: RoomDetail, '4xx': ErrorBody } }, config: { permission: 'estate:space:read' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const asOf = today();
      const r = await findRoomInScope(db, req.auth!.scope, id, asOf);
      if (!r) throw notFound('房间');
      const [history, restRooms, findings] = await Promise.all([findRoomOccupancy(db, id, asOf), findRestRooms(db, id), findRoomFindings(db, id, asOf)]);
      const current = r.occupants.map((o) => o.personId);
      const shares = current.length ? await findPersonOfficeAreas(db, { asOf, unitIds: await findUnitsOfPersons(db, current), personIds: current }) : [];
      return {
        ...presentRoom(req, r),
        history: history.map(presentOccupant),
        restRooms: restRooms.map((x) => ({ id: x.id, roomNo: x.room_no, usableArea: Number(x.usable_area) })),
        findings: findings.map((f) => ({ id: Number(f.id), kind: f.kind, kindName: warningKindName(f.kind), title: f.title, severity: f.severity, status: f.status })),
        shares: shares.map((s) => ({ personId: s.personId, personName: s.personName, area: s.area, cap: s.cap, rooms: s.rooms })),
      };
    },
  );

  app.post(
    '/api/estate/rooms',
    { schema: { tags: [TAG], summary: '新增房间（楼层按需创建）', body: RoomInput, response: { 200: Room, '4xx': ErrorBody } }, config: { permission: 'estate:space:write' } },
    async (req) => {
      const body = req.body as Static<typeof RoomInput>;
      const id = await audited(req, 'estate.room.create', 'estate_room', async (tx) => {
        const id = await createRoom(p, tx, req.auth!, body);
        return { result: id, objectId: id, after: body };
      });
      return presentRoom(req, (await findRoomInScope(db, req.auth!.scope, id, today()))!);
    },
  );

  app.put(
    '/api/estate/rooms/:id',
    { schema: { tags: [TAG], summary: '修改房间', params: IdParam, body: RoomInput, response: { 200: Room, '4xx': ErrorBody } }, config: { permission: 'estate:space:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const body = req.body as Static<typeof RoomInput>;
      await audited(req, 'estate.room.update', 'estate_room', async (tx) => {
        const before = await changeRoom(p, tx, req.auth!, id, body);
        return { result: null, objectId: id, before, after: body };
      });
      const r = await findRoomInScope(db, req.auth!.scope, id, today());
      if (!r) throw notFound('房间');
      return presentRoom(req, r);
    },
  );

  // ---------------------------------------------------------------- occupancy
  app.post(
    '/api/estate/rooms/:id/occupants',
    {
      schema: {
        tags: [TAG],
        summary: '分配使用人（随即复核涉及单位的超标情况）',
        params: IdParam,
        body: AssignInput,
        response: { 200: Type.Object({ id: Type.Integer(), raised: Type.Integer(), findings: Type.Integer() }), '4xx': ErrorBody },
      },
      config: { permission: 'estate:space:write' },
    },
    async (req) => {
      const roomId = (req.params as { id: number }).id;
      const body = req.body as Static<typeof AssignInput>;
      return audited(req, 'estate.occupancy.assign', 'estate_room', async (tx) => {
        const r = await assignOccupant(p, tx, req.auth!, roomId, body);
        return {
          result: { id: Number(r.id), raised: r.evaluation.raised, findings: r.evaluation.findings },
          objectId: roomId,
          after: { ...body, person: r.person.name },
          detail: `${r.room.building_name} ${r.room.room_no} ← ${r.person.name}`,
        };
      });
    },
  );

  app.post(
    '/api/estate/occupancies/:id/end',
    { schema: { tags: [TAG], summary: '结束使用（腾退）', params: IdParam, body: EndInput, response: { 200: Ok, '4xx': ErrorBody } }, config: { permission: 'estate:space:write' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const { to } = req.body as Static<typeof EndInput>;
      await audited(req, 'estate.occupancy.end', 'estate_occupancy', async (tx) => {
        const before = await finishOccupancy(p, tx, req.auth!, id, to);
        return { result: null, objectId: id, before, after: { to } };
      });
      return { ok: true };
    },
  );

  registerList(app, {
    path: '/api/estate/occupancies',
    tag: TAG,
    summary: '使用人台账（人员与办公室，含历史）',
    permission: 'estate:space:read',
    exportPermission: 'estate:space:export',
    objectType: 'estate_occupancy',
    filters: {
      personName: Type.Optional(Type.String({ maxLength: 50 })),
      unitId: Type.Optional(Type.Integer({ minimum: 1 })),
      compoundId: Type.Optional(Type.Integer({ minimum: 1 })),
      buildingId: Type.Optional(Type.Integer({ minimum: 1 })),
      current: Type.Optional(Type.Boolean({ description: '仅当前在用' })),
    },
    sorts: { personName: 'p.name', from: 'o.during', roomNo: 'r.room_no', id: 'o.id' },
    defaultSort: 'id',
    defaultOrder: 'desc',
    item: Type.Object({
      ...Occupant.properties,
      roomId: Type.Integer(),
      room: Type.String(),
      usableArea: Type.Number(),
      personUnitName: Type.String(),
    }),
    fetch: (req, f, page) => fetchPage(occupancyListQuery(db, req.auth!.scope, f, today()), selectOccupancyColumns(today()), page, 'o.id'),
    present: (_req, r: OccupancyRow) => ({
      ...presentOccupant(r),
      roomId: r.room_id,
      room: `${r.compound_name} ${r.building_name} ${floorLabel(r.floor_no)} ${r.room_no}`,
      usableArea: Number(r.usable_area),
      personUnitName: r.person_unit_name,
    }),
    sheet: '使用人台账',
    columns: [
      { header: '姓名', value: (r) => r.person_name },
      { header: '职级', value: (r) => r.rank_name },
      { header: '所在单位', width: 30, value: (r) => r.person_unit_name },
      { header: '院落', width: 28, value: (r) => r.compound_name },
      { header: '楼座', width: 16, value: (r) => r.building_name },
      { header: '楼层', value: (r) => floorLabel(r.floor_no) },
      { header: '房间号', value: (r) => r.room_no },
      { header: '房间使用面积（m²）', width: 18, value: (r) => Number(r.usable_area) },
      { header: '起始日期', value: (r) => r.from },
      { header: '截止日期', value: (r) => r.to ?? '至今' },
      { header: '主办公室', value: (r) => (r.is_primary ? '是' : '否') },
      { header: '人员状态', value: (r) => ({ active: '在职', transferred: '调离', retired: '退休', left: '离职' })[r.person_status] },
    ],
  });
}
