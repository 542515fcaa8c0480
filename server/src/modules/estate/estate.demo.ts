/**
 * Demo office space (办公用房): the provincial government compound in 济南, two provincial department compounds, the
 * municipal compounds of 济南, 青岛, 淄博 and 潍坊 and the county compound of 平阴县 — buildings, floors, rooms by the
 * 2014 classes, occupants sized to their rank's standard, unit quotas (核定面积) and asset cards for the provincial
 * compound. A handful of true findings are planted on purpose (see DEMO_FINDINGS); everything else is within the rules.
 *
 * Runs inside the demo seed after organisations and persons exist. Deterministic for a given random source: it reads
 * the units by name and their persons in id order, so the same seed gives the same rooms and occupants.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { DEFAULT_SEED, mulberry32, Rng, type Random } from '../../seed/prng.js';
import { STANDARD_2014 } from './standard.catalog.js';

type OrgLevel = 'province' | 'city' | 'county' | 'township';
type Structure = 'rc' | 'steel' | 'brick_concrete' | 'brick_wood' | 'simple';

interface BuildingSpec {
  code: string;
  name: string;
  structure: Structure;
  year: number;
  floorsBelow: 0 | 1;
  /** Usable area of registered rooms per floor (corridors, stairs and halls are not rooms). */
  floorArea: number;
  /** Units seated in the building, in floor order; empty for the annex. */
  tenants: string[];
  annex?: boolean;
  /** Offices left idle (闲置) for the pool, after the n-th tenant's rooms. */
  idleAfter?: { tenant: number; rooms: number[] };
  cert: string;
  card?: { no: string; classCode: string };
}

interface CompoundSpec {
  code: string;
  name: string;
  address: string;
  region: string;
  owner: string;
  lng: number;
  lat: number;
  landArea: number;
  landCert: string;
  landCard?: { no: string; acquired: string; value: number };
  /** Build cost per m² of gross area, for book values. */
  costPerM2: number;
  buildings: BuildingSpec[];
}

