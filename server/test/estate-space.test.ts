import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connection.js';
import { evaluateOffices } from '../src/modules/estate/evaluation.service.js';
import { findPersonOfficeAreas } from '../src/modules/estate/evaluation.repository.js';
import { insertOccupancy } from '../src/modules/estate/occupancy.repository.js';
import { ensureFloor, insertBuilding, insertCompound, insertRoom } from '../src/modules/estate/space.repository.js';
import { STANDARD_2014 } from '../src/modules/estate/standard.catalog.js';
import { signIn, useTestApp } from './helpers.js';

const AS_OF = '2026-06-30';
let seq = 0;

async function unitAt(db: Db, level: string, regionPrefix?: string) {
  let q = db.selectFrom('org').select(['id', 'name', 'region_code']).where('kind', '=', 'unit').where('level', '=', level).where('is_bureau', '=', false);
  if (regionPrefix) q = q.where('region_code', 'like', `${regionPrefix}%`);
  const u = await q.orderBy('id').executeTakeFirst();
  if (!u) throw new Error(`no ${level} unit in the seed`);
  return u;
}

async function rankOf(db: Db, level: string) {
  return (await db.selectFrom('rank').select('code').where('level_code', '=', level).orderBy('sort').executeTakeFirstOrThrow()).code;
}

