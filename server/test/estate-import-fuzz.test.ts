import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCell } from '../src/exchange/import/import.kind.js';
import { ImportFileError, readRows } from '../src/exchange/import/import.workbook.js';
import { ESTATE_IMPORT_KINDS } from '../src/modules/estate/space.import.js';
import { type Client, signIn, useTestApp } from './helpers.js';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rooms = ESTATE_IMPORT_KINDS.find((k) => k.code === 'estate.rooms')!;
const BASE = '/api/estate/imports';

function randomCell(rnd: () => number): string | number | boolean | Date | null {
  const pick = Math.floor(rnd() * 12);
  const chars = '0123456789-.,ABCxyz 楼层办公室在用闲置是否（）\u0000\u200b\ud83d\ude00"\'<>&';
  const text = (n: number) => Array.from({ length: n }, () => chars[Math.floor(rnd() * chars.length)]).join('');
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rnd() * 1e6 - 5e5;
    case 2:
      return Math.floor(rnd() * 300) - 150;
    case 3:
      return rnd() < 0.5;
    case 4:
      return new Date(Math.floor(rnd() * 4e12) - 1e12);
    case 5:
      return text(Math.floor(rnd() * 300));
    case 6:
      return ['办公室', '会议室', '在用', '闲置', '维修', 'JN-T-001', 'A', '1', '-1', '0'][Math.floor(rnd() * 10)]!;
    case 7:
      return Number.NaN;
    case 8:
      return '1e309';
    default:
      return text(Math.floor(rnd() * 12));
  }
}

async function randomWorkbook(rnd: () => number, rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('房间');
  ws.addRow(rooms.columns.map((c) => c.header));
  for (let i = 0; i < rows; i++) ws.addRow(rooms.columns.map(() => randomCell(rnd)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('import fuzz: the reader and the parser', () => {
  it('garbled bytes never crash the reader: rows or a file error, nothing else', async () => {
    const rnd = prng(20261126);
    const good = await randomWorkbook(rnd, 20);
    for (let i = 0; i < 36; i++) {
      let buf: Buffer;
      if (i % 3 === 0) buf = Buffer.from(Array.from({ length: Math.floor(rnd() * 4000) }, () => Math.floor(rnd() * 256)));
      else {
        buf = Buffer.from(good);
        const flips = 1 + Math.floor(rnd() * 40);
        for (let f = 0; f < flips; f++) buf[Math.floor(rnd() * buf.length)] = Math.floor(rnd() * 256);
        if (i % 3 === 2) buf = buf.subarray(0, Math.floor(rnd() * buf.length));
      }
      try {
        const rows = await readRows(buf, rooms, { maxRows: 1000, idleMs: 1500 });
        expect(Array.isArray(rows)).toBe(true);
      } catch (err) {
        expect(err, `seed step ${i}: ${String(err)}`).toBeInstanceOf(ImportFileError);
      }
    }
  });

  it('random cell values always parse to a value or a message', () => {
    const rnd = prng(7);
    for (let i = 0; i < 20_000; i++) {
      const c = rooms.columns[i % rooms.columns.length]!;
      const r = parseCell(c, randomCell(rnd));
      expect('value' in r || (typeof r.error === 'string' && r.error.length > 0)).toBe(true);
    }
  });
});

describe('import fuzz: whole imports of random rows leave nothing behind', () => {
  const t = useTestApp();
  let c: Client;
  beforeAll(async () => {
    c = await signIn(t.app, 'province');
  });

  async function upload(content: Buffer) {
    const boundary = `----fz${Math.random().toString(36).slice(2)}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="fuzz.xlsx"\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    return res.json().id as string;
  }

  it('random workbooks end as failed (with reasons) and write no rooms, floors or occupancy', async () => {
    const rnd = prng(99);
    const counts = async () =>
      (await sql<{ r: number; f: number; o: number }>`select (select count(*)::int from estate_room) as r, (select count(*)::int from estate_floor) as f,
        (select count(*)::int from estate_occupancy) as o`.execute(t.p.db)).rows[0];
    const before = await counts();
    for (let i = 0; i < 8; i++) {
      const fileId = await upload(await randomWorkbook(rnd, 5 + Math.floor(rnd() * 60)));
      const kind = ['estate.rooms', 'estate.occupancy', 'estate.buildings'][i % 3]!;
      const res = await c.post(BASE, { kind, fileId });
      expect(res.statusCode, res.body).toBe(200);
      let b = res.json();
      for (let k = 0; k < 400 && b.status !== 'failed' && b.status !== 'succeeded'; k++) {
        await new Promise((r) => setTimeout(r, 25));
        b = (await c.get(`${BASE}/${b.id}`)).json();
      }
      expect(b.status).toBe('failed');
      expect(b.message).toBeTruthy();
    }
    expect(await counts()).toEqual(before);
  });
});
