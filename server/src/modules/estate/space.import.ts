import type { Db } from '../../db/connection.js';
import {
  cellText,
  defineImportKind,
  type ImportColumn,
  type ImportContext,
  type ImportKind,
  num,
  type ReportError,
  type SourceRow,
  str,
  bool,
} from '../../exchange/import/import.kind.js';
import { visibleIn } from '../../platform/access/scope.js';
import { hmacSm3 } from '../../platform/crypto/crypto.service.js';
import { evaluateOffices } from './evaluation.service.js';
import {
  type BuildingInsert,
  type CompoundInsert,
  ensureFloors,
  findBuildings,
  findCompounds,
  findDepartments,
  findOccupancyOfPersons,
  findPersonsByIdHash,
  findPersonsByName,
  findRegions,
  findRooms,
  findStructures,
  findUnits,
  findUseClasses,
  insertBuildings,
  insertCompounds,
  insertOccupancy,
  insertRooms,
  type OccupancyInsert,
  type RoomInsert,
  type UnitRef,
} from './space.import.repository.js';

/**
 * The office-space imports: compounds, buildings, rooms (floors made on demand) and occupancy. Every row is checked
 * against what the database would refuse, and against the importer's data scope, before anything is written.
 */

const PERMISSION = 'estate:space:import';
const TICK = 1000;

// ---------------------------------------------------------------- shared checks

const OUT_OF_SCOPE = '不在您的数据范围内';

async function eachRow(ctx: ImportContext, rows: SourceRow[], fn: (r: SourceRow) => void) {
  let n = 0;
  for (const r of rows) {
    fn(r);
    if (++n % TICK === 0) await ctx.tick(TICK);
  }
  await ctx.tick(n % TICK);
}

/** Finds units by credit code or full name; reports unknown, ambiguous and revoked ones on the given column. */
async function unitResolver(db: Db, keys: (string | null)[]) {
  const units = await findUnits(db, keys.filter((k): k is string => !!k));
  const byCode = new Map<string, UnitRef>();
  const byName = new Map<string, UnitRef[]>();
  for (const u of units) {
    if (u.credit_code) byCode.set(u.credit_code, u);
    byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  }
  return (key: string, row: SourceRow, column: string, report: ReportError): UnitRef | undefined => {
    const list = byCode.has(key.toUpperCase()) ? [byCode.get(key.toUpperCase())!] : (byName.get(key) ?? []);
    if (!list.length) return void report(row, column, `单位“${key}”不存在（请填统一社会信用代码或单位全称）`);
    if (list.length > 1) return void report(row, column, `有 ${list.length} 个单位名为“${key}”，请改填统一社会信用代码`);
    if (list[0]!.status !== 'active') return void report(row, column, `单位“${key}”已撤销`);
    return list[0];
  };
}

/** Marks in-file duplicates of a key: the later rows point at the first. */
function duplicates(report: ReportError) {
  const seen = new Map<string, number>();
  return (key: string, row: SourceRow, column: string, what: string) => {
    const first = seen.get(key);
    if (first !== undefined) {
      report(row, column, `${what}与第 ${first} 行重复`);
      return true;
    }
    seen.set(key, row.rowNo);
    return false;
  };
}

const CODE_COMPOUND = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
const CODE_BUILDING = /^[A-Z0-9][A-Z0-9-]{0,15}$/;
const ROOM_NO = /^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/;
const CREDIT_OR_NAME = '填写 18 位统一社会信用代码，或单位全称（须与系统中的单位名称完全一致）';

const compoundCodeCol: ImportColumn = {
  key: 'compound',
  header: '院落编号',
  required: true,
  type: 'text',
  upper: true,
  pattern: CODE_COMPOUND,
  patternHint: '须为 3–32 位大写字母、数字或“-”',
  example: 'JN-LX-001',
  rule: '院落的唯一编号，3–32 位大写字母、数字或“-”',
};
const buildingCodeCol: ImportColumn = {
  key: 'building',
  header: '楼座编号',
  required: true,
  type: 'text',
  upper: true,
  pattern: CODE_BUILDING,
  patternHint: '须为 1–16 位大写字母、数字或“-”',
  example: 'A',
  rule: '院落内楼座的编号，1–16 位大写字母、数字或“-”',
};
const roomNoCol: ImportColumn = {
  key: 'roomNo',
  header: '房间号',
  required: true,
  type: 'text',
  pattern: ROOM_NO,
  patternHint: '须为 1–16 位字母、数字或“-”',
  example: '301',
  rule: '楼座内唯一，1–16 位字母、数字或“-”',
};