async function person(db: Db, unitId: number, rankLevel: string | null, extra: { status?: string; status_since?: string } = {}) {
  const rank_code = rankLevel ? await rankOf(db, rankLevel) : null;
  const r = await db
    .insertInto('person')
    .values({ name: `测试${++seq}`, gender: 'M', unit_id: unitId, rank_code, status: extra.status ?? 'active', ...(extra.status_since ? { status_since: extra.status_since } : {}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A compound with one building of `floors` floors, owned by the unit. */
async function building(db: Db, unitId: number, regionCode: string, usable = 5000) {
  const c = await insertCompound(db, {
    code: `T${++seq}-C`, name: `测试院落${seq}`, address: '测试路1号', region_code: regionCode, owner_unit_id: unitId, lng: null, lat: null, land_area: null, land_cert_no: null,
  });
  const b = await insertBuilding(db, {
    compound_id: c, code: 'A', name: '1号楼', structure_code: 'rc', build_year: 2005, floors_above: 10, floors_below: 1, gross_area: usable * 1.3, usable_area: usable,
    cert_no: null, book_value: null,
  });
  return { compoundId: c, buildingId: b };
}

async function room(db: Db, at: { compoundId: number; buildingId: number }, unitId: number | null, area: number, o: { use?: string; designed?: string; attachedTo?: number } = {}) {
  const floor = await ensureFloor(db, at.buildingId, 3);
  return insertRoom(db, {
    floor_id: floor, building_id: at.buildingId, compound_id: at.compoundId, room_no: `R${++seq}`, gross_area: null, usable_area: area,
    designed_use: o.designed ?? o.use ?? 'office', current_use: o.use ?? 'office', unit_id: unitId, department_id: null,
    status: unitId === null ? 'idle' : 'in_use', attached_to_room_id: o.attachedTo ?? null,
  });
}

const occupy = (db: Db, roomId: number, personId: number, from = '2024-01-01', to: string | null = null, primary = true) =>
  insertOccupancy(db, { room_id: roomId, person_id: personId, from, to, is_primary: primary, note: null });

async function openWarnings(db: Db, subject: string) {
  return db.selectFrom('warning').select(['kind', 'status', 'evidence', 'title']).where('subject_key', '=', subject).where('status', 'in', ['open', 'acknowledged']).execute();
}

describe('office-space rules', () => {
  const t = useTestApp();
  const units = {} as Record<'province' | 'city' | 'county' | 'township', { id: number; region_code: string }>;
  const run = (unitIds: number[], asOf = AS_OF) => evaluateOffices(t.p, { asOf, unitIds });

  beforeAll(async () => {
    for (const level of ['province', 'city', 'county', 'township'] as const) units[level] = await unitAt(t.p.db, level);
  });

  it('applies the 2014 standard to every level × rank: exactly at the cap is fine, 0.01 m² more is over', async () => {
    const db = t.p.db;
    const cases: { personId: number; cap: number; over: boolean }[] = [];
    for (const [level, rankLevel, , cap] of STANDARD_2014.rows) {
      const u = units[level];
      const at = await building(db, u.id, u.region_code);
      for (const over of [false, true]) {
        const p = await person(db, u.id, rankLevel);
        await occupy(db, await room(db, at, u.id, over ? cap + 0.01 : cap), p);
        cases.push({ personId: p, cap, over });
      }
    }
    await run(Object.values(units).map((u) => u.id));
    for (const c of cases) {
      const w = (await openWarnings(db, `person:${c.personId}`)).filter((x) => x.kind === 'estate.over-standard');
      expect(w.length, `cap ${c.cap} over=${c.over}`).toBe(c.over ? 1 : 0);
      if (c.over) expect(w[0]!.evidence).toMatchObject({ cap: c.cap, area: c.cap + 0.01 });
    }
    expect(STANDARD_2014.rows).toHaveLength(28);
  });

  it('shares a room in proportion to the occupants’ caps: within the sum of caps nobody is over, above it everybody is', async () => {
    const db = t.p.db;
    const u = units.province;
    const at = await building(db, u.id, u.region_code);
    const chu = await person(db, u.id, 'l5'); // 正处 18
    const yuan = await person(db, u.id, 'l9'); // 处以下 9
    const fits = await room(db, at, u.id, 24); // 24 ≤ 27, but an equal split would put the 科员 at 12 > 9
    await occupy(db, fits, chu);
    await occupy(db, fits, yuan);
    const chu2 = await person(db, u.id, 'l5');
    const yuan2 = await person(db, u.id, 'l9');
    const big = await room(db, at, u.id, 28);
    await occupy(db, big, chu2);
    await occupy(db, big, yuan2);
    await run([u.id]);
    expect(await openWarnings(db, `person:${chu}`)).toEqual([]);
    expect(await openWarnings(db, `person:${yuan}`)).toEqual([]);
    expect((await openWarnings(db, `person:${chu2}`)).map((w) => w.evidence)).toEqual([expect.objectContaining({ area: 18.67, cap: 18 })]);
    expect((await openWarnings(db, `person:${yuan2}`)).map((w) => w.evidence)).toEqual([expect.objectContaining({ area: 9.33, cap: 9 })]);
    const areas = await findPersonOfficeAreas(db, { asOf: AS_OF, unitIds: [u.id], personIds: [chu, yuan] });
    expect(areas.map((a) => [a.area, a.cap])).toEqual([[16, 18], [8, 9]]);
  });

  it('counts an attached rest room in the office, allows it only to 省级正副职, and flags it otherwise', async () => {
    const db = t.p.db;
    const u = units.province;
    const at = await building(db, u.id, u.region_code);
    const fu = await person(db, u.id, 'l2'); // 副职 42, rest room allowed
    const office = await room(db, at, u.id, 30);
    await room(db, at, u.id, 10, { use: 'rest_room', designed: 'rest_room', attachedTo: office });
    await occupy(db, office, fu);
    const ting = await person(db, u.id, 'l3'); // 正厅 30, no rest room
    const office2 = await room(db, at, u.id, 24);
    await room(db, at, u.id, 6, { use: 'rest_room', designed: 'rest_room', attachedTo: office2 });
    await occupy(db, office2, ting);
    const fu2 = await person(db, u.id, 'l2');
    const office3 = await room(db, at, u.id, 36);
    await room(db, at, u.id, 8, { use: 'rest_room', designed: 'rest_room', attachedTo: office3 });
    await occupy(db, office3, fu2);
    await run([u.id]);
    expect(await openWarnings(db, `person:${fu}`)).toEqual([]); // 40 ≤ 42
    expect(await openWarnings(db, `room:${office}`)).toEqual([]);
    expect((await openWarnings(db, `room:${office2}`)).map((w) => w.kind)).toEqual(['estate.rest-room']);
    expect(await openWarnings(db, `person:${ting}`)).toEqual([]); // 24 + 6 = 30, at the cap
    expect((await openWarnings(db, `person:${fu2}`)).map((w) => [w.kind, (w.evidence as { area: number }).area])).toEqual([['estate.over-standard', 44]]);
  });

  it('uses date ranges: past and future assignments do not count today, and an earlier date sees the old office', async () => {
    const db = t.p.db;
    const u = units.city;
    const at = await building(db, u.id, u.region_code);
    const p = await person(db, u.id, 'l9'); // 市级 局以下 9
    const old = await room(db, at, u.id, 20);
    const now = await room(db, at, u.id, 9);
    await occupy(db, old, p, '2020-01-01', '2025-12-31');
    await occupy(db, now, p, '2026-01-01');
    const next = await room(db, at, u.id, 30);
    await occupy(db, next, p, '2027-01-01', null, false);
    await run([u.id]);
    expect(await openWarnings(db, `person:${p}`)).toEqual([]);
    const past = await findPersonOfficeAreas(db, { asOf: '2025-06-30', unitIds: [u.id], personIds: [p] });
    expect(past.map((a) => a.area)).toEqual([20]);
    // a second primary office over the same dates is impossible
    await expect(occupy(db, old, p, '2026-03-01')).rejects.toThrow();
  });

  it('raises vacate-overdue, second-office, no-office, use-mismatch, unit-over-quota and area findings, and closes them when fixed', async () => {
    const db = t.p.db;
    const u = units.county;
    const at = await building(db, u.id, u.region_code, 1000);
    const retiredLong = await person(db, u.id, 'l9', { status: 'retired', status_since: '2026-05-01' });
    const retiredNew = await person(db, u.id, 'l9', { status: 'retired', status_since: '2026-06-20' });
    await occupy(db, await room(db, at, u.id, 9), retiredLong, '2020-01-01');
    await occupy(db, await room(db, at, u.id, 9), retiredNew, '2020-01-01');
    const dual = await person(db, u.id, 'l5');
    const dualRecent = await person(db, u.id, 'l5');
    await occupy(db, await room(db, at, u.id, 30), dual, '2020-01-01');
    await occupy(db, await room(db, at, u.id, 30), dualRecent, '2020-01-01');
    const second = await room(db, at, u.id, 12);
    await occupy(db, second, dual, '2026-04-01', null, false); // 90 days
    await occupy(db, second, dualRecent, '2026-06-01', null, false); // 29 days
    const nobody = await person(db, u.id, 'l9');
    const store = await room(db, at, u.id, 40, { designed: 'meeting', use: 'storage' });
    await db.insertInto('estate_unit_quota').values({ unit_id: u.id, approved_office_area: 50, approved_headcount: 10, basis: '测试核定', approved_on: '2025-01-01' }).execute();
    const res = await run([u.id]);
    expect(res.findings).toBeGreaterThan(0);
    const kinds = async (s: string) => (await openWarnings(db, s)).map((w) => w.kind).sort();
    expect(await kinds(`person:${retiredLong}`)).toEqual(['estate.vacate-overdue']);
    expect(await kinds(`person:${retiredNew}`)).toEqual([]);
    expect(await kinds(`person:${dual}`)).toEqual(['estate.multiple-offices']);
    expect(await kinds(`person:${dualRecent}`)).toEqual([]);
    expect(await kinds(`person:${nobody}`)).toEqual(['estate.no-office']);
    expect(await kinds(`room:${store}`)).toEqual(['estate.use-mismatch']);
    expect(await kinds(`unit:${u.id}`)).toEqual(['estate.unit-over-quota']);
    // rooms add up to 9+9+30+30+12+40 = 130 m² of a 1000 m² building: far too little registered
    expect(await kinds(`building:${at.buildingId}`)).toEqual(['estate.area-mismatch']);

    // fixing: the storage room goes back to a meeting room, the quota is raised; the next run closes both
    await db.updateTable('estate_room').set({ current_use: 'meeting' }).where('id', '=', store).execute();
    await db.updateTable('estate_unit_quota').set({ approved_office_area: 500 }).where('unit_id', '=', u.id).execute();
    const again = await run([u.id]);
    expect(again.closed).toBeGreaterThanOrEqual(2);
    expect(await kinds(`room:${store}`)).toEqual([]);
    expect(await kinds(`unit:${u.id}`)).toEqual([]);
    const closed = await db.selectFrom('warning').select(['status', 'resolution']).where('subject_key', '=', `room:${store}`).execute();
    expect(closed).toEqual([{ status: 'resolved', resolution: '复核时已不存在' }]);

    // a dismissed finding is not raised again by the next runs; the same evaluation twice raises nothing new
    const w = await db.selectFrom('warning').select('id').where('subject_key', '=', `person:${nobody}`).where('status', '=', 'open').executeTakeFirstOrThrow();
    await db.updateTable('warning').set({ status: 'dismissed', closed_at: new Date(), closed_by: 1, resolution: '借调人员，在原单位办公' }).where('id', '=', w.id).execute();
    const third = await run([u.id]);
    expect(third.raised).toBe(0);
    expect(await kinds(`person:${nobody}`)).toEqual([]);
  });

  it('checks area consistency both ways', async () => {
    const db = t.p.db;
    const u = units.township;
    const over = await building(db, u.id, u.region_code, 100);
    await room(db, over, u.id, 60, { use: 'meeting' });
    await room(db, over, u.id, 50, { use: 'meeting' });
    const ok = await building(db, u.id, u.region_code, 100);
    await room(db, ok, u.id, 70, { use: 'meeting' });
    await run([u.id]);
    expect((await openWarnings(db, `building:${over.buildingId}`)).map((w) => w.title)).toEqual([expect.stringContaining('超过楼座使用面积 100')]);
    expect(await openWarnings(db, `building:${ok.buildingId}`)).toEqual([]);
  });

  it('lets a disposed card follow its unit when the unit moves in the tree, and nothing else', async () => {
    const db = t.p.db;
    const u = units.county;
    const at = await building(db, u.id, u.region_code);
    const card = await db
      .insertInto('asset_card')
      .values({
        card_no: `ZC-T-${++seq}`, kind: 'building', class_code: '1020101', name: '测试楼', compound_id: at.compoundId, building_id: at.buildingId,
        unit_id: u.id, acquisition_method: 'build', acquired_on: '2000-01-01', original_value: 1000000, structure_code: 'rc', depreciation_years: 50,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('asset_card').set({ status: 'pending_disposal' }).where('id', '=', card.id).execute();
    await db.updateTable('asset_card').set({ status: 'disposed', disposed_on: '2026-01-01' }).where('id', '=', card.id).execute();
    const parent = await db.selectFrom('org').select(['id', 'parent_id']).where('id', '=', u.id).executeTakeFirstOrThrow();
    const other = await db.selectFrom('org').select(['id', 'path']).where('kind', '=', 'unit').where('id', '<>', u.id).where('id', '<>', parent.parent_id ?? 0)
      .where(sql<boolean>`not (path <@ (select path from org where id = ${u.id}))`).orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('org').set({ parent_id: other.id }).where('id', '=', u.id).execute();
    const moved = await db.selectFrom('asset_card').select(['unit_path', 'status']).where('id', '=', card.id).executeTakeFirstOrThrow();
    expect(String(moved.unit_path).startsWith(String(other.path))).toBe(true);
    expect(moved.status).toBe('disposed');
    await expect(db.updateTable('asset_card').set({ name: '改名' }).where('id', '=', card.id).execute()).rejects.toThrow();
  });

  it('evaluates the whole province in one run and is idempotent', async () => {
    const first = await evaluateOffices(t.p, { asOf: AS_OF });
    const second = await evaluateOffices(t.p, { asOf: AS_OF });
    expect(second.findings).toBe(first.findings);
    expect(second.raised).toBe(0);
    expect(second.closed).toBe(0);
    const dup = await sql<{ n: number }>`select count(*)::int as n from (select kind, subject_key from warning where status in ('open','acknowledged') group by 1, 2 having count(*) > 1) x`.execute(t.p.db);
    expect(dup.rows[0]!.n).toBe(0);
  });
});

describe('office-space API', () => {
  const t = useTestApp();

  it('creates space, assigns an occupant, raises the finding at once, and refuses bad input in Chinese', async () => {
    const province = await signIn(t.app, 'province');
    const unit = await unitAt(t.p.db, 'province', '37');
    const compound = await province.post('/api/estate/compounds', {
      code: 'API-C1', name: '接口测试院落', address: '济南市历下区测试路1号', regionCode: '370102', ownerUnitId: unit.id, lng: 117.02, lat: 36.67,
    });
    expect(compound.statusCode, compound.body).toBe(200);
    const cid = compound.json().id;
    const building = await province.post('/api/estate/buildings', {
      compoundId: cid, code: 'A', name: '综合楼', structureCode: 'rc', buildYear: 2008, floorsAbove: 6, floorsBelow: 1, grossArea: 6000, usableArea: 4500,
    });
    expect(building.statusCode, building.body).toBe(200);
    const bid = building.json().id;
    const bad = await province.post('/api/estate/rooms', { buildingId: bid, floorNo: 9, roomNo: '901', usableArea: 20, designedUse: 'office', currentUse: 'office', unitId: unit.id, status: 'in_use' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('楼层超出范围');
    const r = await province.post('/api/estate/rooms', { buildingId: bid, floorNo: 3, roomNo: '305', usableArea: 20, designedUse: 'office', currentUse: 'office', unitId: unit.id, status: 'in_use' });
    expect(r.statusCode, r.body).toBe(200);
    const dupe = await province.post('/api/estate/rooms', { buildingId: bid, floorNo: 3, roomNo: '305', usableArea: 20, designedUse: 'office', currentUse: 'office', unitId: unit.id, status: 'in_use' });
    expect(dupe.json()).toMatchObject({ code: 'DUPLICATE', message: '该楼座内房间号已存在' });
    const pid = await person(t.p.db, unit.id, 'l6'); // 副处 12
    const assign = await province.post(`/api/estate/rooms/${r.json().id}/occupants`, { personId: pid, from: '2025-01-01' });
    expect(assign.statusCode, assign.body).toBe(200);
    expect(assign.json().raised).toBeGreaterThanOrEqual(1);
    const again = await province.post(`/api/estate/rooms/${r.json().id}/occupants`, { personId: pid, from: '2025-06-01' });
    expect(again.json().code).toBe('OCCUPANCY_OVERLAP');
    const detail = (await province.get(`/api/estate/rooms/${r.json().id}`)).json();
    expect(detail.occupants).toEqual([expect.objectContaining({ personId: pid })]);
    expect(detail.shares).toEqual([expect.objectContaining({ personId: pid, area: 20, cap: 12 })]);
    expect(detail.findingKinds).toContain('estate.over-standard');
    const grid = (await province.get(`/api/estate/buildings/${bid}/floors`)).json();
    expect(grid.floors).toEqual([expect.objectContaining({ floorNo: 3, label: '3层', usableArea: 20 })]);
    // ending the occupancy clears the finding
    const occ = detail.history[0].id;
    expect((await province.post(`/api/estate/occupancies/${occ}/end`, { to: '2024-12-31' })).json().message).toContain('不能早于');
    expect((await province.post(`/api/estate/occupancies/${occ}/end`, { to: '2025-06-30' })).statusCode).toBe(200);
    expect((await province.get(`/api/estate/rooms/${r.json().id}`)).json().findingKinds).toEqual([]);
    const audit = await t.p.db.selectFrom('audit_log').select('action').where('action', 'like', 'estate.%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['estate.compound.create', 'estate.room.create', 'estate.occupancy.assign', 'estate.occupancy.end']));
    expect((await province.get('/api/estate/rooms/export?buildingId=' + bid)).statusCode).toBe(200);
  });

  it('limits 济南 to 济南’s space and keeps staff out', async () => {
    const db = t.p.db;
    const jn = await unitAt(db, 'city', '3701');
    const qd = await unitAt(db, 'city', '3702');
    const jnAt = await building(db, jn.id, jn.region_code);
    const qdAt = await building(db, qd.id, qd.region_code);
    const qdRoom = await room(db, qdAt, qd.id, 15);
    // a provincial unit's compound located in 济南's 历下区 is the province's, not 济南's
    const prov = await unitAt(db, 'province');
    const provAt = await building(db, prov.id, '370102');
    const provRoom = await room(db, provAt, prov.id, 30);
    const jinan = await signIn(t.app, 'jinan');
    expect((await jinan.get(`/api/estate/compounds/${provAt.compoundId}`)).statusCode).toBe(404);
    expect((await jinan.get(`/api/estate/rooms/${provRoom}`)).statusCode).toBe(404);
    const list = (await jinan.get('/api/estate/compounds?pageSize=200')).json();
    expect(list.items.map((c: { id: number }) => c.id)).toContain(jnAt.compoundId);
    expect(list.items.every((c: { regionCode: string }) => c.regionCode.startsWith('3701'))).toBe(true);
    expect((await jinan.get(`/api/estate/compounds/${qdAt.compoundId}`)).statusCode).toBe(404);
    expect((await jinan.get(`/api/estate/rooms/${qdRoom}`)).statusCode).toBe(404);
    expect((await jinan.get(`/api/estate/buildings/${qdAt.buildingId}/floors`)).statusCode).toBe(404);
    expect((await jinan.get(`/api/estate/tree?parent=compound:${qdAt.compoundId}`)).statusCode).toBe(404);
    const rooms = (await jinan.get('/api/estate/rooms?pageSize=200')).json();
    expect(rooms.items.some((r: { id: number }) => r.id === qdRoom)).toBe(false);
    const moved = await jinan.post('/api/estate/compounds', { code: 'JN-X1', name: '越权院落', address: '青岛市市南区', regionCode: '370202', ownerUnitId: jn.id });
    expect(moved.statusCode).toBe(403);
    const staff = await signIn(t.app, 'staff');
    expect((await staff.get('/api/estate/compounds')).statusCode).toBe(403);
    expect((await staff.post(`/api/estate/rooms/${qdRoom}/occupants`, { personId: 1, from: '2026-01-01' })).statusCode).toBe(403);
  });
});