/** The compounds. Addresses and coordinates are where such compounds are; areas are plausible, not surveyed. */
const COMPOUNDS: CompoundSpec[] = [
  {
    code: 'JG-370102-001',
    name: '山东省级机关办公区（省府大院）',
    address: '山东省济南市历下区省府前街1号',
    region: '370102',
    owner: '山东省机关事务管理局',
    lng: 117.023_6,
    lat: 36.668_3,
    landArea: 68_520,
    landCert: '鲁（2017）济南市不动产权第0031587号',
    landCard: { no: 'ZC-370000-TD-0001', acquired: '1996-05-20', value: 82_224_000 },
    costPerM2: 3_200,
    buildings: [
      {
        code: '1',
        name: '1号楼（主楼）',
        structure: 'rc',
        year: 1998,
        floorsBelow: 1,
        floorArea: 360,
        tenants: ['山东省人民政府办公厅', '山东省人民政府办公厅服务中心', '山东省机关事务管理局', '山东省发展和改革委员会'],
        cert: '鲁（2017）济南市不动产权第0031588号',
        card: { no: 'ZC-370000-FW-0001', classCode: '1020101' },
      },
      {
        code: '2',
        name: '2号楼',
        structure: 'rc',
        year: 2006,
        floorsBelow: 1,
        floorArea: 330,
        tenants: ['山东省财政厅', '山东省人力资源和社会保障厅', '山东省审计厅', '山东省机关公务用车服务中心'],
        idleAfter: { tenant: 2, rooms: [18.5, 24] },
        cert: '鲁（2017）济南市不动产权第0031589号',
        card: { no: 'ZC-370000-FW-0002', classCode: '1020101' },
      },
      {
        code: 'FS',
        name: '附属楼（食堂、车库）',
        structure: 'brick_concrete',
        year: 1996,
        floorsBelow: 1,
        floorArea: 800,
        tenants: [],
        annex: true,
        cert: '鲁（2017）济南市不动产权第0031590号',
        card: { no: 'ZC-370000-FW-0003', classCode: '1020199' },
      },
    ],
  },
  {
    code: 'JG-370102-002',
    name: '山东省教育厅机关办公区',
    address: '山东省济南市历下区东关大街29号',
    region: '370102',
    owner: '山东省教育厅',
    lng: 117.036_4,
    lat: 36.672_9,
    landArea: 14_860,
    landCert: '鲁（2018）济南市不动产权第0045871号',
    landCard: { no: 'ZC-370000-TD-0002', acquired: '2001-03-15', value: 19_318_000 },
    costPerM2: 3_600,
    buildings: [
      {
        code: '1',
        name: '主楼',
        structure: 'rc',
        year: 2003,
        floorsBelow: 1,
        floorArea: 330,
        tenants: ['山东省教育厅', '山东省电化教育馆'],
        idleAfter: { tenant: 1, rooms: [16] },
        cert: '鲁（2018）济南市不动产权第0045872号',
        card: { no: 'ZC-370000-FW-0004', classCode: '1020101' },
      },
      {
        code: '2',
        name: '2号楼（招考楼）',
        structure: 'rc',
        year: 2012,
        floorsBelow: 0,
        floorArea: 300,
        tenants: ['山东省教育招生考试院', '山东省学生资助管理中心'],
        cert: '鲁（2018）济南市不动产权第0045873号',
      },
    ],
  },
  {
    code: 'JG-370103-001',
    name: '山东省自然资源厅机关办公区',
    address: '山东省济南市市中区经十路17号',
    region: '370103',
    owner: '山东省自然资源厅',
    lng: 117.001_2,
    lat: 36.651_4,
    landArea: 12_300,
    landCert: '鲁（2019）济南市不动产权第0102264号',
    costPerM2: 4_100,
    buildings: [
      {
        code: '1',
        name: '综合楼',
        structure: 'rc',
        year: 2010,
        floorsBelow: 1,
        floorArea: 330,
        tenants: ['山东省自然资源厅', '山东省国土空间规划院', '山东省国土测绘院'],
        cert: '鲁（2019）济南市不动产权第0102265号',
      },
    ],
  },
  {
    code: 'JG-370102-101',
    name: '济南市级机关办公区（龙奥大厦）',
    address: '山东省济南市历下区龙奥北路1号',
    region: '370102',
    owner: '济南市机关事务管理局',
    lng: 117.120_6,
    lat: 36.656_3,
    landArea: 95_400,
    landCert: '鲁（2016）济南市不动产权第0008815号',
    costPerM2: 5_200,
    buildings: [
      {
        code: 'A',
        name: 'A座',
        structure: 'steel',
        year: 2009,
        floorsBelow: 1,
        floorArea: 280,
        tenants: ['济南市机关事务管理局', '济南市教育局', '济南市财政局'],
        idleAfter: { tenant: 0, rooms: [21] },
        cert: '鲁（2016）济南市不动产权第0008816号',
      },
      {
        code: 'B',
        name: 'B座',
        structure: 'steel',
        year: 2009,
        floorsBelow: 1,
        floorArea: 280,
        tenants: ['济南市民政局', '济南市人力资源和社会保障局', '济南市机关公务用车服务中心'],
        cert: '鲁（2016）济南市不动产权第0008817号',
      },
    ],
  },
  {
    code: 'JG-370202-101',
    name: '青岛市级机关办公区',
    address: '山东省青岛市市南区香港中路11号',
    region: '370202',
    owner: '青岛市机关事务管理局',
    lng: 120.384_2,
    lat: 36.066_6,
    landArea: 41_200,
    landCert: '鲁（2018）青岛市市南区不动产权第0019342号',
    costPerM2: 3_900,
    buildings: [
      {
        code: '1',
        name: '1号楼',
        structure: 'rc',
        year: 1997,
        floorsBelow: 1,
        floorArea: 330,
        tenants: ['青岛市机关事务管理局', '青岛市财政局', '青岛市教育局'],
        idleAfter: { tenant: 2, rooms: [17.5, 22] },
        cert: '鲁（2018）青岛市市南区不动产权第0019343号',
      },
      {
        code: '2',
        name: '2号楼',
        structure: 'rc',
        year: 2004,
        floorsBelow: 0,
        floorArea: 300,
        tenants: ['青岛市民政局', '青岛市人力资源和社会保障局', '青岛市机关公务用车服务中心'],
        cert: '鲁（2018）青岛市市南区不动产权第0019344号',
      },
      {
        code: 'FS',
        name: '附属楼（机关食堂）',
        structure: 'brick_concrete',
        year: 1995,
        floorsBelow: 1,
        floorArea: 600,
        tenants: [],
        annex: true,
        cert: '鲁（2018）青岛市市南区不动产权第0019345号',
      },
    ],
  },
  {
    code: 'JG-370303-101',
    name: '淄博市级机关办公区',
    address: '山东省淄博市张店区人民西路2号',
    region: '370303',
    owner: '淄博市机关事务管理局',
    lng: 118.054_9,
    lat: 36.813_5,
    landArea: 26_700,
    landCert: '鲁（2019）淄博市不动产权第0027716号',
    costPerM2: 3_100,
    buildings: [
      {
        code: '1',
        name: '办公楼',
        structure: 'rc',
        year: 2002,
        floorsBelow: 1,
        floorArea: 320,
        tenants: ['淄博市机关事务管理局', '淄博市财政局', '淄博市教育局', '淄博市民政局'],
        cert: '鲁（2019）淄博市不动产权第0027717号',
      },
    ],
  },
  {
    code: 'JG-370705-101',
    name: '潍坊市级机关办公区',
    address: '山东省潍坊市奎文区东风东街6396号',
    region: '370705',
    owner: '潍坊市机关事务管理局',
    lng: 119.161_8,
    lat: 36.706_9,
    landArea: 38_900,
    landCert: '鲁（2018）潍坊市不动产权第0066125号',
    costPerM2: 3_400,
    buildings: [
      {
        code: '1',
        name: '办公楼',
        structure: 'rc',
        year: 2008,
        floorsBelow: 1,
        floorArea: 320,
        tenants: ['潍坊市机关事务管理局', '潍坊市财政局', '潍坊市教育局', '潍坊市自然资源和规划局'],
        cert: '鲁（2018）潍坊市不动产权第0066126号',
      },
    ],
  },
  {
    code: 'JG-370124-101',
    name: '平阴县机关办公区',
    address: '山东省济南市平阴县榆山街道青龙路66号',
    region: '370124',
    owner: '平阴县机关事务服务中心',
    lng: 116.455_8,
    lat: 36.289_5,
    landArea: 9_800,
    landCert: '鲁（2020）平阴县不动产权第0004418号',
    costPerM2: 2_200,
    buildings: [
      {
        code: '1',
        name: '办公楼',
        structure: 'brick_concrete',
        year: 1994,
        floorsBelow: 0,
        floorArea: 300,
        tenants: ['平阴县机关事务服务中心', '平阴县教育和体育局', '平阴县财政局', '平阴县卫生健康局'],
        cert: '鲁（2020）平阴县不动产权第0004419号',
      },
    ],
  },
];