/** Compound → building → room lookups shared by rooms and occupancy. */
async function locate(db: Db, rows: SourceRow[]) {
  const compounds = new Map((await findCompounds(db, rows.map((r) => str(r, 'compound')).filter((c): c is string => !!c))).map((c) => [c.code, c]));
  const buildings = await findBuildings(db, [...compounds.values()].map((c) => c.id));
  const buildingOf = new Map(buildings.map((b) => [`${b.compound_id}|${b.code}`, b]));
  return { compounds, buildings, buildingOf };
}

// ---------------------------------------------------------------- 院落 compounds

interface CompoundPlan {
  rows: CompoundInsert[];
}

/** GB/T 2260 six-digit codes of provinces and cities (370000, 370100) are stored shortened (37, 3701). */
function regionKey(code: string): string {
  if (/^\d{6}$/.test(code)) {
    if (code.endsWith('0000')) return code.slice(0, 2);
    if (code.endsWith('00')) return code.slice(0, 4);
  }
  return code;
}

const compounds = defineImportKind<CompoundPlan>({
  code: 'estate.compounds',
  title: '院落',
  permission: PERMISSION,
  sheet: '院落',
  columns: [
    compoundCodeCol,
    { key: 'name', header: '院落名称', required: true, type: 'text', minLength: 2, maxLength: 100, example: '省级机关第一办公区', rule: '2–100 个字' },
    { key: 'address', header: '地址', required: true, type: 'text', minLength: 2, maxLength: 200, example: '济南市历下区省府前街1号', rule: '2–200 个字' },
    {
      key: 'region',
      header: '行政区划代码',
      required: true,
      type: 'text',
      pattern: /^\d{2}(\d{2}(\d{2}(\d{3})?)?)?$/,
      patternHint: '须为行政区划代码（如 370102）',
      example: '370102',
      rule: '院落所在的县级或乡级行政区划代码（GB/T 2260，如 370102）',
    },
    { key: 'owner', header: '产权单位（统一社会信用代码或单位全称）', required: true, type: 'text', example: '山东省机关事务管理局', rule: CREDIT_OR_NAME, width: 36 },
    { key: 'lng', header: '经度', required: false, type: 'decimal', min: 73, max: 136, scale: 6, example: 117.02, rule: '73–136，最多 6 位小数；与纬度同时填写或同时不填' },
    { key: 'lat', header: '纬度', required: false, type: 'decimal', min: 3, max: 54, scale: 6, example: 36.67, rule: '3–54，最多 6 位小数' },
    { key: 'landArea', header: '占地面积', required: false, type: 'decimal', min: 0, max: 9_999_999_999, scale: 2, example: 12000, rule: '平方米，不小于 0，最多 2 位小数' },
    { key: 'landCert', header: '土地证号', required: false, type: 'text', minLength: 2, maxLength: 60, example: '鲁(2020)济南市不动产权第0001号', rule: '2–60 个字符' },
  ],
  async validate(ctx, rows, report) {
    const { db } = ctx.platform;
    const existing = new Set((await findCompounds(db, rows.map((r) => str(r, 'compound')).filter((c): c is string => !!c))).map((c) => c.code));
    const regions = new Map((await findRegions(db, rows.map((r) => str(r, 'region')).filter((c): c is string => !!c).map(regionKey))).map((r) => [r.code, r]));
    const unitOf = await unitResolver(db, rows.map((r) => str(r, 'owner')));
    const dup = duplicates(report);
    const out: CompoundInsert[] = [];
    const LNG = this.columns.findIndex((c) => c.key === 'lng');
    const LAT = this.columns.findIndex((c) => c.key === 'lat');
    const regionOnly = !ctx.scope.all && ctx.scope.regionPaths.length > 0 && !ctx.scope.orgPaths.length && !ctx.scope.unitIds.length;
    await eachRow(ctx, rows, (r) => {
      let ok = true;
      const code = str(r, 'compound');
      if (code && (dup(code, r, 'compound', '院落编号') || (existing.has(code) && (report(r, 'compound', `院落编号“${code}”已存在`), true)))) ok = false;
      const lng = num(r, 'lng');
      const lat = num(r, 'lat');
      const lngGiven = cellText(r.raw[LNG]) !== '';
      if (lngGiven !== (cellText(r.raw[LAT]) !== '')) {
        report(r, lngGiven ? 'lat' : 'lng', '经度和纬度须同时填写或同时不填');
        ok = false;
      }
      const rc = str(r, 'region');
      const region = rc ? regions.get(regionKey(rc)) : undefined;
      if (rc && !region) {
        report(r, 'region', `行政区划代码“${rc}”不存在`);
        ok = false;
      }
      const ownerKey = str(r, 'owner');
      const owner = ownerKey ? unitOf(ownerKey, r, 'owner', report) : undefined;
      if (region && owner && !visibleIn(ctx.scope, { regionPath: region.path, orgPath: owner.path, unitId: owner.id })) {
        report(r, regionOnly ? 'region' : 'owner', `院落${OUT_OF_SCOPE}`);
        ok = false;
      }
      if (!ok || !code || !region || !owner || !str(r, 'name') || !str(r, 'address')) return;
      out.push({
        code,
        name: str(r, 'name')!,
        address: str(r, 'address')!,
        region_code: region.code,
        owner_unit_id: owner.id,
        lng,
        lat,
        land_area: num(r, 'landArea'),
        land_cert_no: str(r, 'landCert'),
      });
    });
    return { rows: out };
  },
  async commit(tx, plan) {
    await insertCompounds(tx, plan.rows);
    return { inserted: plan.rows.length };
  },
});

