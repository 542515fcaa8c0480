import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { creditCodeValid } from '../src/platform/org/org.service.js';
import { idNoValid } from '../src/platform/org/person.service.js';
import { signIn, useTestApp } from './helpers.js';

function withCheck(body17: string) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, wi, i) => s + wi * Number(body17[i]), 0);
  return body17 + '10X98765432'[sum % 11];
}

describe('organisations and persons', () => {
  const t = useTestApp();

  it('regions: the province has 16 cities, 济南 its districts', async () => {
    const c = await signIn(t.app, 'jinan');
    const root = (await c.get('/api/regions')).json().items;
    expect(root).toEqual([expect.objectContaining({ code: '37', name: '山东省' })]);
    const cities = (await c.get('/api/regions?parentCode=37')).json().items;
    expect(cities).toHaveLength(16);
    expect(cities[0]).toMatchObject({ code: '3701', name: '济南市', hasChildren: true });
    const districts = (await c.get('/api/regions?parentCode=3701')).json().items;
    expect(districts.map((d: { name: string }) => d.name)).toContain('历下区');
  });

  it('creates a unit with a department, pages, sorts and exports the list', async () => {
    const c = await signIn(t.app, 'jinan');
    const unit = await c.post('/api/orgs', { kind: 'unit', name: '济南市测试中心', unitType: 'institution', level: 'city', regionCode: '3701', staffingQuota: 12 });
    expect(unit.statusCode).toBe(200);
    const u = unit.json();
    expect(u._actions).toEqual(expect.arrayContaining(['update', 'delete']));
    const dept = await c.post('/api/orgs', { kind: 'department', name: '综合科', parentId: u.id });
    expect(dept.statusCode).toBe(200);
    expect(dept.json()).toMatchObject({ unitId: u.id, regionCode: '3701', level: 'city' });
    const sub = (await c.get(`/api/orgs?ancestorId=${u.id}`)).json();
    expect(sub.items.map((o: { name: string }) => o.name)).toEqual(['综合科']);
    const page1 = (await c.get('/api/orgs?pageSize=3&page=1&sort=name&order=asc')).json();
    const page2 = (await c.get('/api/orgs?pageSize=3&page=2&sort=name&order=asc')).json();
    expect(page1.items).toHaveLength(3);
    expect(page1.total).toBe(page2.total);
    expect(page1.items[2].name.localeCompare(page2.items[0].name, 'en')).toBeLessThanOrEqual(0);
    const xlsx = await c.get('/api/orgs/export?name=测试中心');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('名称');
    expect(ws.getRow(2).getCell(1).value).toBe('济南市测试中心');
    // revoke needs an empty node
    expect((await c.del(`/api/orgs/${u.id}`)).json().code).toBe('ORG_IN_USE');
    expect((await c.del(`/api/orgs/${dept.json().id}`)).statusCode).toBe(200);
    expect((await c.del(`/api/orgs/${u.id}`)).statusCode).toBe(200);
  });

  it('validates input with Chinese messages and stable codes', async () => {
    const c = await signIn(t.app, 'jinan');
    const res = await c.post('/api/orgs', { kind: 'unit', name: 'x', unitType: 'party_gov', level: 'city', regionCode: '3701' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION');
    expect(res.json().details[0]).toMatchObject({ field: 'name' });
    expect(res.json().message).toContain('长度');
    const bad = await c.post('/api/orgs', { kind: 'unit', name: '信用代码错', unitType: 'party_gov', level: 'city', regionCode: '3701', creditCode: '11370000MB1234567X' });
    expect(bad.json().code).toBe('VALIDATION');
    const sortInjection = await c.get('/api/orgs?sort=name;drop table org');
    expect(sortInjection.statusCode).toBe(400);
    const extra = await c.post('/api/orgs', { kind: 'unit', name: '多余字段', unitType: 'party_gov', level: 'city', regionCode: '3701', hacker: 1 });
    expect(extra.statusCode).toBe(400);
    const dept = await c.post('/api/orgs', { kind: 'department', name: '无主科室' });
    expect(dept.json().details[0].field).toBe('parentId');
  });

  it('persons: ID numbers and phones are encrypted, masked, searchable by phone, revealed only with permission', async () => {
    const c = await signIn(t.app, 'province');
    const unitId = (await c.get('/api/orgs?kind=unit&pageSize=1')).json().items[0].id;
    const idNo = withCheck('37010219900101123');
    expect(idNoValid(idNo)).toBe(true);
    const bad = await c.post('/api/persons', { name: '张三', gender: 'M', unitId, idNo: `${idNo.slice(0, 17)}${idNo[17] === '0' ? '1' : '0'}` });
    expect(bad.json().code).toBe('VALIDATION');
    const res = await c.post('/api/persons', { name: '张三丰', gender: 'M', unitId, idNo, phone: '13912345678' });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.idNoMasked).toBe(`370102********${idNo.slice(-4)}`);
    expect(p.phoneMasked).toBe('139****5678');
    const raw = await t.p.db.selectFrom('person').select(['id_no_enc', 'phone_enc']).where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(Buffer.from(raw.id_no_enc!).toString('latin1')).not.toContain(idNo);
    const found = (await c.get('/api/persons?phone=13912345678')).json();
    expect(found.items.map((x: { id: number }) => x.id)).toContain(p.id);
    expect((await c.post(`/api/persons/${p.id}/reveal`)).json()).toEqual({ idNo, phone: '13912345678' });
    const dup = await c.post('/api/persons', { name: '李四', gender: 'F', unitId, idNo });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('DUPLICATE');
    const unitAdmin = await signIn(t.app, 'unit');
    const own = (await unitAdmin.get('/api/persons?pageSize=1')).json().items[0];
    expect((await unitAdmin.post(`/api/persons/${own.id}/reveal`)).statusCode).toBe(403);
  });

  it('unified social credit code check digit (GB 32100)', () => {
    expect(creditCodeValid('91350100M000100Y43')).toBe(true);
    expect(creditCodeValid('91350100M000100Y44')).toBe(false);
  });
});

describe('org heads', () => {
  const t = useTestApp();

  it('a department head must work in the unit; the head shows in the list', async () => {
    const c = await signIn(t.app, 'jinan');
    const unit = (await c.post('/api/orgs', { kind: 'unit', name: '济南市负责人测试中心', unitType: 'institution', level: 'city', regionCode: '3701' })).json();
    const dept = (await c.post('/api/orgs', { kind: 'department', name: '综合科', parentId: unit.id })).json();
    const head = (await c.post('/api/persons', { name: '周主任', gender: 'M', unitId: unit.id, departmentId: dept.id })).json();
    const other = (await c.get('/api/persons?pageSize=1')).json().items.find((p: { unitId: number }) => p.unitId !== unit.id);
    const put = (headPersonId: number | null) => c.put(`/api/orgs/${dept.id}`, { kind: 'department', name: '综合科', parentId: unit.id, headPersonId });
    const ok = await put(head.id);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ headPersonId: head.id, headName: '周主任' });
    const bad = await put(other.id);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([{ field: 'headPersonId', message: '负责人须是本单位在职人员' }]);
    expect((await c.get(`/api/orgs/${dept.id}`)).json().headPersonId).toBe(head.id);
    expect((await put(null)).json().headPersonId).toBeNull();
  });
});
