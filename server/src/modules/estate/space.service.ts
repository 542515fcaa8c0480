import type { Static } from 'typebox';
import type { Db } from '../../db/connection.js';
import { regionWithin } from '../../platform/access/scope.js';
import { chinaDay } from '../../platform/calendar/calendar.service.js';
import type { Platform } from '../../platform/context.js';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.js';
import type { AuthContext } from '../../platform/identity/auth.context.js';
import { findOrgInScope } from '../../platform/org/org.repository.js';
import { findPersonInScope } from '../../platform/org/person.repository.js';
import { evaluateOffices } from './evaluation.service.js';
import { endOccupancy, findOccupancy, findPersonUnit, insertOccupancy } from './occupancy.repository.js';
import type { AssignInput, BuildingInput, CompoundInput, RoomInput } from './space.schemas.js';
import {
  ensureFloor, findBuildingInScope, findCompoundInScope, findRoomBasics, findRoomInScope, insertBuilding, insertCompound, insertRoom,
  updateBuilding, updateCompound, updateRoom, useClassExists,
} from './space.repository.js';

type P = Pick<Platform, 'db' | 'settings'>;

export const today = () => chinaDay(new Date());

export function spaceActions(auth: AuthContext): string[] {
  return auth.permissions.has('estate:space:write') ? ['update'] : [];
}

export function roomActions(auth: AuthContext, r: { status: string; current_use: string }): string[] {
  if (!auth.permissions.has('estate:space:write') || r.status === 'disposed') return [];
  return r.current_use === 'office' ? ['update', 'assign'] : ['update'];
}

async function unitInScope(db: Db, auth: AuthContext, id: number, what: string) {
  const o = await findOrgInScope(db, auth.scope, id);
  if (!o) throw notFound(what);
  if (o.kind !== 'unit') throw invalid(`${what}必须是单位，不能是内设机构`, [{ field: 'unitId', message: '请选择单位' }]);
  return o;
}

async function compoundWrite(db: Db, auth: AuthContext, v: Static<typeof CompoundInput>) {
  await unitInScope(db, auth, v.ownerUnitId, '产权单位');
  const s = auth.scope;
  // A region-bound caller (市县局) keeps the compound inside their region, or they would lose sight of it.
  if (!s.all && s.regionPaths.length && !s.orgPaths.length && !s.unitIds.length && !regionWithin(v.regionCode, s.regionPaths))
    throw forbidden('院落所在行政区划超出您的管理范围');
  if ((v.lng ?? null) === null !== ((v.lat ?? null) === null)) throw invalid('经度和纬度须同时填写', [{ field: 'lat', message: '请同时填写经纬度' }]);
  return {
    code: v.code, name: v.name.trim(), address: v.address.trim(), region_code: v.regionCode, owner_unit_id: v.ownerUnitId,
    lng: v.lng ?? null, lat: v.lat ?? null, land_area: v.landArea ?? null, land_cert_no: v.landCertNo ?? null,
  };
}

export async function createCompound(tx: Db, auth: AuthContext, v: Static<typeof CompoundInput>) {
  return insertCompound(tx, await compoundWrite(tx, auth, v));
}

export async function changeCompound(tx: Db, auth: AuthContext, id: number, v: Static<typeof CompoundInput>) {
  const before = await findCompoundInScope(tx, auth.scope, id);
  if (!before) throw notFound('院落');
  await updateCompound(tx, id, await compoundWrite(tx, auth, v));
  return before;
}

async function buildingWrite(db: Db, auth: AuthContext, v: Static<typeof BuildingInput>) {
  if (!(await findCompoundInScope(db, auth.scope, v.compoundId))) throw notFound('院落');
  if (v.usableArea > v.grossArea) throw invalid('使用面积不能大于建筑面积', [{ field: 'usableArea', message: '使用面积不能大于建筑面积' }]);
  return {
    compound_id: v.compoundId, code: v.code, name: v.name.trim(), structure_code: v.structureCode, build_year: v.buildYear ?? null,
    floors_above: v.floorsAbove, floors_below: v.floorsBelow, gross_area: v.grossArea, usable_area: v.usableArea,
    cert_no: v.certNo ?? null, book_value: v.bookValue ?? null,
  };
}

export async function createBuilding(tx: Db, auth: AuthContext, v: Static<typeof BuildingInput>) {
  return insertBuilding(tx, await buildingWrite(tx, auth, v));
}

export async function changeBuilding(p: P, tx: Db, auth: AuthContext, id: number, v: Static<typeof BuildingInput>) {
  const before = await findBuildingInScope(tx, auth.scope, id);
  if (!before) throw notFound('楼座');
  if (before.compound_id !== v.compoundId) throw invalid('楼座不能移到其他院落', [{ field: 'compoundId', message: '不能修改所属院落' }]);
  await updateBuilding(tx, id, await buildingWrite(tx, auth, v));
  await evaluateOffices(p, { unitIds: [before.owner_unit_id] }, tx);
  return before;
}