// ---------------------------------------------------------------- 楼座 buildings

const STRUCTURES = ['钢结构', '钢筋混凝土结构', '砖混结构', '砖木结构', '简易房'] as const;

const buildings = defineImportKind<{ rows: BuildingInsert[] }>({
  code: 'estate.buildings',
  title: '楼座',
  permission: PERMISSION,
  sheet: '楼座',
  columns: [
    compoundCodeCol,
    buildingCodeCol,
    { key: 'name', header: '楼座名称', required: true, type: 'text', minLength: 1, maxLength: 100, example: '1号办公楼', rule: '1–100 个字' },
    { key: 'structure', header: '结构', required: true, type: 'enum', options: STRUCTURES, example: '钢筋混凝土结构', rule: `从下拉列表选择：${STRUCTURES.join('、')}` },
    { key: 'year', header: '建成年份', required: false, type: 'integer', min: 1900, max: 2100, example: 1998, rule: '四位年份，1900–2100' },
    { key: 'above', header: '地上层数', required: true, type: 'integer', min: 1, max: 150, example: 12, rule: '1–150' },
    { key: 'below', header: '地下层数', required: false, type: 'integer', min: 0, max: 10, example: 1, rule: '0–10，不填为 0' },
    { key: 'gross', header: '建筑面积', required: true, type: 'decimal', positive: true, max: 9_999_999_999, scale: 2, example: 15000, rule: '平方米，大于 0，最多 2 位小数' },
    { key: 'usable', header: '使用面积', required: true, type: 'decimal', positive: true, max: 9_999_999_999, scale: 2, example: 11000, rule: '平方米，大于 0，不大于建筑面积' },
    { key: 'cert', header: '产权证号', required: false, type: 'text', minLength: 2, maxLength: 60, example: '鲁(2020)济南市不动产权第0002号', rule: '2–60 个字符' },
    { key: 'bookValue', header: '账面价值', required: false, type: 'decimal', min: 0, max: 99_999_999_999_999, scale: 2, example: 56000000, rule: '元，不小于 0，最多 2 位小数' },
  ],
  async validate(ctx, rows, report) {
    const { db } = ctx.platform;
    const { compounds: cs, buildingOf } = await locate(db, rows);
    const structures = new Map((await findStructures(db)).map((s) => [s.name, s.code]));
    const dup = duplicates(report);
    const out: BuildingInsert[] = [];
    await eachRow(ctx, rows, (r) => {
      let ok = true;
      const cc = str(r, 'compound');
      const c = cc ? cs.get(cc) : undefined;
      if (cc && !c) {
        report(r, 'compound', `院落编号“${cc}”不存在，请先导入院落`);
        ok = false;
      } else if (c && !visibleIn(ctx.scope, { regionPath: c.region_path, orgPath: c.unit_path, unitId: c.owner_unit_id })) {
        report(r, 'compound', `院落${OUT_OF_SCOPE}`);
        ok = false;
      }
      const code = str(r, 'building');
      if (cc && code && dup(`${cc}|${code}`, r, 'building', '楼座编号')) ok = false;
      else if (c && code && buildingOf.has(`${c.id}|${code}`)) {
        report(r, 'building', `楼座编号“${code}”在该院落已存在`);
        ok = false;
      }
      const gross = num(r, 'gross');
      const usable = num(r, 'usable');
      if (gross !== null && usable !== null && usable > gross) {
        report(r, 'usable', '使用面积不能大于建筑面积');
        ok = false;
      }
      const sName = str(r, 'structure');
      const structure = sName ? structures.get(sName) : undefined;
      if (sName && !structure) {
        report(r, 'structure', `结构“${sName}”不存在`);
        ok = false;
      }
      if (!ok || !c || !code || !structure || gross === null || usable === null || num(r, 'above') === null || !str(r, 'name')) return;
      out.push({
        compound_id: c.id,
        code,
        name: str(r, 'name')!,
        structure_code: structure,
        build_year: num(r, 'year'),
        floors_above: num(r, 'above')!,
        floors_below: num(r, 'below') ?? 0,
        gross_area: gross,
        usable_area: usable,
        cert_no: str(r, 'cert'),
        book_value: num(r, 'bookValue'),
      });
    });
    return { rows: out };
  },
  async commit(tx, plan) {
    await insertBuildings(tx, plan.rows);
    return { inserted: plan.rows.length };
  },
});

