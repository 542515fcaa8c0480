import { describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connection.js';
import { signIn, useTestApp } from './helpers.js';

/**
 * Unit allocation (核定 vs actual), the idle pool, the compound map and the area standard table.
 * Rooms are built directly in the database, so every figure is computed by hand here.
 */
describe('estate allocation: unit figures, quota, idle pool, map, standards', () => {
  const t = useTestApp();
  let seq = 0;

  async function bureauOf(username: string) {
    const u = await t.p.db.selectFrom('app_user').select('unit_id').where('username', '=', username).executeTakeFirstOrThrow();
    return u.unit_id;
  }

  async function newUnit(db: Db, parentId: number, name: string, regionCode: string, level = 'city') {
    const o = await db
      .insertInto('org')
      .values({ kind: 'unit', name, unit_type: 'party_gov', level, region_code: regionCode, parent_id: parentId, unit_id: 0, path: '' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return o.id;
  }

  async function newBuilding(db: Db, ownerUnitId: number, regionCode: string, usable: number, coords?: [number, number]) {
    seq += 1;
    const c = await db
      .insertInto('estate_compound')
      .values({
        code: `T-${regionCode}-${seq}`,
        name: `测试院落${seq}`,
        address: `测试路 ${seq} 号`,
        region_code: regionCode,
        owner_unit_id: ownerUnitId,
        lng: coords ? String(coords[0]) : null,
        lat: coords ? String(coords[1]) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const b = await db
      .insertInto('estate_building')
      .values({ compound_id: c.id, code: 'A', name: '综合楼', structure_code: 'rc', floors_above: 5, gross_area: String(usable * 1.3), usable_area: String(usable) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const f = await db.insertInto('estate_floor').values({ building_id: b.id, floor_no: 2 }).returning('id').executeTakeFirstOrThrow();
    return { compoundId: c.id, buildingId: b.id, floorId: f.id };
  }

  async function room(
    db: Db,
    at: { compoundId: number; buildingId: number; floorId: number },
    no: string,
    area: number,
    use: string,
    unitId: number | null,
    extra: { status?: string; attachedTo?: number } = {},
  ) {
    const r = await db
      .insertInto('estate_room')
      .values({
        floor_id: at.floorId,
        building_id: at.buildingId,
        compound_id: at.compoundId,
        room_no: no,
        usable_area: String(area),
        designed_use: use,
        current_use: use,
        unit_id: unitId,
        status: extra.status ?? (unitId === null ? 'idle' : 'in_use'),
        attached_to_room_id: extra.attachedTo ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async function person(db: Db, unitId: number, name: string, rank: string, status = 'active') {
    const p = await db.insertInto('person').values({ name, gender: 'M', unit_id: unitId, rank_code: rank, status }).returning('id').executeTakeFirstOrThrow();
    return p.id;
  }

  /** A 济南 unit with: offices 20 and 30 (+ rest room 10 attached to the 30), meeting 50, power room 15, canteen 100,
   *  one idle room 25 in the same building; persons: 3 active (2 seated), 1 retired. */
  async function handBuiltUnit() {
    const db = t.p.db;
    const bureau = await bureauOf('jinan');
    const unitId = await newUnit(db, bureau, `济南市测试局${++seq}`, '370102');
    const at = await newBuilding(db, unitId, '370102', 250, [117.0204, 36.6683]);
    const o1 = await room(db, at, '201', 20, 'office', unitId);
    const o2 = await room(db, at, '202', 30, 'office', unitId);
    await room(db, at, '202A', 10, 'rest_room', unitId, { attachedTo: o2 });
    await room(db, at, '203', 50, 'meeting', unitId);
    await room(db, at, '204', 15, 'power', unitId);
    await room(db, at, '205', 100, 'canteen', unitId);
    const idle = await room(db, at, '206', 25, 'office', null);
    const a = await person(db, unitId, '甲', 'post_chu_fu');
    const b = await person(db, unitId, '乙', 'post_chu_zheng');
    await person(db, unitId, '丙', 'grade_keyuan_1');
    await person(db, unitId, '丁', 'grade_keyuan_1', 'retired');
    await db.insertInto('estate_occupancy').values({ room_id: o1, person_id: a, during: '[2025-01-01,)' }).execute();
    await db.insertInto('estate_occupancy').values({ room_id: o2, person_id: b, during: '[2025-01-01,)' }).execute();
    return { unitId, at, idle };
  }

  it('the unit summary equals the hand-computed figures, and the list row agrees', async () => {
    const { unitId } = await handBuiltUnit();
    const jinan = await signIn(t.app, 'jinan');
    const res = await jinan.get(`/api/estate/units/${unitId}/summary`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.unit).toMatchObject({
      id: unitId,
      levelName: '市级',
      roomCount: 6,
      officeArea: 60, // 20 + 30 + rest room 10
      serviceArea: 50,
      equipmentArea: 15,
      ancillaryArea: 100,
      totalArea: 225,
      persons: 3,
      personsWithOffice: 2,
      perCapitaOfficeArea: 20,
      approvedOfficeArea: null,
      over: false,
      excessArea: null,
    });
    expect(s.quota).toBeNull();
    expect(s.byCategory).toEqual([
      { code: 'office', name: '办公室用房', area: 60, rooms: 3 },
      { code: 'service', name: '服务用房', area: 50, rooms: 1 },
      { code: 'equipment', name: '设备用房', area: 15, rooms: 1 },
      { code: 'ancillary', name: '附属用房', area: 100, rooms: 1 },
    ]);
    expect(s.byUse.map((u: { code: string; area: number }) => [u.code, u.area])).toEqual([
      ['office', 50],
      ['rest_room', 10],
      ['meeting', 50],
      ['power', 15],
      ['canteen', 100],
    ]);
    expect(s.byBuilding).toHaveLength(1);
    expect(s.byBuilding[0]).toMatchObject({ buildingName: '综合楼', area: 225, officeArea: 60, rooms: 6 });

    const list = (await jinan.get(`/api/estate/units?unitId=${unitId}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ officeArea: 60, serviceArea: 50, equipmentArea: 15, ancillaryArea: 100, persons: 3, personsWithOffice: 2, perCapitaOfficeArea: 20, over: false, _actions: ['quota'] });
    const xlsx = await jinan.get(`/api/estate/units/export?unitId=${unitId}`);
    expect(xlsx.statusCode).toBe(200);

    // 青岛 cannot see a 济南 unit
    const qingdao = await signIn(t.app, 'qingdao');
    expect((await qingdao.get(`/api/estate/units/${unitId}/summary`)).statusCode).toBe(404);
    expect((await qingdao.get(`/api/estate/units?unitId=${unitId}`)).json().total).toBe(0);
  });

  it('a quota update re-evaluates the unit: over the approved area raises estate.unit-over-quota, raising it closes it', async () => {
    const { unitId } = await handBuiltUnit();
    const jinan = await signIn(t.app, 'jinan');
    const put = await jinan.put(`/api/estate/units/${unitId}/quota`, { approvedOfficeArea: 40, approvedHeadcount: 3, basis: '济编办〔2025〕12号', approvedOn: '2025-03-01' });
    expect(put.statusCode).toBe(200);
    const body = put.json();
    expect(body.summary.unit).toMatchObject({ approvedOfficeArea: 40, approvedHeadcount: 3, over: true, excessArea: 20 });
    expect(body.summary.quota).toMatchObject({ approvedOfficeArea: 40, basis: '济编办〔2025〕12号', approvedOn: '2025-03-01' });
    expect(body.evaluation.raised).toBeGreaterThanOrEqual(1);
    expect(body.summary.findings).toEqual(expect.arrayContaining([{ kind: 'estate.unit-over-quota', kindName: '单位超核定面积', count: 1 }]));

    const w = (await jinan.get(`/api/warnings?kind=estate.unit-over-quota&unitId=${unitId}`)).json();
    expect(w.total).toBe(1);
    expect(w.items[0]).toMatchObject({ status: 'open', kindName: '单位超核定面积', severity: 'high' });
    const over = (await jinan.get(`/api/estate/units?over=true&unitId=${unitId}`)).json();
    expect(over.total).toBe(1);

    // enough area now: the rule no longer finds it and closes the warning
    const put2 = await jinan.put(`/api/estate/units/${unitId}/quota`, { approvedOfficeArea: 80, approvedHeadcount: 4, basis: '济编办〔2025〕20号', approvedOn: '2025-06-01' });
    expect(put2.json().summary.unit.over).toBe(false);
    const closed = await t.p.db.selectFrom('warning').select(['status', 'resolution']).where('kind', '=', 'estate.unit-over-quota').where('unit_id', '=', unitId).execute();
    expect(closed).toEqual([{ status: 'resolved', resolution: '复核时已不存在' }]);
    expect((await jinan.get(`/api/estate/units?over=true&unitId=${unitId}`)).json().total).toBe(0);

    const audit = await t.p.db.selectFrom('audit_log').select('action').where('object_type', '=', 'estate_unit_quota').where('object_id', '=', String(unitId)).execute();
    expect(audit).toHaveLength(2);

    // validation, permission, scope
    expect((await jinan.put(`/api/estate/units/${unitId}/quota`, { approvedOfficeArea: -1, approvedHeadcount: 3, basis: '某文件', approvedOn: '2025-03-01' })).statusCode).toBe(400);
    const unit = await signIn(t.app, 'unit');
    expect((await unit.put(`/api/estate/units/${unitId}/quota`, { approvedOfficeArea: 10, approvedHeadcount: 3, basis: '某文件', approvedOn: '2025-03-01' })).statusCode).toBe(403);
    const qingdao = await signIn(t.app, 'qingdao');
    expect((await qingdao.put(`/api/estate/units/${unitId}/quota`, { approvedOfficeArea: 10, approvedHeadcount: 3, basis: '某文件', approvedOn: '2025-03-01' })).statusCode).toBe(404);
  });

  it('the idle pool: own scope plus every idle room in the city of the caller’s unit', async () => {
    const { idle: jinanIdle, unitId } = await handBuiltUnit();
    const qdBureau = await bureauOf('qingdao');
    const qdUnit = await newUnit(t.p.db, qdBureau, `青岛市测试局${++seq}`, '370202');
    const qdAt = await newBuilding(t.p.db, qdUnit, '370202', 100, [120.3826, 36.0671]);
    const qdIdle = await room(t.p.db, qdAt, '301', 40, 'office', null);

    const ids = async (username: string, query = '') =>
      (await (await signIn(t.app, username)).get(`/api/estate/idle-rooms?pageSize=200${query}`)).json().items.map((r: { id: number }) => r.id);
    expect(await ids('jinan')).toContain(jinanIdle);
    expect(await ids('jinan')).not.toContain(qdIdle);
    expect(await ids('qingdao')).toContain(qdIdle);
    expect(await ids('qingdao')).not.toContain(jinanIdle);
    // 山东省教育厅 (own unit only, a provincial unit seated in 济南) sees 济南's idle rooms, not 青岛's
    expect(await ids('unit')).toContain(jinanIdle);
    expect(await ids('unit')).not.toContain(qdIdle);
    expect(await ids('province')).toEqual(expect.arrayContaining([jinanIdle, qdIdle]));
    // filters
    expect(await ids('province', '&minArea=30')).not.toContain(jinanIdle);
    expect(await ids('province', '&regionCode=3702')).not.toContain(jinanIdle);

    const row = (await (await signIn(t.app, 'jinan')).get('/api/estate/idle-rooms?pageSize=200')).json().items.find((r: { id: number }) => r.id === jinanIdle);
    expect(row).toMatchObject({ roomNo: '206', floorName: '2层', usableArea: 25, designedUseName: '办公室', buildingName: '综合楼', claimed: false, _actions: ['apply'] });

    // the map: compounds in scope with coordinates and their figures
    const map = (await (await signIn(t.app, 'jinan')).get('/api/estate/map')).json();
    const mine = map.items.find((c: { ownerUnitId: number }) => c.ownerUnitId === unitId);
    expect(mine).toMatchObject({ buildings: 1, rooms: 7, idleRooms: 1, usableArea: 250, lng: 117.0204, lat: 36.6683 });
    expect(map.items.some((c: { ownerUnitId: number }) => c.ownerUnitId === qdUnit)).toBe(false);
  });

  it('standards: the matrix with names, validated edits by writers only, new versions copied', async () => {
    const province = await signIn(t.app, 'province');
    const s = (await province.get('/api/estate/standards')).json();
    expect(s.versions).toHaveLength(1);
    const v = s.versions[0];
    expect(v).toMatchObject({ docNo: '发改投资〔2014〕2674号', inForce: true });
    expect(s.inForceId).toBe(v.id);
    expect(s.rankLevels[0]).toEqual({ code: 'l1', name: '省部级正职' });
    expect(s.orgLevels.map((l: { name: string }) => l.name)).toEqual(['省级', '市级', '县级', '乡级']);
    expect(v.rows.find((r: { orgLevel: string; rankLevelCode: string }) => r.orgLevel === 'city' && r.rankLevelCode === 'l3')).toMatchObject({ postLabel: '正职', maxArea: 42 });
    expect(s._actions).toEqual(['write']);

    const rows = v.rows.map((r: { orgLevel: string; rankLevelCode: string; maxArea: number }) =>
      r.orgLevel === 'township' && r.rankLevelCode === 'l7' ? { ...r, maxArea: 20 } : r,
    );
    const bad = (cap: number) => v.rows.map((r: object, i: number) => (i === 0 ? { ...r, maxArea: cap } : r));
    expect((await province.put(`/api/estate/standards/${v.id}`, { rows: bad(0) })).statusCode).toBe(400);
    expect((await province.put(`/api/estate/standards/${v.id}`, { rows: bad(-5) })).statusCode).toBe(400);
    expect((await province.put(`/api/estate/standards/${v.id}`, { rows: bad(200.5) })).statusCode).toBe(400);
    const dup = await province.put(`/api/estate/standards/${v.id}`, { rows: [...v.rows, v.rows[0]] });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().message).toContain('重复');
    const unknown = await province.put(`/api/estate/standards/${v.id}`, { rows: [{ ...v.rows[0], rankLevelCode: 'l99' }] });
    expect(unknown.statusCode).toBe(400);
    expect((await province.put('/api/estate/standards/99999', { rows })).statusCode).toBe(404);
    // 市县局管理员 reads but does not write the standard
    const jinan = await signIn(t.app, 'jinan');
    expect((await jinan.get('/api/estate/standards')).json()._actions).toEqual([]);
    expect((await jinan.put(`/api/estate/standards/${v.id}`, { rows })).statusCode).toBe(403);
    // nothing changed by the refusals
    const still = (await province.get('/api/estate/standards')).json().versions[0].rows;
    expect(still).toEqual(v.rows);

    const ok = await province.put(`/api/estate/standards/${v.id}`, { rows, source: `${v.source}；乡级正职按省定 20 m²` });
    expect(ok.statusCode).toBe(200);
    const after = ok.json().versions[0];
    expect(after.rows.find((r: { orgLevel: string; rankLevelCode: string }) => r.orgLevel === 'township' && r.rankLevelCode === 'l7').maxArea).toBe(20);
    expect(after.source).toContain('乡级正职按省定');

    const created = await province.post('/api/estate/standards', { name: '山东省乡级办公用房标准（2026）', docNo: '鲁管发〔2026〕1号', effectiveFrom: '2099-01-01', copyFromVersionId: v.id });
    expect(created.statusCode).toBe(200);
    const vs = created.json().versions;
    expect(vs).toHaveLength(2);
    expect(vs.find((x: { name: string }) => x.name === '山东省乡级办公用房标准（2026）')).toMatchObject({ inForce: false, effectiveFrom: '2099-01-01' });
    expect(vs.find((x: { name: string }) => x.name === '山东省乡级办公用房标准（2026）').rows).toHaveLength(v.rows.length);
    expect((await province.post('/api/estate/standards', { name: '另一版本', docNo: '鲁管发〔2026〕2号', effectiveFrom: '2099-01-01', copyFromVersionId: v.id })).statusCode).toBe(409);
    const audit = await t.p.db.selectFrom('audit_log').select(['action', 'result']).where('object_type', '=', 'estate_standard_version').execute();
    expect(audit).toEqual(expect.arrayContaining([{ action: 'estate.standard.update', result: 'success' }, { action: 'estate.standard.create', result: 'success' }]));
  });

  it('立即复核 runs the rules and is audited; needs estate:evaluate:run', async () => {
    const province = await signIn(t.app, 'province');
    const r = await province.post('/api/estate/evaluate');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ standard: '党政机关办公用房建设标准（2014）' });
    expect((await (await signIn(t.app, 'unit')).post('/api/estate/evaluate')).statusCode).toBe(403);
  });
});
