import { PassThrough } from 'node:stream';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createBatch, runBatch } from '../server/src/exchange/import/import.service.js';
import { readFirstErrors } from '../server/src/exchange/import/import.workbook.js';
import { ESTATE_IMPORT_KINDS } from '../server/src/modules/estate/space.import.js';
import { progressBar } from '../server/src/main.js';
import { findRoleIdsByCode } from '../server/src/platform/access/role.repository.js';
import { sm3Hex } from '../server/src/platform/crypto/crypto.service.js';
import { createAccount } from '../server/src/platform/identity/user.service.js';
import { isEmpty, seed } from '../server/src/seed/seed.js';
import { openBenchPlatform, time } from './harness.js';
import type { Benchmark } from './run.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const FLOORS = 150;

const rooms = ESTATE_IMPORT_KINDS.find((k) => k.code === 'estate.rooms')!;

/** The rooms workbook, written with the streaming writer (as a customer's 10-MB export would be). */
async function roomsWorkbook(compound: string, building: string, unit: string, n: number): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(rooms.sheet);
  ws.addRow(rooms.columns.map((c) => c.header)).commit();
  const uses = ['办公室', '会议室', '档案室', '储藏室'];
  for (let i = 0; i < n; i++) {
    const use = uses[i % uses.length]!;
    ws.addRow([compound, building, (i % FLOORS) + 1, `R${i + 1}`, 30 + (i % 7), 24 + (i % 5), use, use, unit, null, i % 10 === 0 ? '闲置' : '在用'].map((v, k) =>
      k === 8 && i % 10 === 0 ? null : v,
    )).commit();
  }
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

/**
 * 100,000 room rows imported end to end through the import service (read, validate, one committing transaction),
 * against a raw multi-row INSERT of the same rows into estate_room in the same run.
 */
