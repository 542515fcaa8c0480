import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type Client, signIn, useTestApp } from './helpers.js';

/**
 * Asset cards (资产卡片) and their life cycle through the approval engine: register, depreciation, attachments,
 * 调剂 / 置换 / 租用 / 维修 / 处置 with execution steps, the database guard, scope and permissions; leader-office filing.
 */
describe('estate asset cards and life-cycle applications', () => {
  const t = useTestApp();
  let seq = 0;

  const unitOf = async (username: string) =>
    (await t.p.db.selectFrom('app_user').select('unit_id').where('username', '=', username).executeTakeFirstOrThrow()).unit_id;

  /** A compound with one building (structure given), one floor and `rooms` rooms, built directly in the database. */
  async function makeSpace(o: { regionCode: string; ownerUnitId: number; structure?: string; buildYear?: number; rooms?: number; idle?: boolean }) {
    seq++;
    const db = t.p.db;
    const compound = await db
      .insertInto('estate_compound')
      .values({ code: `TC${process.pid % 1000}-${seq}`, name: `测试院落${seq}`, address: `测试路${seq}号`, region_code: o.regionCode, owner_unit_id: o.ownerUnitId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const building = await db
      .insertInto('estate_building')
      .values({
        compound_id: compound.id,
        code: 'B1',
        name: `${seq}号楼`,
        structure_code: o.structure ?? 'rc',
        build_year: o.buildYear ?? 1995,
        floors_above: 5,
        gross_area: 5000,
        usable_area: 4000,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const floor = await db.insertInto('estate_floor').values({ building_id: building.id, floor_no: 3 }).returning('id').executeTakeFirstOrThrow();
    const roomIds: number[] = [];
    for (let i = 0; i < (o.rooms ?? 2); i++) {
      const r = await db
        .insertInto('estate_room')
        .values({
          floor_id: floor.id,
          building_id: building.id,
          compound_id: compound.id,
          room_no: `30${i + 1}`,
          usable_area: 20 + i,
          designed_use: 'office',
          current_use: 'office',
          unit_id: o.idle ? null : o.ownerUnitId,
          status: o.idle ? 'idle' : 'in_use',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      roomIds.push(r.id);
    }
    return { compoundId: compound.id, buildingId: building.id, roomIds };
  }

  const cardNo = () => `ZC-${process.pid % 1000}-${++seq}`;
  async function makeCard(c: Client, body: Record<string, unknown>) {
    const res = await c.post('/api/estate/assets', {
      cardNo: cardNo(),
      classCode: body.kind === 'land' ? '1010100' : body.kind === 'room' ? '1020111' : '1020101',
      name: '办公楼',
      acquisitionMethod: 'build',
      acquiredOn: '2000-01-15',
      originalValue: 1200000,
      area: 4000,
      ...body,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().card as { id: number; cardNo: string; status: string; netValue: number; _actions: string[] };
  }

  const cardStatus = async (id: number) =>
    (await t.p.db.selectFrom('asset_card').select(['status', 'unit_id', sql<string | null>`to_char(disposed_on, 'YYYY-MM-DD')`.as('disposed_on')]).where('id', '=', id).executeTakeFirstOrThrow());

  async function decide(approver: Client, instanceId: number, how: 'approve' | 'reject' = 'approve') {
    const inbox = (await approver.get('/api/workflow/tasks?box=pending&pageSize=200')).json();
    const task = inbox.items.find((x: { instanceId: number }) => x.instanceId === instanceId);
    expect(task, `no task for instance ${instanceId}`).toBeDefined();
    const res = await approver.post(`/api/workflow/tasks/${task.taskId}/${how}`, { comment: how === 'reject' ? '材料不全' : '同意' });
    return res;
  }

  const apply = (c: Client, kind: string, body: Record<string, unknown>, key = randomUUID()) =>
    c.post(`/api/estate/applications/${kind}`, { reason: '工作需要', requestKey: key, ...body });

  it('registers cards: depreciation years from the structure, net value and accumulated depreciation, unique numbers, export in the register order', async () => {
    const province = await signIn(t.app, 'province');
    const edu = await unitOf('unit');
    const s = await makeSpace({ regionCode: '3701', ownerUnitId: edu, structure: 'brick_concrete' });

    // the SQL function: straight line, monthly, counted from the month acquired, no residual
    const nv = async (orig: number, years: number | null, acquired: string, asOf: string) =>
      Number((await sql<{ v: string }>`select asset_net_value(${orig}::numeric, ${years}::int, ${acquired}::date, ${asOf}::date) as v`.execute(t.p.db)).rows[0]!.v);
    expect(await nv(1200000, 50, '2020-03-10', '2025-02-28')).toBe(1080000); // 60 of 600 months
    expect(await nv(1200000, 50, '2020-03-10', '2020-03-31')).toBe(1198000); // the first month counts
    expect(await nv(1200000, 50, '2020-03-10', '2019-12-31')).toBe(1200000); // before acquisition
    expect(await nv(900000, 30, '1990-01-01', '2025-01-01')).toBe(0); // fully depreciated, never negative
    expect(await nv(500000, null, '1990-01-01', '2025-01-01')).toBe(500000); // land

    const card = await makeCard(province, { kind: 'building', compoundId: s.compoundId, buildingId: s.buildingId, unitId: edu, acquiredOn: '2010-06-20', originalValue: 3600000 });
    const d = (await province.get(`/api/estate/assets/${card.id}`)).json();
    const now = new Date();
    const months = Math.min((now.getFullYear() - 2010) * 12 + now.getMonth() + 1 - 6 + 1, 360);
    const net = Math.round((3600000 - (3600000 * months) / 360) * 100) / 100;
    expect(d.card).toMatchObject({
      structureCode: 'brick_concrete',
      structureName: '砖混结构',
      depreciationYears: 30,
      originalValue: 3600000,
      netValue: net,
      accumulatedDepreciation: Math.round((3600000 - net) * 100) / 100,
      status: 'in_use',
      statusName: '在用',
      buildingName: expect.stringContaining('号楼'),
    });
    expect(d.card._actions).toEqual(expect.arrayContaining(['update', 'attach', 'apply_disposal', 'apply_repair', 'apply_exchange']));
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({ kind: 'register', phase: 'recorded', kindName: '登记入账' });

    // land: no structure, no depreciation
    const land = await makeCard(province, { kind: 'land', compoundId: s.compoundId, unitId: edu, originalValue: 800000, name: '院落土地' });
    const ld = (await province.get(`/api/estate/assets/${land.id}`)).json().card;
    expect(ld).toMatchObject({ structureCode: null, depreciationYears: null, netValue: 800000, accumulatedDepreciation: 0 });

    // refusals: number taken, a second live card for the building, class of another kind, a building of another compound
    const dupNo = await province.post('/api/estate/assets', { cardNo: card.cardNo, kind: 'room', classCode: '1020111', name: '某房间', compoundId: s.compoundId, buildingId: s.buildingId, roomId: s.roomIds[0], unitId: edu, acquisitionMethod: 'build', acquiredOn: '2010-01-01', originalValue: 1 });
    expect(dupNo.statusCode).toBe(409);
    expect(dupNo.json().code).toBe('CARD_NO_TAKEN');
    const twice = await province.post('/api/estate/assets', { cardNo: cardNo(), kind: 'building', classCode: '1020101', name: '同一楼座', compoundId: s.compoundId, buildingId: s.buildingId, unitId: edu, acquisitionMethod: 'build', acquiredOn: '2010-01-01', originalValue: 1 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('ASSET_CARD_EXISTS');
    const wrongClass = await province.post('/api/estate/assets', { cardNo: cardNo(), kind: 'room', classCode: '1010100', name: '分类错误', compoundId: s.compoundId, buildingId: s.buildingId, roomId: s.roomIds[1], unitId: edu, acquisitionMethod: 'build', acquiredOn: '2010-01-01', originalValue: 1 });
    expect(wrongClass.statusCode).toBe(400);
    expect(wrongClass.json().message).toContain('分类');

    // edit a descriptive field: event written; status cannot be sent
    const edit = await province.put(`/api/estate/assets/${card.id}`, { name: '综合办公楼', certNo: '鲁(2010)济南市不动产权第0001号' });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().card.name).toBe('综合办公楼');
    expect(edit.json().events.at(-1)).toMatchObject({ kind: 'update', summary: '修改资产名称、权证号' });
    expect((await province.put(`/api/estate/assets/${card.id}`, { status: 'idle' })).statusCode).toBe(400);

    // list and export with the same filters, columns in the customer's order
    const list = (await province.get(`/api/estate/assets?compoundId=${s.compoundId}&sort=cardNo`)).json();
    expect(list.total).toBe(2);
    const x = await province.get(`/api/estate/assets/export?compoundId=${s.compoundId}`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '卡片编号', '资产名称', '资产分类', '类别', '坐落院落', '楼座', '房间', '使用单位', '取得方式', '取得日期',
      '原值', '结构', '折旧年限', '累计折旧', '净值', '面积', '权证号', '状态',
    ]);
    expect(ws.rowCount).toBe(3);
  });

  it('attachments: an own upload is attached once, listed, downloadable and on the timeline', async () => {
    const province = await signIn(t.app, 'province');
    const edu = await unitOf('unit');
    const s = await makeSpace({ regionCode: '3701', ownerUnitId: edu });
    const card = await makeCard(province, { kind: 'building', compoundId: s.compoundId, buildingId: s.buildingId, unitId: edu });
    const boundary = '----steward' + seq;
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="产权证.txt"\r\nContent-Type: text/plain\r\n\r\n不动产权证书扫描件\r\n--${boundary}--\r\n`;
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { cookie: province.cookie, 'x-csrf-token': province.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(up.statusCode, up.body).toBe(200);
    const fileId = up.json().id;
    const res = await province.post(`/api/estate/assets/${card.id}/files`, { fileId, category: 'certificate' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().files).toEqual([expect.objectContaining({ id: fileId, category: 'certificate', categoryName: '权证' })]);
    expect(res.json().events.at(-1)).toMatchObject({ kind: 'attachment', summary: '上传权证：产权证.txt' });
    const f = await t.p.db.selectFrom('file').select('attached_at').where('id', '=', fileId).executeTakeFirstOrThrow();
    expect(f.attached_at).not.toBeNull();
    expect((await province.post(`/api/estate/assets/${card.id}/files`, { fileId, category: 'photo' })).statusCode).toBe(409);
    const dl = await province.get(`/api/estate/assets/${card.id}/files/${fileId}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toContain('不动产权证书');
  });

  it('disposal: pending while approved, refusal restores the status, execution and write-off dispose the card and its rooms; occupants block the write-off', async () => {
    const province = await signIn(t.app, 'province');
    const unit = await signIn(t.app, 'unit');
    const edu = await unitOf('unit');
    const s = await makeSpace({ regionCode: '3701', ownerUnitId: edu, rooms: 2 });
    const card = await makeCard(province, { kind: 'building', compoundId: s.compoundId, buildingId: s.buildingId, unitId: edu });

    // refused: back to in_use, events applied + rejected
    const r1 = await apply(unit, 'disposal', { cardId: card.id, disposalForm: 'scrap', appraisedValue: 0 });
    expect(r1.statusCode, r1.body).toBe(200);
    const a1 = r1.json().application;
    expect(a1).toMatchObject({ kind: 'disposal', status: 'pending', priorStatus: 'in_use', cardStatus: 'pending_disposal' });
    expect((await cardStatus(card.id)).status).toBe('pending_disposal');
    expect((await decide(province, a1.instanceId, 'reject')).statusCode).toBe(200);
    expect((await cardStatus(card.id)).status).toBe('in_use');
    expect((await unit.get(`/api/estate/applications/${a1.id}`)).json().application.status).toBe('rejected');

    // withdrawn by the starter: restored as well
    const r2 = (await apply(unit, 'disposal', { cardId: card.id, disposalForm: 'sale', appraisedValue: 500000 })).json().application;
    expect((await unit.post(`/api/workflow/instances/${r2.instanceId}/withdraw`, { comment: '暂缓' })).statusCode).toBe(200);
    expect((await cardStatus(card.id)).status).toBe('in_use');
    expect((await unit.get(`/api/estate/applications/${r2.id}`)).json().application.status).toBe('cancelled');

    // approved: stays pending_disposal; the unit cannot execute, the bureau can
    const a3 = (await apply(unit, 'disposal', { cardId: card.id, disposalForm: 'sale', appraisedValue: 500000 })).json().application;
    expect((await decide(province, a3.instanceId)).statusCode).toBe(200);
    const approved = (await province.get(`/api/estate/applications/${a3.id}`)).json().application;
    expect(approved).toMatchObject({ status: 'approved', statusName: '已批准待执行', _actions: ['execute'] });
    expect((await cardStatus(card.id)).status).toBe('pending_disposal');
    expect((await unit.post(`/api/estate/applications/${a3.id}/execute`, { executedOn: '2026-01-10' })).statusCode).toBe(403);
    // write-off before execution is refused
    expect((await province.post(`/api/estate/applications/${a3.id}/write-off`, { writtenOffOn: '2026-01-20', proceeds: 0 })).json().code).toBe('APPLICATION_STATE');
    const ex = await province.post(`/api/estate/applications/${a3.id}/execute`, { executedOn: '2026-01-10', counterparty: '山东产权交易中心', documentNo: '鲁财资〔2026〕1号' });
    expect(ex.statusCode, ex.body).toBe(200);
    expect(ex.json().application._actions).toEqual(['write_off']);

    // somebody still sits in a room: a clear 409 naming the room and the person
    const person = await t.p.db.insertInto('person').values({ name: '占用人', gender: 'M', unit_id: edu }).returning('id').executeTakeFirstOrThrow();
    const occ = await t.p.db
      .insertInto('estate_occupancy')
      .values({ room_id: s.roomIds[0]!, person_id: person.id, during: sql`daterange('2020-01-01', null)` as unknown as string })
      .returning('id')
      .executeTakeFirstOrThrow();
    const busy = await province.post(`/api/estate/applications/${a3.id}/write-off`, { writtenOffOn: '2026-01-20', proceeds: 480000, remittanceNo: 'GK20260120001' });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('ROOM_OCCUPIED');
    expect(busy.json().message).toContain('301（占用人）');
    expect((await cardStatus(card.id)).status).toBe('pending_disposal');
    // proceeds without a treasury remittance number are refused
    expect((await province.post(`/api/estate/applications/${a3.id}/write-off`, { writtenOffOn: '2026-01-20', proceeds: 480000 })).statusCode).toBe(400);
    await t.p.db.updateTable('estate_occupancy').set({ during: sql`daterange('2020-01-01', current_date)` as unknown as string }).where('id', '=', occ.id).execute();

    const wo = await province.post(`/api/estate/applications/${a3.id}/write-off`, { writtenOffOn: '2026-01-20', proceeds: 480000, remittanceNo: 'GK20260120001' });
    expect(wo.statusCode, wo.body).toBe(200);
    expect(wo.json().application).toMatchObject({ status: 'done', _actions: [] });
    expect(await cardStatus(card.id)).toMatchObject({ status: 'disposed', disposed_on: '2026-01-20' });
    const rooms = await t.p.db.selectFrom('estate_room').select(['status', 'unit_id']).where('building_id', '=', s.buildingId).execute();
    expect(rooms.every((r) => r.status === 'disposed' && r.unit_id === null)).toBe(true);

    // the timeline has every phase, in order
    const detail = (await province.get(`/api/estate/assets/${card.id}`)).json();
    expect(detail.events.map((e: { kind: string; phase: string }) => `${e.kind}:${e.phase}`)).toEqual([
      'register:recorded',
      'disposal:applied', 'disposal:rejected',
      'disposal:applied', 'disposal:cancelled',
      'disposal:applied', 'disposal:approved', 'disposal:executed', 'disposal:written_off',
    ]);
    expect(detail.card).toMatchObject({ status: 'disposed', statusName: '已处置', _actions: [] });

    // a disposed card is frozen: no edit, no allocation, no exchange, no repair, no second disposal
    expect((await province.put(`/api/estate/assets/${card.id}`, { name: '改名' })).json().code).toBe('ASSET_STATE');
    const other = await makeSpace({ regionCode: '3701', ownerUnitId: await unitOf('province') });
    const otherCard = await makeCard(province, { kind: 'building', compoundId: other.compoundId, buildingId: other.buildingId, unitId: await unitOf('province') });
    for (const [kind, body] of [
      ['allocation', { cardId: card.id }],
      ['exchange', { cardId: card.id, counterpartCardId: otherCard.id }],
      ['exchange', { cardId: otherCard.id, counterpartCardId: card.id }],
      ['repair', { cardId: card.id, budget: 1000, scope: '外墙', wearGrade: 'damaged' }],
      ['disposal', { cardId: card.id, disposalForm: 'scrap' }],
    ] as const) {
      const res = await apply(province, kind, body);
      expect(res.statusCode, `${kind} ${res.body}`).toBe(409);
      expect(res.json().code).toBe('ASSET_STATE');
    }
  });

  it('repair: approval puts the card under repair, acceptance restores it; the list ranks major repairs by priority', async () => {
    const province = await signIn(t.app, 'province');
    const unit = await signIn(t.app, 'unit');
    const edu = await unitOf('unit');
    const old = await makeSpace({ regionCode: '3701', ownerUnitId: edu, buildYear: 1980 });
    const recent = await makeSpace({ regionCode: '3701', ownerUnitId: edu, buildYear: 2018 });
    const c1 = await makeCard(province, { kind: 'building', compoundId: old.compoundId, buildingId: old.buildingId, unitId: edu });
    const c2 = await makeCard(province, { kind: 'building', compoundId: recent.compoundId, buildingId: recent.buildingId, unitId: edu });

    const a1 = (await apply(unit, 'repair', { cardId: c1.id, budget: 2600000, scope: '屋面防水、外墙保温、给排水管网改造', wearGrade: 'severely_damaged', lastRepairYear: 2001, energyUse: 160 })).json().application;
    expect(a1.form).toMatchObject({ buildYear: 1980, wearGrade: 'severely_damaged' });
    const a2r = await apply(unit, 'repair', { cardId: c2.id, budget: 80000, scope: '粉刷', wearGrade: 'basically_intact', energyUse: 60 });
    expect(a2r.statusCode, a2r.body).toBe(200);
    const a2 = a2r.json().application;
    // a land card cannot be repaired; an unknown grade is refused
    const land = await makeCard(province, { kind: 'land', compoundId: old.compoundId, unitId: edu });
    expect((await apply(unit, 'repair', { cardId: land.id, budget: 1, scope: '平整', wearGrade: 'damaged' })).statusCode).toBe(400);
    expect((await apply(unit, 'repair', { cardId: c1.id, budget: 1, scope: '平整', wearGrade: 'bad' })).statusCode).toBe(400);

    const y = new Date().getFullYear();
    const expected1 = Math.round((30 * Math.min(y - 1980, 50) / 50 + 30 + 20 * Math.min(y - 2001, 20) / 20 + 20 * 160 / 200) * 10) / 10;
    const ranked = (await province.get(`/api/estate/repairs?unitId=${edu}`)).json();
    const mine = ranked.items.filter((i: { id: number }) => i.id === a1.id || i.id === a2.id);
    expect(mine.map((i: { id: number }) => i.id)).toEqual([a1.id, a2.id]);
    expect(mine[0].priority).toBeCloseTo(expected1, 1);
    expect(mine[1].priority).toBeLessThan(mine[0].priority);

    // status while pending is unchanged; approval → under_repair; acceptance → back to in_use
    expect((await cardStatus(c1.id)).status).toBe('in_use');
    await decide(province, a1.instanceId);
    expect((await cardStatus(c1.id)).status).toBe('under_repair');
    const ap = (await province.get(`/api/estate/applications/${a1.id}`)).json().application;
    expect(ap).toMatchObject({ status: 'approved', _actions: ['accept'] });
    // while under repair, no disposal can start (one open application; and the guard has no under_repair → pending_disposal)
    expect((await apply(unit, 'disposal', { cardId: c1.id, disposalForm: 'scrap' })).json().code).toBe('APPLICATION_OPEN');
    const acc = await province.post(`/api/estate/applications/${a1.id}/accept`, { actualCost: 2480000.5, acceptedOn: '2026-06-30', contractor: '山东建工集团' });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json().application).toMatchObject({ status: 'done', form: { acceptance: { actualCost: 2480000.5, contractor: '山东建工集团' } } });
    expect((await cardStatus(c1.id)).status).toBe('in_use');
    expect((await province.post(`/api/estate/applications/${a1.id}/accept`, { actualCost: 1, acceptedOn: '2026-06-30', contractor: '再次验收' })).json().code).toBe('APPLICATION_STATE');
    const ev = (await province.get(`/api/estate/assets/${c1.id}`)).json().events.map((e: { phase: string }) => e.phase);
    expect(ev).toEqual(['recorded', 'applied', 'approved', 'accepted']);

    // an idle card under repair comes back idle
    await sql`update asset_card set status = 'idle' where id = ${c2.id}`.execute(t.p.db);
    await decide(province, a2.instanceId);
    expect((await cardStatus(c2.id)).status).toBe('under_repair');
    await province.post(`/api/estate/applications/${a2.id}/accept`, { actualCost: 79000, acceptedOn: '2026-07-01', contractor: '济南装饰公司' });
    // prior_status was taken when applying (in_use), so the card returns to in_use
    expect((await cardStatus(c2.id)).status).toBe('in_use');
  });

  it('allocation from the idle pool: rooms claimed once, approval hands them to the applicant; a withdrawal frees the claim', async () => {
    const province = await signIn(t.app, 'province');
    const unit = await signIn(t.app, 'unit');
    const edu = await unitOf('unit');
    const bureau = await unitOf('province');
    const pool = await makeSpace({ regionCode: '3701', ownerUnitId: bureau, rooms: 3, idle: true });
    const [r1, r2, r3] = pool.roomIds as [number, number, number];

    const a = await apply(unit, 'allocation', { roomIds: [r1, r2] });
    expect(a.statusCode, a.body).toBe(200);
    const app1 = a.json();
    expect(app1.application).toMatchObject({ kind: 'allocation', status: 'pending', cardId: null, form: { source: 'idle_rooms', area: 41 } });
    expect(app1.rooms.map((r: { id: number }) => r.id)).toEqual([r1, r2]);
    // the same room cannot be claimed by a second application
    const again = await apply(unit, 'allocation', { roomIds: [r2, r3] });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ROOM_CLAIMED');
    // neither rooms nor a card: refused; both: refused
    expect((await apply(unit, 'allocation', {})).statusCode).toBe(400);

    await decide(province, app1.application.instanceId);
    const rooms = await t.p.db.selectFrom('estate_room').select(['id', 'status', 'unit_id']).where('id', 'in', [r1, r2, r3]).orderBy('id').execute();
    expect(rooms).toEqual([
      { id: r1, status: 'in_use', unit_id: edu },
      { id: r2, status: 'in_use', unit_id: edu },
      { id: r3, status: 'idle', unit_id: null },
    ]);
    const done = (await unit.get(`/api/estate/applications/${app1.application.id}`)).json();
    expect(done.application.status).toBe('done');
    expect(done.rooms.every((r: { open: boolean }) => !r.open)).toBe(true);
    // rooms no longer idle cannot be asked for
    expect((await apply(unit, 'allocation', { roomIds: [r1] })).json().code).toBe('ROOM_NOT_IDLE');

    // withdrawn: the claim closes, the room can be asked for again
    const w = (await apply(unit, 'allocation', { roomIds: [r3] })).json().application;
    await unit.post(`/api/workflow/instances/${w.instanceId}/withdraw`, {});
    expect((await unit.get(`/api/estate/applications/${w.id}`)).json().application.status).toBe('cancelled');
    expect((await apply(unit, 'allocation', { roomIds: [r3] })).statusCode).toBe(200);
  });

  it("allocation of another unit's card and exchange of two cards move the units; one open application per card; the request key is idempotent", async () => {
    const province = await signIn(t.app, 'province');
    const unit = await signIn(t.app, 'unit');
    const edu = await unitOf('unit');
    const bureau = await unitOf('province');
    const s1 = await makeSpace({ regionCode: '3701', ownerUnitId: edu, rooms: 1 });
    const s2 = await makeSpace({ regionCode: '3701', ownerUnitId: bureau, rooms: 1 });
    const mine = await makeCard(province, { kind: 'room', compoundId: s1.compoundId, buildingId: s1.buildingId, roomId: s1.roomIds[0], unitId: edu, name: '教育厅301室', originalValue: 30000 });
    const theirs = await makeCard(province, { kind: 'room', compoundId: s2.compoundId, buildingId: s2.buildingId, roomId: s2.roomIds[0], unitId: bureau, name: '管理局301室', originalValue: 30000 });

    // idempotent start: the same key twice → one application, one instance
    const key = randomUUID();
    const x1 = (await apply(unit, 'exchange', { cardId: mine.id, counterpartCardId: theirs.id }, key)).json();
    const x2 = (await apply(unit, 'exchange', { cardId: mine.id, counterpartCardId: theirs.id }, key)).json();
    expect(x2.application.id).toBe(x1.application.id);
    expect(await t.p.db.selectFrom('wf_instance').select('id').where('business_type', '=', 'estate.exchange').where('business_key', '=', String(x1.application.id)).execute()).toHaveLength(1);
    // a second application on the same card is refused, by the service and by the unique index
    const second = await apply(unit, 'disposal', { cardId: mine.id, disposalForm: 'scrap' });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('APPLICATION_OPEN');
    await expect(
      t.p.db.insertInto('estate_application').values({ kind: 'repair', card_id: mine.id, unit_id: edu, title: '绕过检查', reason: '直接写库', created_by: 1 }).execute(),
    ).rejects.toMatchObject({ code: '23505' });
    // the counterpart is locked too while the exchange runs
    expect((await apply(province, 'repair', { cardId: theirs.id, budget: 1, scope: '粉刷', wearGrade: 'intact' })).json().code).toBe('APPLICATION_OPEN');
    expect((await province.get(`/api/estate/assets/${theirs.id}`)).json().card._actions).not.toContain('apply_repair');

    // approve the exchange: rooms and cards swap units
    await decide(province, x1.application.instanceId);
    expect((await cardStatus(mine.id)).unit_id).toBe(bureau);
    expect((await cardStatus(theirs.id)).unit_id).toBe(edu);
    const roomUnits = await t.p.db.selectFrom('estate_room').select(['id', 'unit_id']).where('id', 'in', [s1.roomIds[0]!, s2.roomIds[0]!]).execute();
    expect(Object.fromEntries(roomUnits.map((r) => [r.id, r.unit_id]))).toEqual({ [s1.roomIds[0]!]: bureau, [s2.roomIds[0]!]: edu });
    expect((await province.get(`/api/estate/assets/${theirs.id}`)).json().events.map((e: { kind: string; phase: string }) => `${e.kind}:${e.phase}`)).toEqual(
      expect.arrayContaining(['exchange:applied', 'exchange:approved']),
    );

    // allocation of another unit's card: the province asks on behalf of the education department
    const alloc = await apply(province, 'allocation', { cardId: mine.id, unitId: edu });
    expect(alloc.statusCode, alloc.body).toBe(200);
    const inst = alloc.json().application.instanceId;
    // the provincial administrator is the approver of a provincial unit; as the starter he is skipped → decided at once
    const after = (await province.get(`/api/estate/applications/${alloc.json().application.id}`)).json().application;
    if (after.status === 'pending') await decide(province, inst);
    expect((await cardStatus(mine.id)).unit_id).toBe(edu);
    // a card the applicant already holds cannot be allocated to it
    expect((await apply(province, 'allocation', { cardId: mine.id, unitId: edu })).statusCode).toBe(400);
  });

  it('lease-in: the form is validated and the approval closes the application', async () => {
    const province = await signIn(t.app, 'province');
    const unit = await signIn(t.app, 'unit');
    const body = { lessor: '济南市历下区国资公司', address: '济南市历下区泺源大街 8 号', area: 320.5, annualRent: 384600, termFrom: '2026-01-01', termTo: '2028-12-31' };
    expect((await apply(unit, 'lease-in', { ...body, termTo: '2025-12-31' })).statusCode).toBe(400);
    const a = (await apply(unit, 'lease-in', body)).json().application;
    expect(a).toMatchObject({ kind: 'lease_in', kindName: '租用', cardId: null, form: { area: 320.5, annualRent: 384600 } });
    const wf = (await province.get(`/api/workflow/instances/${a.instanceId}`)).json();
    expect(wf.link).toBe(`/estate/applications/${a.id}`);
    expect(wf.flow[0].name ?? wf.flow[0].nodeName).toBe('机关事务管理局审批');
    await decide(province, a.instanceId);
    expect((await unit.get(`/api/estate/applications/${a.id}`)).json().application.status).toBe('done');
    const list = (await unit.get('/api/estate/applications?kind=lease_in')).json();
    expect(list.items.some((i: { id: number }) => i.id === a.id)).toBe(true);
  });

  it('the database refuses forbidden moves itself (guard trigger → 23514 with the constraint name)', async () => {
    const province = await signIn(t.app, 'province');
    const edu = await unitOf('unit');
    const s = await makeSpace({ regionCode: '3701', ownerUnitId: edu });
    const card = await makeCard(province, { kind: 'building', compoundId: s.compoundId, buildingId: s.buildingId, unitId: edu });
    const db = t.p.db;
    // in_use → disposed skips pending_disposal
    await expect(sql`update asset_card set status = 'disposed', disposed_on = current_date where id = ${card.id}`.execute(db)).rejects.toMatchObject({
      code: '23514',
      constraint: 'asset_card_transition',
    });
    // under_repair → pending_disposal is not a move
    await sql`update asset_card set status = 'under_repair' where id = ${card.id}`.execute(db);
    await expect(sql`update asset_card set status = 'pending_disposal' where id = ${card.id}`.execute(db)).rejects.toMatchObject({ constraint: 'asset_card_transition' });
    await sql`update asset_card set status = 'in_use' where id = ${card.id}`.execute(db);
    await sql`update asset_card set status = 'pending_disposal' where id = ${card.id}`.execute(db);
    await sql`update asset_card set status = 'disposed', disposed_on = current_date where id = ${card.id}`.execute(db);
    // disposed is frozen: any change, even of the unit (an allocation), fails
    const bureau = await unitOf('province');
    await expect(sql`update asset_card set unit_id = ${bureau} where id = ${card.id}`.execute(db)).rejects.toMatchObject({ constraint: 'asset_card_disposed_frozen' });
    await expect(sql`update asset_card set status = 'in_use', disposed_on = null where id = ${card.id}`.execute(db)).rejects.toMatchObject({ constraint: 'asset_card_disposed_frozen' });
    // and no application can be filed about it
    await expect(
      db.insertInto('estate_application').values({ kind: 'allocation', card_id: card.id, unit_id: bureau, title: '调剂已处置资产', reason: '直接写库', created_by: 1 }).execute(),
    ).rejects.toMatchObject({ code: '23514', constraint: 'asset_card_disposed_frozen' });
  });

  it('scope and permissions: 济南 does not see a 青岛 card (404), staff is refused (403)', async () => {
    const province = await signIn(t.app, 'province');
    const qd = await unitOf('qingdao');
    const s = await makeSpace({ regionCode: '3702', ownerUnitId: qd });
    const card = await makeCard(province, { kind: 'building', compoundId: s.compoundId, buildingId: s.buildingId, unitId: qd, name: '青岛市机关办公楼' });
    const jinan = await signIn(t.app, 'jinan');
    expect((await jinan.get(`/api/estate/assets/${card.id}`)).statusCode).toBe(404);
    expect((await jinan.get(`/api/estate/assets?compoundId=${s.compoundId}`)).json().total).toBe(0);
    expect((await apply(jinan, 'disposal', { cardId: card.id, disposalForm: 'scrap' })).statusCode).toBe(404);
    expect((await jinan.get(`/api/estate/assets/${card.id}/files/${randomUUID()}`)).statusCode).toBe(404);
    const qingdao = await signIn(t.app, 'qingdao');
    expect((await qingdao.get(`/api/estate/assets/${card.id}`)).statusCode).toBe(200);
    // 济南 cannot register a card on a 青岛 compound either
    expect((await jinan.post('/api/estate/assets', { cardNo: cardNo(), kind: 'land', classCode: '1010100', name: '青岛土地', compoundId: s.compoundId, unitId: qd, acquisitionMethod: 'build', acquiredOn: '2000-01-01', originalValue: 1 })).statusCode).toBe(404);

    const staff = await signIn(t.app, 'staff');
    for (const [m, url] of [
      ['GET', '/api/estate/assets'],
      ['GET', `/api/estate/assets/${card.id}`],
      ['GET', '/api/estate/applications'],
      ['GET', '/api/estate/repairs'],
      ['GET', '/api/estate/filings'],
      ['POST', '/api/estate/applications/disposal'],
      ['POST', '/api/estate/assets'],
    ] as const) {
      const res = m === 'GET' ? await staff.get(url) : await staff.post(url, {});
      expect(res.statusCode, `${m} ${url}`).toBe(403);
    }
    // a unit administrator reads cards but neither registers them nor executes
    const unit = await signIn(t.app, 'unit');
    expect((await unit.post('/api/estate/assets', {})).statusCode).toBe(403);
    expect((await unit.post('/api/estate/applications/1/accept', { actualCost: 1, acceptedOn: '2026-01-01', contractor: '某公司' })).statusCode).toBe(403);
  });

  it('leader-office filing: a draft from the leaders in office, submission freezes it, the public posting is recorded; the 未备案 view', async () => {
    const province = await signIn(t.app, 'province');
    const unit = await signIn(t.app, 'unit');
    const edu = await unitOf('unit');
    const s = await makeSpace({ regionCode: '3701', ownerUnitId: edu, rooms: 2 });
    const rankOf = async (level: string) => (await t.p.db.selectFrom('rank').select('code').where('level_code', '=', level).orderBy('sort').executeTakeFirstOrThrow()).code;
    const leader = await t.p.db.insertInto('person').values({ name: '厅长甲', gender: 'M', unit_id: edu, rank_code: await rankOf('l3') }).returning('id').executeTakeFirstOrThrow();
    const clerk = await t.p.db.insertInto('person').values({ name: '科员乙', gender: 'F', unit_id: edu, rank_code: await rankOf('l9') }).returning('id').executeTakeFirstOrThrow();
    await t.p.db.insertInto('estate_occupancy').values({ room_id: s.roomIds[0]!, person_id: leader.id, during: sql`daterange('2021-01-01', null)` as unknown as string }).execute();
    await t.p.db.insertInto('estate_occupancy').values({ room_id: s.roomIds[1]!, person_id: clerk.id, during: sql`daterange('2021-01-01', null)` as unknown as string }).execute();
    const year = new Date().getFullYear();

    const missing = (await province.get(`/api/estate/filings?year=${year}&status=none&unitId=${edu}`)).json();
    expect(missing.items.map((i: { unitId: number }) => i.unitId)).toContain(edu);
    expect(missing.items.find((i: { unitId: number }) => i.unitId === edu)).toMatchObject({ status: 'none', statusName: '未备案', _actions: ['create'] });

    const draft = await unit.post('/api/estate/filings', { unitId: edu, year });
    expect(draft.statusCode, draft.body).toBe(200);
    const f = draft.json();
    expect(f).toMatchObject({ status: 'draft', live: true, _actions: ['refresh', 'submit', 'posting'] });
    const item = f.items.find((i: { personId: number }) => i.personId === leader.id);
    expect(item).toMatchObject({ personName: '厅长甲', rankLevel: 'l3', area: 20, cap: 30, overStandard: false });
    expect(item.rooms).toContain('301');
    expect(f.items.some((i: { personId: number }) => i.personId === clerk.id)).toBe(false);
    // opening it again returns the same draft
    expect((await unit.post('/api/estate/filings', { unitId: edu, year })).json().id).toBe(f.id);

    const sub = await unit.post(`/api/estate/filings/${f.id}/submit`);
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json()).toMatchObject({ status: 'submitted', live: false, _actions: ['posting'] });
    // frozen: a change of offices does not change the submitted snapshot
    await t.p.db.updateTable('estate_room').set({ usable_area: 45 }).where('id', '=', s.roomIds[0]!).execute();
    const frozen = (await unit.get(`/api/estate/filings/${f.id}`)).json();
    expect(frozen.items.find((i: { personId: number }) => i.personId === leader.id).area).toBe(20);
    expect((await unit.post(`/api/estate/filings/${f.id}/submit`)).json().code).toBe('FILING_SUBMITTED');

    expect((await unit.post(`/api/estate/filings/${f.id}/posting`, { postedFrom: `${year}-03-10`, postedTo: `${year}-03-01`, place: '机关大院公示栏' })).statusCode).toBe(400);
    const posted = await unit.post(`/api/estate/filings/${f.id}/posting`, { postedFrom: `${year}-03-01`, postedTo: `${year}-03-10`, place: '机关大院公示栏', result: '公示期内无异议' });
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.json()).toMatchObject({ postedFrom: `${year}-03-01`, postingPlace: '机关大院公示栏', postingResult: '公示期内无异议' });

    const row = (await province.get(`/api/estate/filings?year=${year}&unitId=${edu}`)).json().items.find((i: { unitId: number }) => i.unitId === edu);
    expect(row).toMatchObject({ status: 'submitted', filingId: f.id });
    expect((await province.get(`/api/estate/filings?year=${year}&status=unsubmitted&unitId=${edu}`)).json().items.some((i: { unitId: number }) => i.unitId === edu)).toBe(false);
    // scope: 济南 does not see the provincial unit's filing
    expect((await (await signIn(t.app, 'jinan')).get(`/api/estate/filings/${f.id}`)).statusCode).toBe(404);
    expect((await unit.post('/api/estate/filings', { unitId: edu, year: year + 1 })).statusCode).toBe(400);
  });
});