// ---------------------------------------------------------------- 房间 rooms

const ROOM_STATUS: Record<string, string> = { 在用: 'in_use', 闲置: 'idle', 维修: 'repair', 租用: 'leased_in' };

interface RoomPlan {
  rows: (Omit<RoomInsert, 'floor_id'> & { floor_no: number })[];
}

async function useClassOptions(db: Db) {
  return (await findUseClasses(db)).map((u) => u.name);
}

const rooms = defineImportKind<RoomPlan>({
  code: 'estate.rooms',
  title: '房间',
  permission: PERMISSION,
  sheet: '房间',
  columns: [
    compoundCodeCol,
    buildingCodeCol,
    { key: 'floor', header: '楼层', required: true, type: 'integer', min: -10, max: 150, example: 3, rule: '地上填 1、2、3…，地下一层填 -1；须在楼座的层数之内；楼层不存在时自动建立' },
    roomNoCol,
    { key: 'gross', header: '建筑面积', required: false, type: 'decimal', positive: true, max: 99_999_999, scale: 2, example: 24.5, rule: '平方米，大于 0，最多 2 位小数' },
    { key: 'usable', header: '使用面积', required: true, type: 'decimal', positive: true, max: 5000, scale: 2, example: 18, rule: '平方米，大于 0、不超过 5000，且不大于建筑面积' },
    { key: 'designedUse', header: '设计用途', required: true, type: 'enum', example: '办公室', rule: '从下拉列表选择（办公用房用途分类）' },
    { key: 'currentUse', header: '现用途', required: true, type: 'enum', example: '办公室', rule: '从下拉列表选择（办公用房用途分类）' },
    { key: 'unit', header: '使用单位', required: false, type: 'text', example: '山东省机关事务管理局', rule: `${CREDIT_OR_NAME}；状态为“闲置”时不填，其他状态必填`, width: 30 },
    { key: 'dept', header: '内设机构', required: false, type: 'text', example: '办公室', rule: '使用单位的内设机构名称，可不填' },
    { key: 'status', header: '状态', required: true, type: 'enum', options: Object.keys(ROOM_STATUS), example: '在用', rule: '在用、闲置、维修、租用' },
  ],
  notes: ['同一楼座内房间号不能重复；已存在的房间不会被覆盖（请在系统中修改）。'],
  async dynamicOptions(db) {
    const uses = await useClassOptions(db);
    return { designedUse: uses, currentUse: uses };
  },
  async validate(ctx, rows, report) {
    const { db } = ctx.platform;
    const { compounds: cs, buildings: bs, buildingOf } = await locate(db, rows);
    const existingRooms = new Set((await findRooms(db, bs.map((b) => b.id))).map((r) => `${r.building_id}|${r.room_no.toUpperCase()}`));
    const uses = new Map((await findUseClasses(db)).map((u) => [u.name, u.code]));
    const unitOf = await unitResolver(db, rows.map((r) => str(r, 'unit')));
    const units = new Map<number, UnitRef>();
    const unitOfRow = new Map<SourceRow, UnitRef>();
    for (const r of rows) {
      const k = str(r, 'unit');
      if (!k) continue;
      const u = unitOf(k, r, 'unit', report);
      if (u) {
        units.set(u.id, u);
        unitOfRow.set(r, u);
      }
    }
    const depts = new Map<string, { id: number; status: string }[]>();
    for (const d of await findDepartments(db, [...units.keys()])) depts.set(`${d.unit_id}|${d.name}`, [...(depts.get(`${d.unit_id}|${d.name}`) ?? []), d]);
    const dup = duplicates(report);
    const out: RoomPlan['rows'] = [];
    await eachRow(ctx, rows, (r) => {
      let ok = true;
      const cc = str(r, 'compound');
      const c = cc ? cs.get(cc) : undefined;
      if (cc && !c) {
        report(r, 'compound', `院落编号“${cc}”不存在，请先导入院落`);
        ok = false;
      } else if (c && !visibleIn(ctx.scope, { regionPath: c.region_path, orgPath: c.unit_path, unitId: c.owner_unit_id })) {
        report(r, 'compound', `院落${OUT_OF_SCOPE}`);
        ok = false;
      }
      const bc = str(r, 'building');
      const b = c && bc ? buildingOf.get(`${c.id}|${bc}`) : undefined;
      if (c && bc && !b) {
        report(r, 'building', `楼座编号“${bc}”在该院落不存在，请先导入楼座`);
        ok = false;
      }
      const floor = num(r, 'floor');
      if (floor === 0) {
        report(r, 'floor', '楼层不能为 0（地下一层填 -1）');
        ok = false;
      } else if (b && floor !== null && (floor > b.floors_above || floor < -b.floors_below)) {
        report(r, 'floor', `楼层 ${floor} 超出楼座层数（地上 ${b.floors_above} 层、地下 ${b.floors_below} 层）`);
        ok = false;
      }
      const roomNo = str(r, 'roomNo');
      if (cc && bc && roomNo && dup(`${cc}|${bc}|${roomNo.toUpperCase()}`, r, 'roomNo', '房间号')) ok = false;
      else if (b && roomNo && existingRooms.has(`${b.id}|${roomNo.toUpperCase()}`)) {
        report(r, 'roomNo', `房间号“${roomNo}”在该楼座已存在`);
        ok = false;
      }
      const gross = num(r, 'gross');
      const usable = num(r, 'usable');
      if (gross !== null && usable !== null && usable > gross) {
        report(r, 'usable', '使用面积不能大于建筑面积');
        ok = false;
      }
      const useCode = (k: 'designedUse' | 'currentUse') => {
        const name = str(r, k);
        if (!name) return undefined;
        const code = uses.get(name);
        if (!code) report(r, k, `用途“${name}”不存在，请从下拉列表中选择`);
        return code;
      };
      const designed = useCode('designedUse');
      const current = useCode('currentUse');
      const status = str(r, 'status') ? ROOM_STATUS[str(r, 'status')!] : undefined;
      const unitKey = str(r, 'unit');
      const unit = unitOfRow.get(r);
      if (unitKey && !unit) ok = false;
      if (status === 'idle' && unitKey) {
        report(r, 'unit', '状态为“闲置”的房间不填使用单位');
        ok = false;
      } else if (status && status !== 'idle' && !unitKey) {
        report(r, 'unit', `状态为“${str(r, 'status')}”时须填使用单位`);
        ok = false;
      }
      if (unit && !visibleIn(ctx.scope, { orgPath: unit.path, regionPath: unit.region_path, unitId: unit.id })) {
        report(r, 'unit', `使用单位${OUT_OF_SCOPE}`);
        ok = false;
      }
      const deptName = str(r, 'dept');
      let deptId: number | null = null;
      if (deptName) {
        if (!unitKey) {
          report(r, 'dept', '填写内设机构时须同时填写使用单位');
          ok = false;
        } else if (unit) {
          const found = (depts.get(`${unit.id}|${deptName}`) ?? []).filter((d) => d.status === 'active');
          if (found.length !== 1) {
            report(r, 'dept', found.length ? `使用单位有 ${found.length} 个名为“${deptName}”的内设机构` : `内设机构“${deptName}”不属于使用单位`);
            ok = false;
          } else deptId = found[0]!.id;
        }
      }
      if (!ok || !c || !b || floor === null || !roomNo || usable === null || !designed || !current || !status) return;
      out.push({
        floor_no: floor,
        building_id: b.id,
        compound_id: c.id,
        room_no: roomNo,
        gross_area: gross,
        usable_area: usable,
        designed_use: designed,
        current_use: current,
        unit_id: unit?.id ?? null,
        department_id: deptId,
        status,
      });
    });
    return { rows: out };
  },
  async commit(tx, plan) {
    const wanted = new Map<string, { building_id: number; floor_no: number }>();
    for (const r of plan.rows) wanted.set(`${r.building_id}|${r.floor_no}`, { building_id: r.building_id, floor_no: r.floor_no });
    const floors = new Map((await ensureFloors(tx, [...wanted.values()])).map((f) => [`${f.building_id}|${f.floor_no}`, f.id]));
    await insertRooms(
      tx,
      plan.rows.map(({ floor_no, ...r }) => ({ ...r, floor_id: floors.get(`${r.building_id}|${floor_no}`)! })),
    );
    return { inserted: plan.rows.length, unitIds: [...new Set(plan.rows.map((r) => r.unit_id).filter((u): u is number => u !== null))] };
  },
  afterCommit: reEvaluate,
});