async function roomWrite(db: Db, auth: AuthContext, v: Static<typeof RoomInput>, selfId?: number) {
  const b = await findBuildingInScope(db, auth.scope, v.buildingId);
  if (!b) throw notFound('楼座');
  if (v.floorNo > b.floors_above || v.floorNo < -b.floors_below)
    throw invalid(`楼层超出范围：该楼座地上 ${b.floors_above} 层、地下 ${b.floors_below} 层`, [{ field: 'floorNo', message: '楼层超出楼座层数' }]);
  for (const [field, code] of [['designedUse', v.designedUse], ['currentUse', v.currentUse]] as const)
    if (!(await useClassExists(db, code))) throw invalid('用途不在用途分类中', [{ field, message: '请选择用途' }]);
  const unitId = v.unitId ?? null;
  const idle = v.status === 'idle' || v.status === 'disposed';
  if (idle && unitId !== null) throw invalid('闲置房间不应有使用单位', [{ field: 'unitId', message: '闲置房间请清空使用单位' }]);
  if (!idle && unitId === null) throw invalid('在用房间须填写使用单位', [{ field: 'unitId', message: '请选择使用单位' }]);
  if (unitId !== null) await unitInScope(db, auth, unitId, '使用单位');
  if ((v.grossArea ?? null) !== null && v.usableArea > v.grossArea!)
    throw invalid('使用面积不能大于建筑面积', [{ field: 'usableArea', message: '使用面积不能大于建筑面积' }]);
  const attached = v.attachedToRoomId ?? null;
  if (attached !== null) {
    if (v.currentUse !== 'rest_room') throw invalid('只有休息室可以附属于办公室', [{ field: 'attachedToRoomId', message: '现用途须为休息室' }]);
    const office = await findRoomBasics(db, attached);
    if (!office || office.building_id !== v.buildingId || office.current_use !== 'office' || office.id === selfId)
      throw invalid('休息室须附属于同一楼座内的办公室', [{ field: 'attachedToRoomId', message: '请选择同楼座的办公室' }]);
  }
  return {
    floor_id: await ensureFloor(db, v.buildingId, v.floorNo), building_id: v.buildingId, compound_id: b.compound_id, room_no: v.roomNo,
    gross_area: v.grossArea ?? null, usable_area: v.usableArea, designed_use: v.designedUse, current_use: v.currentUse, unit_id: unitId,
    department_id: unitId === null ? null : (v.departmentId ?? null), status: v.status, attached_to_room_id: attached,
    owner_unit_id: b.owner_unit_id,
  };
}

const affectedUnits = (...ids: (number | null | undefined)[]) => [...new Set(ids.filter((x): x is number => typeof x === 'number'))];

export async function createRoom(p: P, tx: Db, auth: AuthContext, v: Static<typeof RoomInput>) {
  const { owner_unit_id, ...w } = await roomWrite(tx, auth, v);
  const id = await insertRoom(tx, w);
  await evaluateOffices(p, { unitIds: affectedUnits(w.unit_id, owner_unit_id) }, tx);
  return id;
}

export async function changeRoom(p: P, tx: Db, auth: AuthContext, id: number, v: Static<typeof RoomInput>) {
  const before = await findRoomInScope(tx, auth.scope, id, today());
  if (!before) throw notFound('房间');
  if (before.status === 'disposed') throw new AppError('ROOM_DISPOSED', '房间已处置，不能修改', 409);
  if (before.building_id !== v.buildingId) throw invalid('房间不能移到其他楼座', [{ field: 'buildingId', message: '不能修改所属楼座' }]);
  if (v.status === 'disposed') throw invalid('房间处置须通过资产处置申请办理', [{ field: 'status', message: '请通过处置申请办理' }]);
  if ((v.status === 'idle' || v.unitId !== before.unit_id) && before.occupants.length)
    throw new AppError('ROOM_OCCUPIED', `房间仍有使用人（${before.occupants.map((o) => o.name).join('、')}），请先结束其使用`, 409);
  const { owner_unit_id, ...w } = await roomWrite(tx, auth, v, id);
  await updateRoom(tx, id, w);
  await evaluateOffices(p, { unitIds: affectedUnits(before.unit_id, w.unit_id, owner_unit_id) }, tx);
  return before;
}

export async function assignOccupant(p: P, tx: Db, auth: AuthContext, roomId: number, v: Static<typeof AssignInput>) {
  const room = await findRoomInScope(tx, auth.scope, roomId, today());
  if (!room) throw notFound('房间');
  if (room.status === 'disposed' || room.status === 'idle') throw new AppError('ROOM_NOT_IN_USE', '闲置或已处置的房间不能分配使用人', 409);
  if (room.current_use !== 'office') throw new AppError('ROOM_NOT_OFFICE', `该房间现用途为${room.current_use_name}，只有办公室可以分配使用人`, 409);
  const person = await findPersonInScope(tx, auth.scope, v.personId);
  if (!person) throw notFound('人员');
  if (person.status !== 'active') throw new AppError('PERSON_NOT_ACTIVE', `${person.name}不在职，不能分配办公室`, 409);
  if (v.to && v.to < v.from) throw invalid('截止日期不能早于起始日期', [{ field: 'to', message: '截止日期不能早于起始日期' }]);
  const id = await insertOccupancy(tx, {
    room_id: roomId, person_id: v.personId, from: v.from, to: v.to ?? null, is_primary: v.isPrimary ?? true, note: v.note ?? null,
  });
  const evaluation = await evaluateOffices(p, { unitIds: affectedUnits(person.unit_id, room.unit_id) }, tx);
  return { id, person, room, evaluation };
}

export async function finishOccupancy(p: P, tx: Db, auth: AuthContext, id: number, to: string) {
  const o = await findOccupancy(tx, id);
  const room = o && (await findRoomInScope(tx, auth.scope, o.room_id, today()));
  if (!o || !room) throw notFound('使用记录');
  if (!o.open) throw new AppError('OCCUPANCY_ENDED', '该使用记录已结束', 409);
  if (to < o.from) throw invalid('截止日期不能早于起始日期', [{ field: 'to', message: `不能早于 ${o.from}` }]);
  await endOccupancy(tx, id, to);
  const person = await findPersonUnit(tx, o.person_id);
  await evaluateOffices(p, { unitIds: affectedUnits(person?.unit_id, room.unit_id) }, tx);
  return o;
}