/** The findings planted on purpose: who, where and what the evaluation must report. */
export const DEMO_FINDINGS = {
  /** A 副处 (cap 12 m²) alone in 20 m² — in the demo `unit` account's own unit. */
  overViceDivision: { unit: '山东省教育厅', rank: 'post_chu_fu', area: 20 },
  /** A 正处 (cap 18 m²) alone in 26.5 m². */
  overDivision: { unit: '山东省发展和改革委员会', rank: 'post_chu_zheng', area: 26.5 },
  /** Two 局（处）级以下 staff (cap 9 m² each) sharing 28 m². */
  overShared: { unit: '青岛市财政局', persons: 2, area: 28 },
  /** A room designed as a meeting room used as an office (5 staff, within the standard). */
  useMismatch: { unit: '山东省财政厅', persons: 5, area: 44 },
  /** A staff member retired three months ago who still holds a room. */
  retired: { unit: '济南市教育局' },
  /** A unit using more office area than approved (核定面积 set below its use). */
  overQuota: { unit: '山东省人民政府办公厅', factor: 0.88 },
} as const;

/** Units without an approved area on record (核定 not yet filed), to show the gap. */
const NO_QUOTA = new Set(['山东省学生资助管理中心', '济南市机关公务用车服务中心', '平阴县卫生健康局']);

const QUOTA_BASIS: Record<OrgLevel, string> = {
  province: '山东省机关事务管理局 关于核定省直机关办公用房面积的通知（鲁管发〔2019〕21号）',
  city: '市机关事务管理局 关于核定市直机关办公用房面积的通知（2020年）',
  county: '县机关事务服务中心 关于核定县直机关办公用房面积的通知（2021年）',
  township: '县机关事务服务中心 关于核定镇街办公用房面积的通知（2021年）',
};

/** Persons of these rank levels sit alone; the others share rooms by department. */
const SINGLE_LEVELS = new Set(['l1', 'l2', 'l3', 'l4', 'l5', 'l6']);

/** Size the demo gives an office per person: the 2014 cap, but never more than a real post of that level gets. */
const REALISTIC: Record<OrgLevel, Record<string, number>> = {
  province: { l1: 54, l2: 42, l3: 30, l4: 24, l5: 18, l6: 12 },
  // 副省级 cities' bureau heads are 厅局级 (l3/l4): their offices follow the 正局（处）/副局（处） rows, not the mayor's.
  city: { l3: 24, l4: 18, l5: 18, l6: 12 },
  county: { l5: 24, l6: 18, l7: 18, l8: 12 },
  township: { l7: 18, l8: 12 },
};