export const benchmark: Benchmark = {
  name: 'estate-import',
  description: `Excel 导入：${ROWS} 行房间（读取与校验、提交两个阶段的行/秒），与手写多行 INSERT 之比`,
  async run() {
    const p = await openBenchPlatform();
    if (await isEmpty(p)) {
      console.log('数据库为空，先载入演示数据…');
      await seed(p, 'demo', progressBar('演示数据'));
    }
    console.log(`engine ${p.engine}`);
    const { db } = p;
    const tag = Date.now().toString(36).toUpperCase();
    const unit = await db.selectFrom('org').select(['id', 'credit_code', 'region_code']).where('kind', '=', 'unit').where('credit_code', 'is not', null).where('status', '=', 'active').orderBy('id').executeTakeFirstOrThrow();
    const role = (await findRoleIdsByCode(db)).get('province_manager')!;
    const userId = await db.transaction().execute(async (tx) => {
      const id = await createAccount(p, tx, { username: `benchimp${tag.toLowerCase()}`, displayName: '导入基准', unitId: unit.id, roles: [role], createdBy: null, initialPassword: 'Bench#Steward2026' });
      await tx.updateTable('app_user').set({ must_change_password: false }).where('id', '=', id).execute();
      return id;
    });
    // a compound with two tall buildings: one for the import, one for the raw baseline
    const compound = await db
      .insertInto('estate_compound')
      .values({ code: `BENCH-${tag}`, name: '导入基准院落', address: '基准测试地址', region_code: unit.region_code, owner_unit_id: unit.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mk = (code: string) =>
      db
        .insertInto('estate_building')
        .values({ compound_id: compound.id, code, name: `基准楼 ${code}`, structure_code: 'rc', floors_above: FLOORS, floors_below: 0, gross_area: 1e7, usable_area: 1e7 })
        .returning('id')
        .executeTakeFirstOrThrow();
    const [bImport, bRaw] = [await mk('IMP'), await mk('RAW')];

    const [genMs, content] = await time(() => roomsWorkbook(`BENCH-${tag}`, 'IMP', unit.credit_code!, ROWS));
    console.log(`生成 ${ROWS} 行房间的 .xlsx：${(content.length / 1024 / 1024).toFixed(1)} MB，用时 ${(genMs / 1000).toFixed(1)} s`);
    const fileId = randomUUID();
    await db
      .insertInto('file')
      .values({ id: fileId, name: 'bench-rooms.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: content.length, sm3: sm3Hex(content), content, uploaded_by: userId })
      .execute();
    const batch = await db.transaction().execute((tx) => createBatch(tx, { userId, kind: rooms, fileId, ip: '127.0.0.1' }));
    const [totalMs, report] = await time(() => runBatch(p, batch.id, { ip: '127.0.0.1', log: (m, err) => console.log(m, err) }));
    const b = await db.selectFrom('import_batch').select(['status', 'message', 'total_rows']).where('id', '=', batch.id).executeTakeFirstOrThrow();
    if (b.status !== 'succeeded') {
      const ef = await db.selectFrom('import_batch as b').innerJoin('file as f', 'f.id', 'b.error_file_id').select('f.content').where('b.id', '=', batch.id).executeTakeFirst();
      throw new Error(`导入未成功：${b.message} ${ef ? JSON.stringify(await readFirstErrors(ef.content, 5)) : ''}`);
    }
    const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')} 行/s`;
    const readValidate = report.readMs + report.validateMs;
    console.log(`导入 ${report.rows} 行，总用时 ${(totalMs / 1000).toFixed(1)} s`);
    console.log(`  读取 ${(report.readMs / 1000).toFixed(1)} s（${rate(ROWS, report.readMs)}）；校验 ${(report.validateMs / 1000).toFixed(1)} s（${rate(ROWS, report.validateMs)}）；读取+校验 ${rate(ROWS, readValidate)}`);
    console.log(`  提交（建楼层 + 多行 INSERT + 审计，一个事务）${(report.commitMs / 1000).toFixed(1)} s（${rate(ROWS, report.commitMs)}）`);

    // baseline: the same rows, hand-written multi-row INSERTs of 1,000 in one transaction
    const floors = new Map<number, number>();
    const [rawMs] = await time(() =>
      db.transaction().execute(async (tx) => {
        const fl = await tx
          .insertInto('estate_floor')
          .values(Array.from({ length: FLOORS }, (_, i) => ({ building_id: bRaw.id, floor_no: i + 1 })))
          .returning(['id', 'floor_no'])
          .execute();
        for (const f of fl) floors.set(f.floor_no, f.id);
        const uses = ['office', 'meeting', 'archive', 'storage'];
        for (let start = 0; start < ROWS; start += 1000) {
          const values = [];
          for (let i = start; i < Math.min(ROWS, start + 1000); i++) {
            const idle = i % 10 === 0;
            values.push(
              sql`(${floors.get((i % FLOORS) + 1)!}, ${bRaw.id}, ${compound.id}, ${`R${i + 1}`}, ${30 + (i % 7)}, ${24 + (i % 5)}, ${uses[i % 4]!}, ${uses[i % 4]!}, ${idle ? null : unit.id}, ${idle ? 'idle' : 'in_use'})`,
            );
          }
          await sql`insert into estate_room (floor_id, building_id, compound_id, room_no, gross_area, usable_area, designed_use, current_use, unit_id, status)
                    values ${sql.join(values)}`.execute(tx);
        }
      }),
    );
    console.log(`基线：手写多行 INSERT ${ROWS} 行 ${(rawMs / 1000).toFixed(1)} s（${rate(ROWS, rawMs)}）`);
    console.log(`  提交阶段 / 基线 = ${(report.commitMs / rawMs).toFixed(2)}×；整个导入 / 基线 = ${(totalMs / rawMs).toFixed(2)}×`);

    // leave the database as it was (the bench account stays, like the workflow bench's)
    await db.transaction().execute(async (tx) => {
      await tx.deleteFrom('estate_room').where('compound_id', '=', compound.id).execute();
      await tx.deleteFrom('estate_floor').where('building_id', 'in', [bImport.id, bRaw.id]).execute();
      await tx.deleteFrom('estate_building').where('compound_id', '=', compound.id).execute();
      await tx.deleteFrom('estate_compound').where('id', '=', compound.id).execute();
    });
    await p.database.close();
  },
};
