import { describe, expect, it } from 'vitest';
import { signIn, useTestApp } from './helpers.js';

/** Platform warnings (预警): list, detail, handle within the data scope, summary for charts. */
describe('warnings: findings handled within the data scope', () => {
  const t = useTestApp();

  async function unitIn(regionPrefix: string) {
    const u = await t.p.db
      .selectFrom('org')
      .select(['id', 'name'])
      .where('kind', '=', 'unit')
      .where('region_code', 'like', `${regionPrefix}%`)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    return u;
  }

  async function raise(unitId: number, kind: string, subject: string, title: string, severity = 'medium') {
    const w = await t.p.db
      .insertInto('warning')
      .values({ module: 'estate', kind, subject_key: subject, title, severity, unit_id: unitId, evidence: JSON.stringify({ note: title }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(w.id);
  }

  it('lists what the caller may see, with kind names from the server catalog, and filters', async () => {
    const jn = await unitIn('3701');
    const qd = await unitIn('3702');
    const jinan0 = await signIn(t.app, 'jinan');
    const base = (await jinan0.get('/api/warnings/summary?module=estate')).json();
    const baseCity = base.byCity.find((x: { cityCode: string }) => x.cityCode === '3701') ?? { active: 0, high: 0 };
    const baseOver = base.byKind.find((k: { kind: string }) => k.kind === 'estate.over-standard')?.counts.open ?? 0;
    const a = await raise(jn.id, 'estate.over-standard', 'person:900001', '济南测试 办公室使用面积 30 m²，超出标准 24 m²', 'high');
    const b = await raise(jn.id, 'estate.no-office', 'person:900002', '济南测试 未安排办公室', 'low');
    const c = await raise(qd.id, 'estate.over-standard', 'person:900003', '青岛测试 办公室超标');

    const jinan = await signIn(t.app, 'jinan');
    const list = (await jinan.get('/api/warnings?status=active&pageSize=200')).json();
    const ids = list.items.map((w: { id: number }) => w.id);
    expect(ids).toEqual(expect.arrayContaining([a, b]));
    expect(ids).not.toContain(c);
    const wa = list.items.find((w: { id: number }) => w.id === a);
    expect(wa).toMatchObject({ kindName: '办公室超标', moduleName: '办公用房', statusName: '待处理', severityName: '严重', unitName: jn.name });
    expect(wa._actions).toEqual(['acknowledge', 'resolve', 'dismiss']);

    const filtered = (await jinan.get('/api/warnings?kind=estate.no-office&q=济南测试')).json();
    expect(filtered.items.map((w: { id: number }) => w.id)).toEqual([b]);
    const bySeverity = (await jinan.get('/api/warnings?severity=high&sort=severity&order=desc')).json();
    expect(bySeverity.items.every((w: { severity: string }) => w.severity === 'high')).toBe(true);
    const future = (await jinan.get(`/api/warnings?from=${encodeURIComponent('2099-01-01T00:00:00Z')}`)).json();
    expect(future.total).toBe(0);
    expect((await jinan.get(`/api/warnings?unitId=${qd.id}`)).json().total).toBe(0);

    const province = await signIn(t.app, 'province');
    const all = (await province.get('/api/warnings?module=estate&pageSize=200')).json();
    expect(all.items.map((w: { id: number }) => w.id)).toEqual(expect.arrayContaining([a, b, c]));

    const summary = (await jinan.get('/api/warnings/summary?module=estate')).json();
    expect(summary.byKind.find((k: { kind: string }) => k.kind === 'estate.over-standard')).toMatchObject({ kindName: '办公室超标', counts: { open: baseOver + 1 } });
    expect(summary.byKind.map((k: { kind: string }) => k.kind)).toContain('estate.area-mismatch');
    expect(summary.byCity.map((x: { cityCode: string }) => x.cityCode)).toEqual(['3701']);
    expect(summary.byCity[0]).toMatchObject({ cityName: '济南市', active: baseCity.active + 2, high: baseCity.high + 1 });
    const provSummary = (await province.get('/api/warnings/summary?module=estate')).json();
    expect(provSummary.byCity.map((x: { cityCode: string | null }) => x.cityCode).filter((c: string | null) => c !== null).sort()).toEqual(['3701', '3702']);
    expect(provSummary.byCity.find((x: { cityCode: string | null }) => x.cityCode === null)?.cityName ?? '省直').toBe('省直');

    const kinds = (await jinan.get('/api/warnings/kinds?module=estate')).json();
    expect(kinds.kinds).toHaveLength(8);

    const xlsx = await jinan.get('/api/warnings/export?status=active');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('handles: acknowledge, resolve, dismiss with a reason; closed is 409; outside the scope is 404; audited', async () => {
    const jn = await unitIn('3701');
    const qd = await unitIn('3702');
    const mine = await raise(jn.id, 'estate.use-mismatch', 'room:900010', '济南 101 设计用途为档案室，现用作办公室');
    const other = await raise(jn.id, 'estate.rest-room', 'room:900011', '济南 102 附设休息室');
    const far = await raise(qd.id, 'estate.use-mismatch', 'room:900012', '青岛 201 设计用途为会议室，现用作办公室');
    const jinan = await signIn(t.app, 'jinan');

    // 青岛's warning: invisible to 济南 — reading and handling both answer 404
    expect((await jinan.get(`/api/warnings/${far}`)).statusCode).toBe(404);
    expect((await jinan.post(`/api/warnings/${far}/acknowledge`)).statusCode).toBe(404);
    expect((await jinan.post(`/api/warnings/${far}/dismiss`, { resolution: '无需处理' })).statusCode).toBe(404);
    const untouched = await t.p.db.selectFrom('warning').select('status').where('id', '=', far).executeTakeFirstOrThrow();
    expect(untouched.status).toBe('open');

    const detail = (await jinan.get(`/api/warnings/${mine}`)).json();
    expect(detail).toMatchObject({ kindName: '擅自改变用途', evidence: { note: '济南 101 设计用途为档案室，现用作办公室' }, closedByName: null });

    const ack = await jinan.post(`/api/warnings/${mine}/acknowledge`);
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', statusName: '已确认', _actions: ['resolve', 'dismiss'] });
    expect((await jinan.post(`/api/warnings/${mine}/acknowledge`)).statusCode).toBe(409);
    const done = await jinan.post(`/api/warnings/${mine}/resolve`, { resolution: '已恢复为档案室' });
    expect(done.json()).toMatchObject({ status: 'resolved', resolution: '已恢复为档案室', _actions: [] });
    expect(done.json().closedAt).not.toBeNull();
    expect(done.json().closedByName).toBeTruthy();
    // closed: no more handling
    expect((await jinan.post(`/api/warnings/${mine}/resolve`, {})).statusCode).toBe(409);
    expect((await jinan.post(`/api/warnings/${mine}/dismiss`, { resolution: '重复' })).statusCode).toBe(409);

    // dismissing needs a reason
    expect((await jinan.post(`/api/warnings/${other}/dismiss`, {})).statusCode).toBe(400);
    expect((await jinan.post(`/api/warnings/${other}/dismiss`, { resolution: '  ' })).statusCode).toBe(400);
    const dis = await jinan.post(`/api/warnings/${other}/dismiss`, { resolution: '经核实为领导干部休息室，已备案' });
    expect(dis.json()).toMatchObject({ status: 'dismissed', statusName: '已忽略' });
    const row = await t.p.db.selectFrom('warning').select(['closed_by', 'resolution']).where('id', '=', other).executeTakeFirstOrThrow();
    expect(row.closed_by).not.toBeNull();
    expect(row.resolution).toBe('经核实为领导干部休息室，已备案');

    const audit = await t.p.db.selectFrom('audit_log').select(['action', 'object_id', 'result']).where('object_type', '=', 'warning').execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'warning.acknowledge', object_id: String(mine), result: 'success' }),
        expect.objectContaining({ action: 'warning.resolve', object_id: String(mine), result: 'success' }),
        expect.objectContaining({ action: 'warning.dismiss', object_id: String(other), result: 'success' }),
        expect.objectContaining({ action: 'warning.acknowledge', result: 'failure' }),
      ]),
    );
    expect((await jinan.get('/api/warnings?status=dismissed')).json().items.map((w: { id: number }) => w.id)).toContain(other);
  });

  it('refuses callers without the permission (403)', async () => {
    const jn = await unitIn('3701');
    const id = await raise(jn.id, 'estate.no-office', 'person:900020', '某人 未安排办公室', 'low');
    const staff = await signIn(t.app, 'staff');
    expect((await staff.get('/api/warnings')).statusCode).toBe(403);
    expect((await staff.get(`/api/warnings/${id}`)).statusCode).toBe(403);
    expect((await staff.get('/api/warnings/summary')).statusCode).toBe(403);
    expect((await staff.post(`/api/warnings/${id}/acknowledge`)).statusCode).toBe(403);
    expect((await staff.post(`/api/warnings/${id}/dismiss`, { resolution: '不处理了' })).statusCode).toBe(403);
  });
});