interface UnitRow {
  id: number;
  name: string;
  level: OrgLevel;
  staffing_quota: number | null;
}

interface PersonRow {
  id: number;
  name: string;
  unit_id: number;
  department_id: number | null;
  rank_code: string | null;
  level_code: string | null;
  kind: string | null;
}

interface RoomPlan {
  key: number;
  compoundCode: string;
  buildingCode: string;
  floor: number;
  roomNo: string;
  area: number;
  designedUse: string;
  currentUse: string;
  unitId: number | null;
  departmentId: number | null;
  status: 'in_use' | 'idle';
}

interface OccupancyPlan {
  roomKey: number;
  personId: number;
  from: string;
  to: string | null;
  note: string | null;
}

interface OfficeGroup {
  persons: PersonRow[];
  area: number;
  departmentId: number | null;
  designedUse?: string;
}

export interface EstateDemoSummary {
  compounds: number;
  buildings: number;
  rooms: number;
  idleRooms: number;
  occupancies: number;
  quotas: number;
  cards: number;
  findings: { kind: string; subject: string }[];
}

const CAPS = new Map<string, number>(STANDARD_2014.rows.map(([level, rank, , cap]) => [`${level}|${rank}`, cap]));

function capOf(level: OrgLevel, rankLevel: string | null): number | undefined {
  return rankLevel ? CAPS.get(`${level}|${rankLevel}`) : undefined;
}

/** The area the demo plans per person: within the cap; 9 m² for staff without a rank (drivers, professionals). */
function sizeOf(level: OrgLevel, rankLevel: string | null): number {
  const cap = capOf(level, rankLevel) ?? 9;
  const real = rankLevel ? REALISTIC[level][rankLevel] : undefined;
  return Math.min(cap, real ?? 9);
}