// ---------------------------------------------------------------- 使用人 occupancy

interface Span {
  from: string;
  to: string | null;
}
const overlaps = (a: Span, b: Span) => (a.to === null || b.from <= a.to) && (b.to === null || a.from <= b.to);

const ID_NO = /^[0-9]{17}[0-9X]$/;

const occupancy = defineImportKind<{ rows: OccupancyInsert[]; unitIds: number[] }>({
  code: 'estate.occupancy',
  title: '房间使用人',
  permission: PERMISSION,
  sheet: '使用人',
  columns: [
    compoundCodeCol,
    buildingCodeCol,
    roomNoCol,
    { key: 'name', header: '姓名', required: true, type: 'text', minLength: 1, maxLength: 50, example: '张伟', rule: '使用人姓名，须与系统人员信息一致' },
    {
      key: 'idNo',
      header: '身份证号',
      required: false,
      type: 'text',
      upper: true,
      pattern: ID_NO,
      patternHint: '须为 18 位身份证号',
      example: '',
      rule: '18 位身份证号；填写时按身份证号匹配人员，不填时按“人员所在单位 + 姓名”匹配（须唯一）',
      width: 22,
    },
    { key: 'unit', header: '人员所在单位', required: false, type: 'text', example: '山东省机关事务管理局', rule: `${CREDIT_OR_NAME}；不填时为房间的使用单位`, width: 30 },
    { key: 'from', header: '起始日期', required: true, type: 'date', example: '2024-01-01', rule: '日期，如 2024-01-01' },
    { key: 'to', header: '截止日期', required: false, type: 'date', example: '', rule: '日期（含当天）；不填表示至今仍在使用' },
    { key: 'primary', header: '是否主办公室', required: false, type: 'boolean', example: '是', rule: '是/否，不填为“是”；同一人同一时间只能有一间主办公室' },
  ],
  async validate(ctx, rows, report) {
    const { db, keys } = ctx.platform;
    const { compounds: cs, buildings: bs, buildingOf } = await locate(db, rows);
    const roomOf = new Map((await findRooms(db, bs.map((b) => b.id))).map((r) => [`${r.building_id}|${r.room_no.toUpperCase()}`, r]));
    // persons by id number (blind index) and by unit + name
    const hashOf = new Map<string, Buffer>();
    for (const r of rows) {
      const id = str(r, 'idNo');
      if (id && !hashOf.has(id)) hashOf.set(id, hmacSm3(keys.macKey, id));
    }
    const byHash = new Map((await findPersonsByIdHash(db, [...hashOf.values()])).map((p) => [Buffer.from(p.id_no_hash!).toString('hex'), p]));
    const unitOf = await unitResolver(db, rows.map((r) => str(r, 'unit')));
    const rowRoom = new Map<SourceRow, NonNullable<ReturnType<typeof roomOf.get>>>();
    const rowUnit = new Map<SourceRow, number>();
    for (const r of rows) {
      const c = str(r, 'compound') ? cs.get(str(r, 'compound')!) : undefined;
      const b = c && str(r, 'building') ? buildingOf.get(`${c.id}|${str(r, 'building')}`) : undefined;
      const room = b && str(r, 'roomNo') ? roomOf.get(`${b.id}|${str(r, 'roomNo')!.toUpperCase()}`) : undefined;
      if (room) rowRoom.set(r, room);
      if (str(r, 'idNo')) continue;
      const uk = str(r, 'unit');
      if (uk) {
        const u = unitOf(uk, r, 'unit', report);
        if (u) rowUnit.set(r, u.id);
      } else if (room?.unit_id) rowUnit.set(r, room.unit_id);
    }
    const byName = new Map<string, { id: number; name: string; unit_id: number; status: string; unit_path: string; region_path: string }[]>();
    const named = await findPersonsByName(db, [...rowUnit.values()], rows.filter((r) => !str(r, 'idNo') && str(r, 'name')).map((r) => str(r, 'name')!));
    for (const p of named) byName.set(`${p.unit_id}|${p.name}`, [...(byName.get(`${p.unit_id}|${p.name}`) ?? []), p]);

    type Person = (typeof named)[number];
    const rowPerson = new Map<SourceRow, Person>();
    for (const r of rows) {
      const name = str(r, 'name');
      const id = str(r, 'idNo');
      let p: Person | undefined;
      if (id) {
        p = byHash.get(hashOf.get(id)!.toString('hex'));
        if (!p) report(r, 'idNo', '系统中没有此身份证号的人员');
        else if (name && p.name !== name) {
          report(r, 'name', `姓名与身份证号不符（系统中为“${p.name}”）`);
          p = undefined;
        }
      } else if (name) {
        const u = rowUnit.get(r);
        if (u === undefined) {
          if (!str(r, 'unit') && rowRoom.has(r)) report(r, 'unit', '房间为闲置（无使用单位），请填写人员所在单位或身份证号');
        } else {
          const list = byName.get(`${u}|${name}`) ?? [];
          if (!list.length) report(r, 'name', `在${str(r, 'unit') ? '所填单位' : '房间的使用单位'}中找不到“${name}”`);
          else if (list.length > 1) report(r, 'idNo', `单位中有 ${list.length} 位名为“${name}”的人员，请填写身份证号`);
          else p = list[0];
        }
      }
      if (p && !visibleIn(ctx.scope, { orgPath: p.unit_path, regionPath: p.region_path, unitId: p.unit_id })) {
        report(r, id ? 'idNo' : 'name', `人员${OUT_OF_SCOPE}`);
        p = undefined;
      }
      if (p) rowPerson.set(r, p);
    }
    const persons = [...new Set([...rowPerson.values()].map((p) => p.id))];
    const existing = await findOccupancyOfPersons(db, persons);
    const spansOf = new Map<number, (Span & { room_id: number; is_primary: boolean; rowNo?: number })[]>();
    for (const o of existing) spansOf.set(o.person_id, [...(spansOf.get(o.person_id) ?? []), o]);

    const out: OccupancyInsert[] = [];
    const unitIds = new Set<number>();
    await eachRow(ctx, rows, (r) => {
      let ok = true;
      const cc = str(r, 'compound');
      const c = cc ? cs.get(cc) : undefined;
      if (cc && !c) {
        report(r, 'compound', `院落编号“${cc}”不存在`);
        ok = false;
      }
      const bc = str(r, 'building');
      const b = c && bc ? buildingOf.get(`${c.id}|${bc}`) : undefined;
      if (c && bc && !b) {
        report(r, 'building', `楼座编号“${bc}”在该院落不存在`);
        ok = false;
      }
      const room = rowRoom.get(r);
      if (b && str(r, 'roomNo') && !room) {
        report(r, 'roomNo', `房间号“${str(r, 'roomNo')}”在该楼座不存在，请先导入房间`);
        ok = false;
      }
      if (room && !visibleIn(ctx.scope, { orgPath: room.unit_path, regionPath: room.region_path, unitId: room.unit_id })) {
        report(r, 'roomNo', `房间${OUT_OF_SCOPE}`);
        ok = false;
      }
      const from = str(r, 'from');
      const to = str(r, 'to');
      if (from && to && to < from) {
        report(r, 'to', '截止日期不能早于起始日期');
        ok = false;
      }
      if (room && to === null && from && (room.status === 'idle' || room.status === 'disposed')) {
        report(r, 'roomNo', '房间为闲置或已处置状态，不能登记当前使用人');
        ok = false;
      }
      const p = rowPerson.get(r);
      if (p && to === null && p.status !== 'active') {
        report(r, 'name', '人员已不在职，不能登记为当前使用人（请填写截止日期）');
        ok = false;
      }
      const primary = bool(r, 'primary') ?? true;
      if (!ok || !p || !room || !from) return;
      const span: Span = { from, to };
      const spans = spansOf.get(p.id) ?? [];
      const clash = spans.find((s) => overlaps(s, span) && (s.room_id === room.id || (primary && s.is_primary)));
      if (clash) {
        const where = clash.rowNo ? `第 ${clash.rowNo} 行` : '系统中已有记录';
        report(
          r,
          'from',
          clash.room_id === room.id
            ? `此人在该房间的使用期间与${where}重叠`
            : `此人同一时间只能有一间主办公室，与${where}（${clash.from} 至 ${clash.to ?? '今'}）重叠`,
        );
        return;
      }
      spans.push({ ...span, room_id: room.id, is_primary: primary, rowNo: r.rowNo });
      spansOf.set(p.id, spans);
      out.push({ room_id: room.id, person_id: p.id, from, to, is_primary: primary });
      unitIds.add(p.unit_id);
      if (room.unit_id) unitIds.add(room.unit_id);
    });
    return { rows: out, unitIds: [...unitIds] };
  },
  async commit(tx, plan) {
    await insertOccupancy(tx, plan.rows);
    return { inserted: plan.rows.length, unitIds: plan.unitIds };
  },
  afterCommit: reEvaluate,
});

/** Rooms and occupants changed: the lead's evaluation re-checks the units' offices against the standard. */
async function reEvaluate(ctx: ImportContext, result: { unitIds?: number[] }) {
  if (!result.unitIds?.length) return;
  await evaluateOffices(ctx.platform, { unitIds: result.unitIds });
}

/** The office-space import kinds, in the order data has to arrive. */
export const ESTATE_IMPORT_KINDS: ImportKind[] = [compounds, buildings, rooms, occupancy];
