import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { sm4Decrypt } from '../src/platform/crypto/crypto.service.js';
import { type Client, signIn, useTestApp } from './helpers.js';
import { TEST_KEYS } from './template.js';

const BASE = '/api/estate/imports';

const HEADERS = {
  'estate.compounds': ['院落编号', '院落名称', '地址', '行政区划代码', '产权单位（统一社会信用代码或单位全称）', '经度', '纬度', '占地面积', '土地证号'],
  'estate.buildings': ['院落编号', '楼座编号', '楼座名称', '结构', '建成年份', '地上层数', '地下层数', '建筑面积', '使用面积', '产权证号', '账面价值'],
  'estate.rooms': ['院落编号', '楼座编号', '楼层', '房间号', '建筑面积', '使用面积', '设计用途', '现用途', '使用单位', '内设机构', '状态'],
  'estate.occupancy': ['院落编号', '楼座编号', '房间号', '姓名', '身份证号', '人员所在单位', '起始日期', '截止日期', '是否主办公室'],
} as const;
type Kind = keyof typeof HEADERS;
type Cell = string | number | Date | null;

export async function workbook(headers: readonly string[], rows: Cell[][], sheet = '数据'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow([...headers]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function upload(t: { app: import('fastify').FastifyInstance }, c: Client, content: Buffer, name = 'import.xlsx'): Promise<string> {
  const boundary = `----steward${Math.random().toString(36).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/files',
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as string;
}

interface Batch {
  id: string;
  status: string;
  totalRows: number | null;
  processedRows: number;
  errorCount: number;
  hasErrorFile: boolean;
  message: string | null;
  errors: { rowNo: number; column: string; message: string }[];
  created?: boolean;
}

export async function waitBatch(c: Client, id: string): Promise<Batch> {
  for (let i = 0; i < 600; i++) {
    const res = await c.get(`${BASE}/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json() as Batch;
    if (b.status === 'succeeded' || b.status === 'failed') return b;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`batch ${id} did not finish`);
}

describe('estate Excel import', () => {
  const t = useTestApp();
  let province: Client;
  let jinan: Client;
  const u = {} as {
    jn: { id: number; name: string; credit: string; region: string; dept: string };
    qd: { id: number; name: string; credit: string; region: string };
    personA: { id: number; name: string; idNo: string };
    personB: { id: number; name: string };
  };

  async function run(c: Client, kind: Kind, rows: Cell[][], headers: readonly string[] = HEADERS[kind]) {
    const fileId = await upload(t, c, await workbook(headers, rows));
    const res = await c.post(BASE, { kind, fileId });
    expect(res.statusCode, res.body).toBe(200);
    const started = res.json() as Batch;
    return { fileId, started, done: await waitBatch(c, started.id) };
  }

  const count = async (table: 'estate_compound' | 'estate_building' | 'estate_room' | 'estate_occupancy' | 'estate_floor') =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.p.db)).rows[0]!.n);

  beforeAll(async () => {
    province = await signIn(t.app, 'province');
    jinan = await signIn(t.app, 'jinan');
    const db = t.p.db;
    const unitIn = async (root: string) =>
      db
        .selectFrom('org as o')
        .select(['o.id', 'o.name', 'o.credit_code', 'o.region_code'])
        .where('o.kind', '=', 'unit')
        .where('o.status', '=', 'active')
        .where('o.credit_code', 'is not', null)
        .where(sql<boolean>`o.region_path <@ ${root}::ltree`)
        .where(
          sql<boolean>`(select count(*) from person p where p.unit_id = o.id and p.status = 'active' and p.id_no_enc is not null
            and not exists (select 1 from estate_occupancy e where e.person_id = p.id)
            and (select count(*) from person q where q.unit_id = o.id and q.name = p.name) = 1) >= 2`,
        )
        .where((eb) => eb.exists(eb.selectFrom('org as d').select('d.id').whereRef('d.unit_id', '=', 'o.id').where('d.kind', '=', 'department')))
        .where(sql<boolean>`(select count(*) from org x where x.name = o.name and x.kind = 'unit') = 1`)
        .orderBy('o.id')
        .executeTakeFirstOrThrow();
    const jn = await unitIn('37.3701');
    const qd = await unitIn('37.3702');
    const dept = await db.selectFrom('org').select('name').where('unit_id', '=', jn.id).where('kind', '=', 'department').orderBy('id').executeTakeFirstOrThrow();
    u.jn = { id: jn.id, name: jn.name, credit: jn.credit_code!, region: jn.region_code, dept: dept.name };
    u.qd = { id: qd.id, name: qd.name, credit: qd.credit_code!, region: qd.region_code };
    const people = await db
      .selectFrom('person')
      .select(['id', 'name', 'id_no_enc'])
      .where('unit_id', '=', jn.id)
      .where('status', '=', 'active')
      .where('id_no_enc', 'is not', null)
      .orderBy('id')
      .execute();
    const busy = new Set((await db.selectFrom('estate_occupancy').select('person_id').execute()).map((o) => o.person_id));
    const a = people.find((p) => !busy.has(p.id))!;
    u.personA = { id: a.id, name: a.name, idNo: sm4Decrypt(TEST_KEYS.dataKey, a.id_no_enc!) };
    const names = new Map<string, number>();
    for (const p of await db.selectFrom('person').select('name').where('unit_id', '=', jn.id).execute()) names.set(p.name, (names.get(p.name) ?? 0) + 1);
    const b = people.find((p) => p.id !== a.id && names.get(p.name) === 1 && !busy.has(p.id))!;
    u.personB = { id: b.id, name: b.name };
  });

  it('serves a template per kind: header row, example row, 说明 sheet, drop-down lists', async () => {
    for (const kind of Object.keys(HEADERS) as Kind[]) {
      const res = await province.get(`${BASE}/templates/${kind}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS[kind]);
      expect(ws.rowCount).toBe(2);
      expect(wb.getWorksheet('说明')!.getCell('A2').value).toBe(HEADERS[kind][0]);
    }
    const rooms = new ExcelJS.Workbook();
    await rooms.xlsx.load((await province.get(`${BASE}/templates/estate.rooms`)).rawPayload as unknown as ArrayBuffer);
    const options = rooms.getWorksheet('选项')!;
    expect(options.getColumn(1).values).toContain('会议室');
    expect(JSON.stringify((rooms.worksheets[0] as unknown as { dataValidations: { model: unknown } }).dataValidations.model)).toContain('选项');
    const kinds = (await province.get(`${BASE}/kinds`)).json() as { code: string }[];
    expect(kinds.map((k) => k.code)).toEqual(['estate.compounds', 'estate.buildings', 'estate.rooms', 'estate.occupancy']);
  });

  it('imports good files of each kind, one after another', async () => {
    const c = await run(province, 'estate.compounds', [
      ['JN-T-001', '测试一号院', '济南市历下区测试路1号', u.jn.region, u.jn.credit, 117.02, 36.67, 12000, '鲁(2020)济南不动产权第1号'],
      ['qd-t-001', '测试二号院', '青岛市市南区测试路2号', u.qd.region, u.qd.name, null, null, null, null],
    ]);
    expect(c.done, JSON.stringify(c.done)).toMatchObject({ status: 'succeeded', totalRows: 2, processedRows: 2, errorCount: 0 });
    const qdc = await t.p.db.selectFrom('estate_compound').select(['code', 'owner_unit_id', 'lng']).where('code', '=', 'QD-T-001').executeTakeFirstOrThrow();
    expect(qdc).toMatchObject({ owner_unit_id: u.qd.id, lng: null });

    const b = await run(province, 'estate.buildings', [
      ['JN-T-001', 'A', '1号楼', '钢筋混凝土结构', 1998, 5, 1, 5000, 4000, null, 1200000],
      ['JN-T-001', 'B', '2号楼', '砖混结构', null, 3, null, 900, 800, null, null],
      ['QD-T-001', 'A', '主楼', '钢结构', 2010, 10, 2, 8000, 6500, null, null],
    ]);
    expect(b.done.status, JSON.stringify(b.done)).toBe('succeeded');

    const floorsBefore = await count('estate_floor');
    const r = await run(province, 'estate.rooms', [
      ['JN-T-001', 'A', 3, '301', 30, 24, '办公室', '办公室', u.jn.credit, u.jn.dept, '在用'],
      ['JN-T-001', 'A', 3, '302', 30, 24, '办公室', '办公室', u.jn.name, null, '在用'],
      ['JN-T-001', 'A', -1, 'B101', null, 60, '储藏室', '储藏室', null, null, '闲置'],
      ['JN-T-001', 'B', 1, '101', 40, 35, '会议室', '会议室', u.jn.credit, null, '维修'],
      ['QD-T-001', 'A', 2, '201', 20, 18, '办公室', '办公室', u.qd.credit, null, '在用'],
    ]);
    expect(r.done.status, JSON.stringify(r.done)).toBe('succeeded');
    expect(await count('estate_floor')).toBe(floorsBefore + 4); // A3, A-1, B1, QD A2: made on demand
    const room = await t.p.db
      .selectFrom('estate_room')
      .select(['unit_id', 'department_id', 'status', 'usable_area', 'region_path'])
      .where('room_no', '=', '301')
      .where('compound_id', '=', (eb) => eb.selectFrom('estate_compound').select('id').where('code', '=', 'JN-T-001'))
      .executeTakeFirstOrThrow();
    expect(room).toMatchObject({ unit_id: u.jn.id, status: 'in_use' });
    expect(room.department_id).not.toBeNull();
    expect(Number(room.usable_area)).toBe(24);

    const o = await run(province, 'estate.occupancy', [
      ['JN-T-001', 'A', '301', u.personA.name, u.personA.idNo, null, '2024-01-01', null, '是'],
      ['JN-T-001', 'A', '302', u.personB.name, null, null, new Date(Date.UTC(2024, 2, 1)), null, null],
      ['JN-T-001', 'A', '302', u.personA.name, u.personA.idNo, null, '2023-01-01', '2023-12-31', '是'],
    ]);
    expect(o.done.status, JSON.stringify(o.done)).toBe('succeeded');
    const occ = await sql<{ person_id: number; during: string; is_primary: boolean }>`
      select person_id, during::text as during, is_primary from estate_occupancy where person_id in (${u.personA.id}, ${u.personB.id}) order by id`.execute(t.p.db);
    expect(occ.rows).toEqual([
      { person_id: u.personA.id, during: '[2024-01-01,)', is_primary: true },
      { person_id: u.personB.id, during: '[2024-03-01,)', is_primary: true },
      { person_id: u.personA.id, during: '[2023-01-01,2024-01-01)', is_primary: true },
    ]);
    const audit = await t.p.db.selectFrom('audit_log').select(['action', 'object_id']).where('action', '=', 'import.commit').execute();
    expect(audit.length).toBe(4);
  });

  it('a file with errors writes nothing and reports each bad cell by row and column', async () => {
    const before = await count('estate_room');
    const floors = await count('estate_floor');
    const { done, started } = await run(province, 'estate.rooms', [
      ['JN-T-001', 'A', 4, '401', 30, 24, '办公室', '办公室', u.jn.credit, null, '在用'], // fine on its own
      ['JN-T-001', 'A', 9, '901', 30, 24, '办公室', '办公室', u.jn.credit, null, '在用'], // floor above the building
      ['JN-T-001', 'A', 4, '402', 20, 24, '办公室', '办公室', u.jn.credit, null, '在用'], // usable > gross
      ['JN-T-001', 'A', 4, '401', 30, 24, '办公室', '洗衣房', u.jn.credit, null, '在用'], // duplicate + unknown use
      ['NO-SUCH', 'A', 1, '101', 'abc', 24, '办公室', '办公室', null, null, '占用'], // unknown compound, bad number, bad status
      ['JN-T-001', 'A', 3, '301', 30, 24, '办公室', '办公室', '不存在的单位', null, '在用'], // exists already, unknown unit
      ['JN-T-001', 'B', 1, '102', 30, null, '办公室', '办公室', null, null, '在用'], // usable missing, unit missing
    ]);
    expect(done.status).toBe('failed');
    expect(done.hasErrorFile).toBe(true);
    expect(done.errorCount).toBe(11);
    expect(done.message).toBe('校验未通过：6 行共 11 处错误，未导入任何数据。请下载错误清单，按“错误说明”修改后重新上传导入');
    expect(await count('estate_room')).toBe(before);
    expect(await count('estate_floor')).toBe(floors);
    const errs = done.errors.map((e) => `${e.rowNo}|${e.column}|${e.message}`);
    expect(errs).toEqual(
      expect.arrayContaining([
        '3|楼层|楼层 9 超出楼座层数（地上 5 层、地下 1 层）',
        '4|使用面积|使用面积不能大于建筑面积',
        '5|房间号|房间号与第 2 行重复',
        '5|现用途|用途“洗衣房”不存在，请从下拉列表中选择',
        '6|院落编号|院落编号“NO-SUCH”不存在，请先导入院落',
        '6|建筑面积|须为数字',
        '6|状态|须为以下之一：在用、闲置、维修、租用',
        '7|房间号|房间号“301”在该楼座已存在',
        '7|使用单位|单位“不存在的单位”不存在（请填统一社会信用代码或单位全称）',
        '8|使用面积|必填',
        '8|使用单位|状态为“在用”时须填使用单位',
      ]),
    );
    // the error workbook: 错误清单 first, then the rows with a 错误说明 column, bad cells red with a comment
    const res = await province.get(`${BASE}/${started.id}/errors`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['错误清单', '房间']);
    expect(wb.worksheets[0]!.rowCount).toBe(12);
    const data = wb.getWorksheet('房间')!;
    expect(data.getRow(1).getCell(12).value).toBe('错误说明');
    expect(data.getRow(3).getCell(3).value).toBe(9);
    expect(data.getRow(3).getCell(12).value).toBe('楼层：楼层 9 超出楼座层数（地上 5 层、地下 1 层）');
    expect((data.getRow(3).getCell(3).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(JSON.stringify(data.getRow(3).getCell(3).note)).toContain('超出楼座层数');
    expect(data.getRow(2).getCell(12).value).toBeFalsy();

    // the error workbook, once corrected, imports as it is (错误清单 and the 错误说明 column are ignored)
    for (let r = 3; r <= 8; r++) for (let col = 1; col <= 12; col++) data.getRow(r).getCell(col).value = null; // rows left empty are skipped
    const fileId = await upload(t, province, Buffer.from(await wb.xlsx.writeBuffer()), 'fixed.xlsx');
    const again = await waitBatch(province, (await province.post(BASE, { kind: 'estate.rooms', fileId })).json().id);
    expect(again, JSON.stringify(again)).toMatchObject({ status: 'succeeded', totalRows: 1 });
    expect(await count('estate_room')).toBe(before + 1);
  });

  it('re-importing the same file returns the same batch', async () => {
    const { fileId, started, done } = await run(province, 'estate.compounds', [['JN-T-002', '测试三号院', '济南市测试路3号', u.jn.region, u.jn.credit, null, null, null, null]]);
    expect(done.status).toBe('succeeded');
    expect(started.created).toBe(true);
    const again = await province.post(BASE, { kind: 'estate.compounds', fileId });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: started.id, created: false, status: 'succeeded' });
    // the list of the caller's batches has it once
    const list = (await province.get(`${BASE}?kind=estate.compounds`)).json() as { items: { id: string }[] };
    expect(list.items.filter((i) => i.id === started.id)).toHaveLength(1);
    // somebody else's batch is not found
    expect((await jinan.get(`${BASE}/${started.id}`)).statusCode).toBe(404);
  });

  it('the jinan user cannot import rooms into a 青岛 unit or compound', async () => {
    const before = await count('estate_room');
    const { done } = await run(jinan, 'estate.rooms', [
      ['QD-T-001', 'A', 2, '202', 20, 18, '办公室', '办公室', u.qd.credit, null, '在用'],
      ['JN-T-001', 'A', 2, '201', 20, 18, '办公室', '办公室', u.qd.name, null, '在用'],
    ]);
    expect(done.status).toBe('failed');
    expect(done.errors.map((e) => `${e.rowNo}|${e.column}|${e.message}`)).toEqual([
      '2|院落编号|院落不在您的数据范围内',
      '2|使用单位|使用单位不在您的数据范围内',
      '3|使用单位|使用单位不在您的数据范围内',
    ]);
    expect(await count('estate_room')).toBe(before);
  });

  it('occupancy: overlapping dates in the file and against the database are cell errors', async () => {
    const before = await count('estate_occupancy');
    const { done } = await run(province, 'estate.occupancy', [
      ['JN-T-001', 'A', '302', u.personA.name, u.personA.idNo, null, '2024-06-01', null, '是'], // A already has 301 as primary since 2024
      ['JN-T-001', 'B', '101', u.personB.name, null, u.jn.name, '2020-01-01', '2020-12-31', '否'],
      ['JN-T-001', 'B', '101', u.personB.name, null, u.jn.name, '2020-06-01', '2021-12-31', '否'], // same room, overlapping row 3
      ['JN-T-001', 'A', '301', '李不符', u.personA.idNo, null, '2025-01-01', '2024-01-01', null], // name mismatch, to < from
    ]);
    expect(done.status).toBe('failed');
    expect(done.errors.map((e) => `${e.rowNo}|${e.column}|${e.message}`)).toEqual([
      '2|起始日期|此人同一时间只能有一间主办公室，与系统中已有记录（2024-01-01 至 今）重叠',
      '4|起始日期|此人在该房间的使用期间与第 3 行重叠',
      `5|姓名|姓名与身份证号不符（系统中为“${u.personA.name}”）`,
      '5|截止日期|截止日期不能早于起始日期',
    ]);
    expect(await count('estate_occupancy')).toBe(before);
  });

  it('rejects a sheet whose headers differ from the template, and files that are not workbooks', async () => {
    const { done } = await run(province, 'estate.rooms', [['JN-T-001', 'A', 3, '303']], ['院落编号', '楼座', '楼层', '房间号']);
    expect(done.status).toBe('failed');
    expect(done.hasErrorFile).toBe(false);
    expect(done.message).toBe(
      '表头与“房间”模板不一致（缺少列：楼座编号、建筑面积、使用面积、设计用途、现用途、使用单位、内设机构、状态；多出列：楼座），请下载最新模板填写',
    );
    const fileId = await upload(t, province, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
    const res = await province.post(BASE, { kind: 'estate.rooms', fileId });
    const bad = await waitBatch(province, res.json().id);
    expect(bad.status).toBe('failed');
    expect(bad.message).toContain('文件无法读取');
    const txt = await upload(t, province, Buffer.from('hello'), 'a.txt');
    expect((await province.post(BASE, { kind: 'estate.rooms', fileId: txt })).json().message).toBe('请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）');
  });

  it('needs the import permission', async () => {
    const staff = await signIn(t.app, 'staff');
    expect((await staff.get(`${BASE}/templates/estate.rooms`)).statusCode).toBe(403);
    expect((await staff.post(BASE, { kind: 'estate.rooms', fileId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(403);
  });
});