const half = (x: number) => Math.round(x * 2) / 2;
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export async function seedEstateDemo(db: Kysely<DB>, opts: { random?: Random } = {}): Promise<EstateDemoSummary> {
  const rng = new Rng(opts.random ?? mulberry32(DEFAULT_SEED ^ 0x0e57_a7e0));
  const existing = await db.selectFrom('estate_compound').select('id').where('code', '=', COMPOUNDS[0]!.code).executeTakeFirst();
  if (existing) throw new Error('estate demo data already present');

  // ---------------------------------------------------------------- units and their persons
  const names = [...new Set(COMPOUNDS.flatMap((c) => [c.owner, ...c.buildings.flatMap((b) => b.tenants)]))];
  const unitRows = (await db
    .selectFrom('org')
    .select(['id', 'name', 'level', 'staffing_quota'])
    .where('kind', '=', 'unit')
    .where('name', 'in', names)
    .orderBy('id')
    .execute()) as UnitRow[];
  const units = new Map<string, UnitRow>();
  for (const u of unitRows) if (!units.has(u.name)) units.set(u.name, u);
  const missing = names.filter((n) => !units.has(n));
  if (missing.length) throw new Error(`estate demo: units missing from the seed: ${missing.join('、')}`);
  const unit = (name: string) => units.get(name)!;

  const personRows = (await db
    .selectFrom('person as p')
    .leftJoin('rank as k', 'k.code', 'p.rank_code')
    .select(['p.id', 'p.name', 'p.unit_id', 'p.department_id', 'p.rank_code', 'k.level_code', 'k.kind'])
    .where('p.unit_id', 'in', [...units.values()].map((u) => u.id))
    .where('p.status', '=', 'active')
    .orderBy('p.id')
    .execute()) as PersonRow[];
  const personsOf = new Map<number, PersonRow[]>();
  for (const p of personRows) personsOf.set(p.unit_id, [...(personsOf.get(p.unit_id) ?? []), p]);

  const findings: EstateDemoSummary['findings'] = [];
  const special = {
    retiredPersonId: 0,
    movers: [] as { personId: number; unitId: number }[],
  };

  /** Offices of a unit: leaders alone, the others in shared rooms of their department, plus the planted cases. */
  function officeGroups(u: UnitRow): OfficeGroup[] {
    const staff = [...(personsOf.get(u.id) ?? [])];
    const groups: OfficeGroup[] = [];
    const take = (pred: (p: PersonRow) => boolean, n: number) => {
      const out: PersonRow[] = [];
      for (let i = 0; i < staff.length && out.length < n; ) {
        if (pred(staff[i]!)) out.push(...staff.splice(i, 1));
        else i++;
      }
      return out;
    };
    const plain = (p: PersonRow) => sizeOf(u.level, p.level_code) === 9 && p.rank_code !== null;
    const F = DEMO_FINDINGS;
    if (u.name === F.overViceDivision.unit || u.name === F.overDivision.unit) {
      const f = u.name === F.overViceDivision.unit ? F.overViceDivision : F.overDivision;
      const [p] = take((x) => x.rank_code === f.rank, 1);
      if (p) {
        groups.push({ persons: [p], area: f.area, departmentId: p.department_id });
        findings.push({ kind: 'estate.over-standard', subject: `${u.name} ${p.name}（${f.area} m²）` });
      }
    }
    if (u.name === F.overShared.unit) {
      const ps = take(plain, F.overShared.persons);
      if (ps.length === F.overShared.persons) {
        groups.push({ persons: ps, area: F.overShared.area, departmentId: ps[0]!.department_id });
        for (const p of ps) findings.push({ kind: 'estate.over-standard', subject: `${u.name} ${p.name}（${F.overShared.area} m² 两人合用）` });
      } else staff.push(...ps);
    }
    if (u.name === F.useMismatch.unit) {
      const ps = take(plain, F.useMismatch.persons);
      if (ps.length) {
        groups.push({ persons: ps, area: Math.min(F.useMismatch.area, ps.length * 8.8), departmentId: null, designedUse: 'meeting' });
        findings.push({ kind: 'estate.use-mismatch', subject: `${u.name} 会议室改作办公室（${ps.length} 人）` });
      }
    }
    // Leaders and senior posts alone.
    for (const p of take((x) => x.level_code !== null && SINGLE_LEVELS.has(x.level_code) && (x.kind === 'post' || x.level_code <= 'l4'), staff.length)) {
      groups.push({ persons: [p], area: Math.max(9, half(sizeOf(u.level, p.level_code) * (0.86 + rng.next() * 0.14))), departmentId: p.department_id });
    }
    // The rest by department and size: 2–4 to a room.
    const buckets = new Map<string, PersonRow[]>();
    for (const p of staff) {
      const k = `${p.department_id ?? 0}|${sizeOf(u.level, p.level_code)}|${p.rank_code === null ? 'n' : 'r'}`;
      buckets.set(k, [...(buckets.get(k) ?? []), p]);
    }
    for (const list of buckets.values()) {
      const size = sizeOf(u.level, list[0]!.level_code);
      for (let i = 0; i < list.length; ) {
        let n = size > 9 ? 2 : rng.weighted([2, 3, 4], [3, 5, 2]);
        if (list.length - i - n === 1 && n < 4) n++;
        const ps = list.slice(i, i + n);
        i += ps.length;
        groups.push({ persons: ps, area: Math.max(9, half(ps.length * size * (0.88 + rng.next() * 0.11))), departmentId: ps[0]!.department_id });
      }
    }
    return groups;
  }

  // ---------------------------------------------------------------- rooms, floor by floor
  const rooms: RoomPlan[] = [];
  const occupancies: OccupancyPlan[] = [];
  const floorsOf = new Map<string, number>(); // `${compound}|${building}` → floors above
  let key = 0;

  for (const c of COMPOUNDS) {
    const owner = unit(c.owner);
    for (const b of c.buildings) {
      const bk = `${c.code}|${b.code}`;
      const seq = new Map<number, number>();
      const add = (floor: number, area: number, use: string, unitId: number | null, o: Partial<RoomPlan> = {}) => {
        const n = (seq.get(floor) ?? 0) + 1;
        seq.set(floor, n);
        const roomNo = floor < 0 ? `B${-floor}${String(n).padStart(2, '0')}` : `${floor}${String(n).padStart(2, '0')}`;
        const r: RoomPlan = {
          key: key++, compoundCode: c.code, buildingCode: b.code, floor, roomNo, area: half(area), designedUse: use, currentUse: use,
          unitId, departmentId: null, status: unitId === null ? 'idle' : 'in_use', ...o,
        };
        rooms.push(r);
        return r;
      };
      const ownerId = owner.id;
      if (b.floorsBelow) {
        add(-1, 85 + rng.int(0, 30), 'power', ownerId);
        add(-1, 60 + rng.int(0, 20), 'pump', ownerId);
        add(-1, 90 + rng.int(0, 40), 'hvac', ownerId);
        if (!b.annex) {
          add(-1, 36 + rng.int(0, 12), 'network', ownerId);
          add(-1, 40 + rng.int(0, 20), 'storage', ownerId);
          add(-1, 320 + rng.int(0, 120), 'civil_defense', ownerId);
        }
      }
      if (b.annex) {
        add(1, 430 + rng.int(0, 60), 'canteen', ownerId);
        add(1, 24, 'guard', ownerId);
        add(1, 18, 'toilet', ownerId);
        add(1, 18, 'toilet', ownerId);
        add(2, 300 + rng.int(0, 60), 'canteen', ownerId);
        add(2, 60, 'reception', ownerId);
        add(2, 16, 'toilet', ownerId);
        if (b.floorsBelow) {
          add(-1, 1_150 + rng.int(0, 200), 'garage', ownerId);
          add(-1, 110 + rng.int(0, 30), 'boiler', ownerId);
        }
        floorsOf.set(bk, 2);
        continue;
      }

      let floor = 1;
      let used = 0;
      const openFloor = () => {
        used = 0;
        for (const a of [16 + rng.int(0, 6), 16 + rng.int(0, 6)]) used += add(floor, a, 'toilet', ownerId).area;
        used += add(floor, 8 + rng.int(0, 4), 'tea', ownerId).area;
      };
      const place = (area: number, use: string, unitId: number | null, o: Partial<RoomPlan> = {}) => {
        if (used + area > b.floorArea) {
          floor++;
          openFloor();
        }
        const r = add(floor, area, use, unitId, o);
        used += r.area;
        return r;
      };
      openFloor();
      if (c.buildings.indexOf(b) === 0) {
        used += add(1, 15, 'mail', ownerId).area;
        used += add(1, 18, 'duty', ownerId).area;
        used += add(1, 40 + rng.int(0, 16), 'reception', ownerId).area;
      }
      b.tenants.forEach((name, ti) => {
        const u = unit(name);
        const groups = officeGroups(u);
        const headcount = groups.reduce((s, g) => s + g.persons.length, 0);
        for (const g of groups) {
          const r = place(g.area, g.designedUse ?? 'office', u.id, { currentUse: 'office', departmentId: g.departmentId });
          for (const p of g.persons) {
            const earliest = Math.max(b.year + 1, 2010);
            const y = rng.int(earliest, 2024);
            occupancies.push({ roomKey: r.key, personId: p.id, from: iso(y, rng.int(1, 12), rng.int(1, 28)), to: null, note: null });
          }
        }
        // The unit's own service rooms.
        place(Math.min(90, 30 + headcount), 'meeting', u.id);
        place(18 + rng.int(0, 16), 'archive', u.id);
        if (headcount >= 20) place(14 + rng.int(0, 4), 'printing', u.id);
        if (headcount >= 30) place(24 + rng.int(0, 8), 'computer', u.id);
        if (b.idleAfter?.tenant === ti) for (const a of b.idleAfter.rooms) place(a, 'office', null);
      });
      // A large meeting room on the top floor, for the whole building.
      floor++;
      openFloor();
      add(floor, 160 + rng.int(0, 60), 'meeting', ownerId);
      add(floor, 30, 'storage', ownerId);
      floorsOf.set(bk, floor);
    }
  }

  // ---------------------------------------------------------------- history: a few persons moved rooms
  // Promoted staff: from a shared room of their unit to their own office.
  const byKey = new Map(rooms.map((r) => [r.key, r]));
  const occByPerson = new Map(occupancies.map((o) => [o.personId, o]));
  const roomOcc = new Map<number, OccupancyPlan[]>();
  for (const o of occupancies) roomOcc.set(o.roomKey, [...(roomOcc.get(o.roomKey) ?? []), o]);
  for (const name of ['山东省教育厅', '山东省机关事务管理局', '济南市机关事务管理局', '青岛市机关事务管理局', '潍坊市机关事务管理局']) {
    const u = unit(name);
    const mover = (personsOf.get(u.id) ?? []).find((p) => p.rank_code === 'post_chu_fu' || p.rank_code === 'post_ke_zheng' || p.rank_code === 'post_chu_zheng');
    const shared = [...roomOcc.entries()].find(([k, list]) => list.length >= 2 && byKey.get(k)!.unitId === u.id && byKey.get(k)!.currentUse === 'office');
    const cur = mover && occByPerson.get(mover.id);
    if (!mover || !shared || !cur || roomOcc.get(cur.roomKey)!.length !== 1) continue;
    const movedOn = iso(rng.int(2021, 2024), rng.int(1, 12), 1);
    cur.from = movedOn;
    occupancies.push({ roomKey: shared[0], personId: mover.id, from: iso(rng.int(2013, 2019), rng.int(1, 12), 1), to: movedOn, note: '晋升后调整至单人办公室' });
    special.movers.push({ personId: mover.id, unitId: u.id });
  }

  // The retired staff member: an ordinary 科员 of the unit, still in the shared room.
  const retiredUnit = unit(DEMO_FINDINGS.retired.unit);
  const retired = [...(personsOf.get(retiredUnit.id) ?? [])].reverse().find((p) => p.level_code !== null && sizeOf(retiredUnit.level, p.level_code) === 9);
  if (retired) {
    special.retiredPersonId = retired.id;
    findings.push({ kind: 'estate.vacate-overdue', subject: `${retiredUnit.name} ${retired.name}（三个月前退休，仍占用办公室）` });
  }

  // ---------------------------------------------------------------- write
  const structures = new Map(
    (await db.selectFrom('estate_structure').select(['code', 'depreciation_years']).execute()).map((s) => [s.code, s.depreciation_years]),
  );
  const roomsIn = (compound: string, building: string) => rooms.filter((r) => r.compoundCode === compound && r.buildingCode === building);

  const summary = await db.transaction().execute(async (tx) => {
    const compoundIds = new Map<string, number>();
    for (const row of await tx
      .insertInto('estate_compound')
      .values(COMPOUNDS.map((c) => ({
        code: c.code, name: c.name, address: c.address, region_code: c.region, owner_unit_id: unit(c.owner).id,
        lng: c.lng, lat: c.lat, land_area: c.landArea, land_cert_no: c.landCert,
      })))
      .returning(['id', 'code'])
      .execute()) compoundIds.set(row.code, row.id);

    const buildingRows = COMPOUNDS.flatMap((c) => c.buildings.map((b) => {
      const roomArea = roomsIn(c.code, b.code).reduce((s, r) => s + r.area, 0);
      const usable = Math.round(roomArea / (0.8 + rng.next() * 0.08));
      const gross = Math.round(usable / (0.7 + rng.next() * 0.06));
      return { c, b, usable, gross, value: Math.round(gross * c.costPerM2 * (b.year < 2000 ? 0.8 : 1)) };
    }));
    const buildingIds = new Map<string, number>();
    for (const row of await tx
      .insertInto('estate_building')
      .values(buildingRows.map(({ c, b, usable, gross, value }) => ({
        compound_id: compoundIds.get(c.code)!, code: b.code, name: b.name, structure_code: b.structure, build_year: b.year,
        floors_above: floorsOf.get(`${c.code}|${b.code}`)!, floors_below: b.floorsBelow, gross_area: gross, usable_area: usable,
        cert_no: b.cert, book_value: value,
      })))
      .returning(['id', 'compound_id', 'code'])
      .execute()) buildingIds.set(`${row.compound_id}|${row.code}`, row.id);
    const bid = (compound: string, building: string) => buildingIds.get(`${compoundIds.get(compound)!}|${building}`)!;

    const floorKeys = [...new Set(rooms.map((r) => `${r.compoundCode}|${r.buildingCode}|${r.floor}`))];
    const floorIds = new Map<string, number>();
    for (const row of await tx
      .insertInto('estate_floor')
      .values(floorKeys.map((k) => {
        const [c, b, f] = k.split('|') as [string, string, string];
        return { building_id: bid(c, b), floor_no: Number(f) };
      }))
      .returning(['id', 'building_id', 'floor_no'])
      .execute()) floorIds.set(`${row.building_id}|${row.floor_no}`, row.id);

    const roomIds = new Map<number, number>();
    const keyOf = new Map(rooms.map((r) => [`${bid(r.compoundCode, r.buildingCode)}|${r.roomNo}`, r.key]));
    for (const row of await tx
      .insertInto('estate_room')
      .values(rooms.map((r) => {
        const b = bid(r.compoundCode, r.buildingCode);
        return {
          floor_id: floorIds.get(`${b}|${r.floor}`)!, building_id: b, compound_id: compoundIds.get(r.compoundCode)!,
          room_no: r.roomNo, gross_area: half(r.area * 1.12), usable_area: r.area, designed_use: r.designedUse, current_use: r.currentUse,
          unit_id: r.unitId, department_id: r.departmentId, status: r.status,
        };
      }))
      .returning(['id', 'building_id', 'room_no'])
      .execute()) roomIds.set(keyOf.get(`${row.building_id}|${row.room_no}`)!, row.id);

    await tx
      .insertInto('estate_occupancy')
      .values(occupancies.map((o) => ({
        room_id: roomIds.get(o.roomKey)!, person_id: o.personId,
        during: sql<string>`daterange(${o.from}::date, ${o.to}::date)`, note: o.note,
      })))
      .execute();

    if (special.retiredPersonId) {
      await tx
        .updateTable('person')
        .set({ status: 'retired', status_since: sql`current_date - interval '3 months'` })
        .where('id', '=', special.retiredPersonId)
        .execute();
    }

    // Approved (核定) office areas: by the standard for the unit's staff, a margin for growth; one unit below its use.
    const officeArea = new Map<number, number>();
    for (const r of rooms) if (r.unitId !== null && r.currentUse === 'office') officeArea.set(r.unitId, (officeArea.get(r.unitId) ?? 0) + r.area);
    const quotas = [...units.values()]
      .filter((u) => !NO_QUOTA.has(u.name) && officeArea.has(u.id))
      .map((u) => {
        const std = (personsOf.get(u.id) ?? []).reduce((s, p) => s + sizeOf(u.level, p.level_code), 0);
        let approved = Math.ceil((Math.max(std, officeArea.get(u.id)!) * (1.06 + rng.next() * 0.12)) / 10) * 10;
        if (u.name === DEMO_FINDINGS.overQuota.unit) {
          approved = Math.floor((officeArea.get(u.id)! * DEMO_FINDINGS.overQuota.factor) / 10) * 10;
          findings.push({ kind: 'estate.unit-over-quota', subject: `${u.name}（办公室用房 ${officeArea.get(u.id)!.toFixed(1)} m²，核定 ${approved} m²）` });
        }
        return {
          unit_id: u.id, approved_office_area: approved, approved_headcount: u.staffing_quota ?? (personsOf.get(u.id) ?? []).length,
          basis: QUOTA_BASIS[u.level], approved_on: u.level === 'province' ? '2019-08-15' : u.level === 'city' ? '2020-06-30' : '2021-04-20',
        };
      });
    if (quotas.length) await tx.insertInto('estate_unit_quota').values(quotas).execute();

    // Asset cards: land and buildings of the compounds that carry them, each with its registration event.
    const cards: {
      card_no: string; kind: 'land' | 'building'; class_code: string; name: string; compound_id: number; building_id: number | null;
      unit_id: number; acquisition_method: 'build' | 'other'; acquired_on: string; original_value: number; area: number;
      structure_code: string | null; depreciation_years: number | null; cert_no: string;
    }[] = [];
    for (const c of COMPOUNDS) {
      const ownerId = unit(c.owner).id;
      if (c.landCard) {
        cards.push({
          card_no: c.landCard.no, kind: 'land', class_code: '1010100', name: `${c.name}土地使用权`, compound_id: compoundIds.get(c.code)!,
          building_id: null, unit_id: ownerId, acquisition_method: 'other', acquired_on: c.landCard.acquired,
          original_value: c.landCard.value, area: c.landArea, structure_code: null, depreciation_years: null, cert_no: c.landCert,
        });
      }
      for (const br of buildingRows.filter((x) => x.c === c && x.b.card)) {
        cards.push({
          card_no: br.b.card!.no, kind: 'building', class_code: br.b.card!.classCode, name: `${c.name.replace(/（.*）$/, '')}${br.b.name}`,
          compound_id: compoundIds.get(c.code)!, building_id: bid(c.code, br.b.code), unit_id: ownerId, acquisition_method: 'build',
          acquired_on: `${br.b.year}-12-28`, original_value: br.value, area: br.gross, structure_code: br.b.structure,
          depreciation_years: structures.get(br.b.structure) ?? null, cert_no: br.b.cert,
        });
      }
    }
    if (cards.length) {
      const made = await tx.insertInto('asset_card').values(cards).returning(['id', 'card_no', 'acquired_on']).execute();
      const byNo = new Map(cards.map((c) => [c.card_no, c]));
      await tx
        .insertInto('asset_event')
        .values(made.map((m) => {
          const c = byNo.get(m.card_no)!;
          return {
            card_id: m.id, kind: 'register', phase: 'recorded', summary: `登记入账：${c.name}`,
            detail: JSON.stringify({ cardNo: c.card_no, originalValue: c.original_value, acquisitionMethod: c.acquisition_method }),
            at: sql<Date>`${c.acquired_on}::date + time '10:00'`,
          };
        }))
        .execute();
    }

    return {
      compounds: COMPOUNDS.length,
      buildings: buildingRows.length,
      rooms: rooms.length,
      idleRooms: rooms.filter((r) => r.status === 'idle').length,
      occupancies: occupancies.length,
      quotas: quotas.length,
      cards: cards.length,
      findings,
    };
  });
  return summary;
}
