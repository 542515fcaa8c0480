/**
 * Demo official vehicles (公务用车): ~100 cars over the province — most at 山东省机关公务用车服务中心 (the unit of the
 * demo `driver` and `fleet` accounts), a few at provincial departments and the bureau, and the car service centres of
 * 济南, 青岛, 淄博 and 潍坊 — with their quotas, drivers, insurance and inspections, the designated providers (三定点)
 * and six months of costs, two months of requests, dispatches and trips, a couple of rentals, 2026 budgets, and for
 * today a few approved requests waiting for a car plus one task assigned to the demo driver.
 *
 * A handful of true findings are planted on purpose (see FLEET_DEMO_FINDINGS); everything else is within the rules.
 * Requests are historical (status completed, no approval instance): they stand for requests approved before the
 * system. Runs after the demo accounts exist (requests and dispatches name their users). Deterministic for a given
 * random source and day: units by name, persons and users in id order.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { chinaDay, workingDaysBetween } from '../../platform/calendar/calendar.service.js';
import { DEFAULT_SEED, mulberry32, Rng, type Random } from '../../seed/prng.js';

type Category = 'confidential' | 'emergency' | 'law_enforcement' | 'special' | 'general';
type Energy = 'petrol' | 'diesel' | 'hybrid' | 'phev' | 'bev' | 'fcev';

export interface Model {
  brand: string;
  model: string;
  category: Category;
  energy: Energy;
  displacement: number | null;
  price: number;
  seats: number;
  /** World manufacturer identifier, the first three characters of the VIN. */
  wmi: string;
  /** Litres (or kWh) per 100 km. */
  consumption: number;
}

/** Models and list prices as sold to government buyers; all within their category's caps except CAMRY. */
export const FLEET_MODELS = {
  H5: { brand: '红旗', model: 'H5 1.5T 智联旗畅版', category: 'general', energy: 'petrol', displacement: 1.5, price: 159_800, seats: 5, wmi: 'LFP', consumption: 7.8 },
  EQM5: { brand: '红旗', model: 'E-QM5 纯电 豪华版', category: 'general', energy: 'bev', displacement: null, price: 169_800, seats: 5, wmi: 'LFP', consumption: 15.2 },
  HAN: { brand: '比亚迪', model: '汉 EV 创世版', category: 'general', energy: 'bev', displacement: null, price: 179_800, seats: 5, wmi: 'LGX', consumption: 14.6 },
  QIN_DMI: { brand: '比亚迪', model: '秦PLUS DM-i 55KM 领先型', category: 'confidential', energy: 'phev', displacement: 1.5, price: 115_800, seats: 5, wmi: 'LGX', consumption: 4.6 },
  QIN_EV: { brand: '比亚迪', model: '秦PLUS EV 出行版', category: 'confidential', energy: 'bev', displacement: null, price: 119_800, seats: 5, wmi: 'LGX', consumption: 12.9 },
  PASSAT: { brand: '大众', model: '帕萨特 280TSI 商务版', category: 'general', energy: 'petrol', displacement: 1.4, price: 178_900, seats: 5, wmi: 'LSV', consumption: 7.4 },
  LAVIDA: { brand: '大众', model: '朗逸 1.5L 自动舒适版', category: 'confidential', energy: 'petrol', displacement: 1.5, price: 113_900, seats: 5, wmi: 'LSV', consumption: 6.6 },
  COROLLA: { brand: '丰田', model: '卡罗拉 双擎 1.8L 精英版', category: 'general', energy: 'hybrid', displacement: 1.8, price: 139_800, seats: 5, wmi: 'LFM', consumption: 4.9 },
  CAMRY: { brand: '丰田', model: '凯美瑞 2.0G 豪华版', category: 'general', energy: 'petrol', displacement: 2.0, price: 199_800, seats: 5, wmi: 'LVG', consumption: 8.1 },
  CS75: { brand: '长安', model: 'CS75 PLUS 1.5T 自动豪华型', category: 'emergency', energy: 'petrol', displacement: 1.5, price: 126_900, seats: 5, wmi: 'LS5', consumption: 8.3 },
  H6: { brand: '哈弗', model: 'H6 1.5T 自动精英型', category: 'law_enforcement', energy: 'petrol', displacement: 1.5, price: 118_000, seats: 5, wmi: 'LGW', consumption: 8.5 },
  GL8: { brand: '别克', model: 'GL8 ES陆尊 653T 舒适型', category: 'special', energy: 'petrol', displacement: 2.0, price: 229_900, seats: 7, wmi: 'LSG', consumption: 9.6 },
  TRANSIT: { brand: '江铃福特', model: '全顺 2.2T 柴油 应急监测车', category: 'special', energy: 'diesel', displacement: 2.2, price: 196_000, seats: 9, wmi: 'LJX', consumption: 9.9 },
} satisfies Record<string, Model>;
const M = FLEET_MODELS;
type ModelKey = keyof typeof FLEET_MODELS;

interface FleetSpec {
  unit: string;
  city: '37' | '3701' | '3702' | '3703' | '3707';
  /** Plate letters of the city (鲁A 济南; 鲁B/鲁U 青岛; 鲁C 淄博; 鲁G/鲁V 潍坊). */
  letters: string[];
  cars: [ModelKey, number][];
}

const FLEETS: FleetSpec[] = [
  {
    unit: '山东省机关公务用车服务中心', city: '37', letters: ['A'],
    cars: [['H5', 14], ['HAN', 8], ['EQM5', 6], ['PASSAT', 8], ['COROLLA', 6], ['QIN_DMI', 4], ['LAVIDA', 2], ['GL8', 4]],
  },
  { unit: '山东省机关事务管理局', city: '37', letters: ['A'], cars: [['H5', 1], ['HAN', 1]] },
  { unit: '山东省教育厅', city: '37', letters: ['A'], cars: [['H5', 1], ['QIN_DMI', 1], ['CAMRY', 1]] },
  { unit: '山东省财政厅', city: '37', letters: ['A'], cars: [['PASSAT', 1], ['QIN_EV', 1]] },
  { unit: '山东省应急管理厅', city: '37', letters: ['A'], cars: [['CS75', 2], ['TRANSIT', 1]] },
  { unit: '山东省公安厅', city: '37', letters: ['A'], cars: [['H6', 3]] },
  { unit: '山东省自然资源厅', city: '37', letters: ['A'], cars: [['CS75', 1], ['COROLLA', 1]] },
  { unit: '济南市机关公务用车服务中心', city: '3701', letters: ['A'], cars: [['H5', 4], ['HAN', 3], ['COROLLA', 2], ['QIN_DMI', 1]] },
  { unit: '济南市机关事务管理局', city: '3701', letters: ['A'], cars: [['EQM5', 1], ['LAVIDA', 1]] },
  { unit: '青岛市机关公务用车服务中心', city: '3702', letters: ['B', 'U'], cars: [['H5', 3], ['HAN', 3], ['PASSAT', 2], ['CS75', 1], ['GL8', 1]] },
  { unit: '青岛市机关事务管理局', city: '3702', letters: ['B'], cars: [['QIN_EV', 1], ['COROLLA', 1]] },
  { unit: '淄博市机关公务用车服务中心', city: '3703', letters: ['C'], cars: [['H5', 2], ['QIN_DMI', 2], ['CS75', 1], ['LAVIDA', 1]] },
  { unit: '潍坊市机关公务用车服务中心', city: '3707', letters: ['G', 'V'], cars: [['H5', 2], ['HAN', 2], ['COROLLA', 1], ['CS75', 1]] },
];

/** The findings planted on purpose. */
export const FLEET_DEMO_FINDINGS = {
  /** A 一般公务用车 over the price (¥180,000) and displacement (1.8 L) caps — in the demo `unit` account's unit. */
  overCap: { unit: '山东省教育厅', model: 'CAMRY' },
  /** A unit holding more 一般公务用车 than its quota (编制). */
  overQuota: { unit: '济南市机关公务用车服务中心', category: 'general' },
  /** A car registered 12 working days ago without a Beidou terminal (due within 10 working days). */
  noTerminal: { unit: '山东省机关公务用车服务中心' },
  /** A compulsory insurance policy ending within 30 days. */
  insuranceExpiring: { unit: '青岛市机关公务用车服务中心', days: 12 },
  /** An annual inspection that lapsed last week. */
  inspectionOverdue: { unit: '淄博市机关公务用车服务中心' },
  /** Refuels at a station that is not designated (京博 港沟). */
  nonDesignatedFuel: { provider: 'JB-JN-0301' },
  /** Repairs at a shop after its contract ended (2026-06-30). */
  expiredContract: { provider: 'REPAIR-JN-002' },
  /** An emergency dispatch entered 30 hours after the car left (limit 24 h). */
  lateEmergency: { unit: '山东省机关公务用车服务中心' },
} as const;

interface ProviderSpec {
  kind: 'fuel' | 'repair' | 'insurance';
  code: string;
  name: string;
  region: string;
  address: string;
  lng?: number;
  lat?: number;
  contract?: [string, string, string];
  designated?: boolean;
  /** Cities it serves (for picking by the car's city). */
  serves: string[];
  charging?: boolean;
}

const PROVIDERS: ProviderSpec[] = [
  { kind: 'fuel', code: 'SINOPEC-JN-0101', name: '中国石化济南经十路加油站', region: '370102', address: '山东省济南市历下区经十路11566号', lng: 117.116_7, lat: 36.662_9, contract: ['鲁管车〔2026〕定点加油001号', '2026-01-01', '2026-12-31'], serves: ['37', '3701'] },
  { kind: 'fuel', code: 'SINOPEC-JN-0102', name: '中国石化济南二环东路加油站', region: '370112', address: '山东省济南市历城区二环东路3966号', lng: 117.087_1, lat: 36.684_7, contract: ['鲁管车〔2026〕定点加油002号', '2026-01-01', '2026-12-31'], serves: ['37', '3701'] },
  { kind: 'fuel', code: 'CNPC-JN-0201', name: '中国石油济南舜耕路加油站', region: '370103', address: '山东省济南市市中区舜耕路28号', lng: 117.024_5, lat: 36.636_5, contract: ['鲁管车〔2026〕定点加油003号', '2026-01-01', '2026-12-31'], serves: ['37', '3701'] },
  { kind: 'fuel', code: 'SGCC-JN-EV01', name: '国网山东电动汽车服务公司省府前街充电站', region: '370102', address: '山东省济南市历下区省府前街1号附属楼地下车库', lng: 117.025_0, lat: 36.669_0, contract: ['鲁管车〔2026〕定点充电001号', '2026-01-01', '2026-12-31'], serves: ['37', '3701'], charging: true },
  { kind: 'fuel', code: 'SINOPEC-QD-0101', name: '中国石化青岛香港中路加油站', region: '370202', address: '山东省青岛市市南区香港中路88号', lng: 120.396_0, lat: 36.064_0, contract: ['青管车〔2026〕定点加油001号', '2026-01-01', '2026-12-31'], serves: ['3702'] },
  { kind: 'fuel', code: 'CNPC-QD-0201', name: '中国石油青岛山东路加油站', region: '370203', address: '山东省青岛市市北区山东路168号', lng: 120.382_0, lat: 36.085_0, contract: ['青管车〔2026〕定点加油002号', '2026-01-01', '2026-12-31'], serves: ['3702'] },
  { kind: 'fuel', code: 'SGCC-QD-EV01', name: '国网青岛供电公司市南充电站', region: '370202', address: '山东省青岛市市南区东海西路15号', lng: 120.389_0, lat: 36.058_0, contract: ['青管车〔2026〕定点充电001号', '2026-01-01', '2026-12-31'], serves: ['3702'], charging: true },
  { kind: 'fuel', code: 'SINOPEC-ZB-0101', name: '中国石化淄博人民西路加油站', region: '370303', address: '山东省淄博市张店区人民西路56号', lng: 118.040_0, lat: 36.813_0, contract: ['淄管车〔2026〕定点加油001号', '2026-01-01', '2026-12-31'], serves: ['3703'] },
  { kind: 'fuel', code: 'CNPC-WF-0201', name: '中国石油潍坊东风东街加油站', region: '370705', address: '山东省潍坊市奎文区东风东街5088号', lng: 119.170_0, lat: 36.708_0, contract: ['潍管车〔2026〕定点加油001号', '2026-01-01', '2026-12-31'], serves: ['3707'] },
  { kind: 'fuel', code: 'SGCC-WF-EV01', name: '国网潍坊供电公司奎文充电站', region: '370705', address: '山东省潍坊市奎文区北海路399号', lng: 119.180_0, lat: 36.716_0, contract: ['潍管车〔2026〕定点充电001号', '2026-01-01', '2026-12-31'], serves: ['3707', '3703'], charging: true },
  // Known to the platform (cars were seen refuelling there) but not designated.
  { kind: 'fuel', code: 'JB-JN-0301', name: '京博石油济南港沟加油站', region: '370112', address: '山东省济南市历城区港沟街道港西路', lng: 117.220_0, lat: 36.690_0, designated: false, serves: [] },
  { kind: 'repair', code: 'REPAIR-JN-001', name: '山东安驰汽车服务有限公司（省直公务车辆定点维修中心）', region: '370104', address: '山东省济南市槐荫区经十路22799号', lng: 116.930_0, lat: 36.651_0, contract: ['鲁管车〔2026〕定点维修001号', '2026-01-01', '2026-12-31'], serves: ['37', '3701'] },
  { kind: 'repair', code: 'REPAIR-JN-002', name: '济南鲁通一汽-大众特约维修站', region: '370112', address: '山东省济南市历城区工业北路188号', lng: 117.105_0, lat: 36.700_0, contract: ['鲁管车〔2025〕定点维修004号', '2025-07-01', '2026-06-30'], serves: ['37', '3701'] },
  { kind: 'repair', code: 'REPAIR-QD-001', name: '青岛交运汽车维修服务有限公司', region: '370203', address: '山东省青岛市市北区重庆南路99号', lng: 120.374_0, lat: 36.101_0, contract: ['青管车〔2026〕定点维修001号', '2026-01-01', '2026-12-31'], serves: ['3702'] },
  { kind: 'repair', code: 'REPAIR-ZB-001', name: '淄博公交汽车修理有限公司', region: '370303', address: '山东省淄博市张店区华光路210号', lng: 118.060_0, lat: 36.800_0, contract: ['淄管车〔2026〕定点维修001号', '2026-01-01', '2026-12-31'], serves: ['3703'] },
  { kind: 'repair', code: 'REPAIR-WF-001', name: '潍坊恒信汽车维修服务有限公司', region: '370705', address: '山东省潍坊市奎文区新华路3006号', lng: 119.140_0, lat: 36.720_0, contract: ['潍管车〔2026〕定点维修001号', '2026-01-01', '2026-12-31'], serves: ['3707'] },
  { kind: 'insurance', code: 'PICC-SD', name: '中国人民财产保险股份有限公司山东省分公司', region: '370102', address: '山东省济南市历下区经十路13777号', contract: ['鲁管车〔2026〕定点保险001号', '2026-01-01', '2026-12-31'], serves: ['37', '3701', '3703'] },
  { kind: 'insurance', code: 'PINGAN-QD', name: '中国平安财产保险股份有限公司青岛分公司', region: '370202', address: '山东省青岛市市南区香港中路10号', contract: ['青管车〔2026〕定点保险001号', '2026-01-01', '2026-12-31'], serves: ['3702'] },
  { kind: 'insurance', code: 'CPIC-SD', name: '中国太平洋财产保险股份有限公司山东分公司', region: '370102', address: '山东省济南市历下区泺源大街150号', contract: ['鲁管车〔2026〕定点保险002号', '2026-01-01', '2026-12-31'], serves: ['3707'] },
];

const CITY_NAME: Record<string, string> = { '37': '济南市', '3701': '济南市', '3702': '青岛市', '3703': '淄博市', '3707': '潍坊市' };
const CITY_ORIGIN: Record<string, string> = {
  '37': '省府大院（省府前街1号）',
  '3701': '龙奥大厦（龙奥北路1号）',
  '3702': '青岛市级机关办公区（香港中路11号）',
  '3703': '淄博市级机关办公区（人民西路2号）',
  '3707': '潍坊市级机关办公区（东风东街6396号）',
};
const NEAR: Record<string, string[]> = {
  '37': ['省财政厅', '省教育厅', '省自然资源厅', '济南西站', '济南遥墙国际机场', '山东大学中心校区', '省立医院', '省会议中心', '历城区人民政府', '长清区大学城'],
  '3701': ['济南市历下区人民政府', '济南市市中区人民政府', '济南西站', '济南东站', '济南市政务服务中心', '槐荫区人民政府'],
  '3702': ['青岛市市北区人民政府', '青岛北站', '青岛胶东国际机场', '崂山区人民政府', '青岛西海岸新区管委'],
  '3703': ['张店区人民政府', '淄川区人民政府', '淄博北站', '周村区人民政府'],
  '3707': ['奎文区人民政府', '潍城区人民政府', '潍坊北站', '寒亭区人民政府'],
};
const FAR: Record<string, string[]> = {
  '37': ['泰安市', '淄博市', '德州市', '聊城市', '潍坊市', '青岛市', '临沂市', '济宁市', '滨州市'],
  '3701': ['平阴县', '商河县', '章丘区', '莱芜区', '济阳区'],
  '3702': ['平度市', '莱西市', '胶州市', '即墨区'],
  '3703': ['沂源县', '高青县', '桓台县', '博山区'],
  '3707': ['诸城市', '青州市', '寿光市', '高密市'],
};
const PURPOSES_NEAR = ['送达机要文件', '参加专题会议', '陪同领导调研', '接送参会人员', '赴政务服务中心办理业务', '财务票据报送', '检查节能工作', '参加项目评审', '走访联系单位', '接待来访人员'];
const PURPOSES_FAR = ['赴{d}开展专项督查', '赴{d}调研', '赴{d}参加现场会', '赴{d}检查安全生产', '赴{d}开展项目验收', '陪同考察组赴{d}'];

interface Vehicle {
  id: number;
  plate: string;
  model: Model;
  unitId: number;
  unitName: string;
  city: string;
  status: 'in_use' | 'repair' | 'sealed' | 'pending_disposal' | 'disposed';
  acquired: string;
  odo: number;
  dailyKm: number;
  fuelDow: number;
  sinceFuel: number;
}

interface Tx {
  vehicle_id: number;
  category: 'fuel' | 'repair' | 'insurance' | 'toll' | 'parking' | 'other';
  amount: number;
  occurred_at: Date;
  source: 'api' | 'excel';
  partner_code: string;
  partner_tx_id: string;
  provider_id: number | null;
  designated: boolean;
  quantity: number | null;
  odometer_km: number | null;
  place: string | null;
  note: string | null;
}

export interface FleetDemoSummary {
  vehicles: number;
  drivers: number;
  providers: number;
  transactions: number;
  requests: number;
  dispatches: number;
  trips: number;
  rentals: number;
  todayWaiting: number;
  findings: { kind: string; subject: string }[];
  ms: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
/** A Beijing wall-clock time on a day, minutes after midnight. */
const at = (day: string, minutes: number) => new Date(`${day}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00+08:00`);
const range = (a: Date, b: Date) => `[${a.toISOString()},${b.toISOString()})`;
const round2 = (x: number) => Math.round(x * 100) / 100;
const round1 = (x: number) => Math.round(x * 10) / 10;
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Batched multi-row insert (PostgreSQL allows 65,535 bind parameters per statement). */
async function insertRows<T extends keyof DB>(tx: Kysely<DB>, table: T, rows: Record<string, unknown>[], batch = 500) {
  for (let i = 0; i < rows.length; i += batch) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await tx.insertInto(table).values(rows.slice(i, i + batch) as any).execute();
  }
}

export async function seedFleetDemo(db: Kysely<DB>, opts: { random?: Random; now?: Date } = {}): Promise<FleetDemoSummary> {
  const t0 = performance.now();
  const rng = new Rng(opts.random ?? mulberry32(DEFAULT_SEED ^ 0x0f1e_e700));
  const now = opts.now ?? new Date();
  const today = chinaDay(now);
  const existing = await db.selectFrom('fleet_provider').select('id').where('code', '=', PROVIDERS[0]!.code).executeTakeFirst();
  if (existing) throw new Error('fleet demo data already present');

  // ---------------------------------------------------------------- units, drivers' persons, users
  const names = FLEETS.map((f) => f.unit);
  const unitRows = await db.selectFrom('org').select(['id', 'name']).where('kind', '=', 'unit').where('name', 'in', names).orderBy('id').execute();
  const unitIds = new Map<string, number>();
  for (const u of unitRows) if (!unitIds.has(u.name)) unitIds.set(u.name, u.id);
  const missing = names.filter((n) => !unitIds.has(n));
  if (missing.length) throw new Error(`fleet demo: units missing from the seed: ${missing.join('、')}`);

  const users = new Map(
    (await db.selectFrom('app_user').select(['id', 'username', 'person_id', 'unit_id']).where('username', 'in', ['staff', 'unit', 'province', 'jinan', 'qingdao', 'fleet', 'driver']).execute()).map((u) => [u.username, u]),
  );
  const user = (name: string) => {
    const u = users.get(name);
    if (!u) throw new Error(`fleet demo: the demo account ${name} is missing (run after seedDemoAccounts)`);
    return u;
  };
  const demoDriverPerson = user('driver').person_id;
  if (demoDriverPerson === null) throw new Error('fleet demo: the driver account has no person');

  // Drivers: 工勤 staff without a civil-service rank, in id order.
  const driverPersons = await db
    .selectFrom('person')
    .select(['id', 'unit_id'])
    .where('unit_id', 'in', [...unitIds.values()])
    .where('rank_code', 'is', null)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  if (!driverPersons.some((p) => p.id === demoDriverPerson)) throw new Error('fleet demo: the demo driver is not among the drivers');

  const days = await workingDaysBetween(db, addDays(today, -200), addDays(today, 30));
  const working = new Set(days);
  const findings: FleetDemoSummary['findings'] = [];

  return db.transaction().execute(async (tx) => {
    // ---------------------------------------------------------------- providers
    const providerIds = new Map<string, number>();
    for (const row of await tx
      .insertInto('fleet_provider')
      .values(PROVIDERS.map((p) => ({
        kind: p.kind, code: p.code, name: p.name, region_code: p.region, address: p.address, lng: p.lng ?? null, lat: p.lat ?? null,
        contract_no: p.contract?.[0] ?? null, contract_from: p.contract?.[1] ?? null, contract_to: p.contract?.[2] ?? null,
        designated: p.designated ?? true,
      })))
      .returning(['id', 'code'])
      .execute()) providerIds.set(row.code, row.id);
    const providerFor = (kind: ProviderSpec['kind'], city: string, charging = false) =>
      PROVIDERS.filter((p) => p.kind === kind && p.serves.includes(city) && (kind !== 'fuel' || !!p.charging === charging));

    // ---------------------------------------------------------------- vehicles
    const plates = new Set<string>();
    const vins = new Set<string>();
    const phones = new Set<string>();
    const plateFor = (letter: string, energy: Energy) => {
      for (;;) {
        const ne = energy === 'bev' || energy === 'phev';
        const p = ne
          ? `鲁${letter}${energy === 'bev' ? 'D' : 'F'}${pad(rng.int(0, 99_999), 5)}`
          : `鲁${letter}${rng.chance(0.5) ? rng.pick([...PLATE_CHARS]) : String(rng.int(0, 9))}${pad(rng.int(0, 9_999), 4)}`;
        if (!plates.has(p)) {
          plates.add(p);
          return p;
        }
      }
    };
    const vinFor = (wmi: string, year: number) => {
      for (;;) {
        let v = wmi;
        for (let i = 0; i < 5; i++) v += rng.pick([...VIN_CHARS]);
        // check digit, model year (2010 = A … 2025 = S), plant
        v += String(rng.int(0, 9)) + 'ABCDEFGHJKLMNPRSTVWXY'[Math.max(0, year - 2010) % 21]! + rng.pick([...VIN_CHARS]);
        v += pad(rng.int(0, 999_999), 6);
        if (!vins.has(v)) {
          vins.add(v);
          return v;
        }
      }
    };
    const phoneFor = () => {
      for (;;) {
        const p = `0${rng.pick(['13', '14', '15', '17', '18'])}${pad(rng.int(0, 999_999_999), 9)}`;
        if (!phones.has(p)) {
          phones.add(p);
          return p;
        }
      }
    };

    interface Planned { spec: FleetSpec; key: ModelKey; model: Model; plate: string; acquired: string; status: Vehicle['status']; terminal: string | null; installed: string | null }
    const planned: Planned[] = [];
    for (const spec of FLEETS) {
      for (const [key, n] of spec.cars) {
        for (let i = 0; i < n; i++) {
          const model: Model = M[key];
          const year = key === 'H5' || key === 'PASSAT' || key === 'GL8' ? rng.int(2017, 2024) : key === 'HAN' || key === 'EQM5' ? rng.int(2022, 2025) : rng.int(2018, 2025);
          const acquired = `${year}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
          const installed = acquired < '2019-07-01' ? `2019-${pad(rng.int(7, 10))}-${pad(rng.int(1, 28))}` : addDays(acquired, rng.int(2, 12));
          planned.push({ spec, key, model, plate: plateFor(rng.pick(spec.letters), model.energy), acquired, status: 'in_use', terminal: phoneFor(), installed });
        }
      }
    }
    // Planted: the new car without a terminal (registered 12 working days ago), two in repair, one sealed, one old
    // car awaiting disposal and one disposed.
    const centre = planned.filter((p) => p.spec.unit === '山东省机关公务用车服务中心');
    const wdBefore = days.filter((d) => d < today);
    const noTerm = centre.find((p) => p.key === 'HAN')!;
    noTerm.acquired = wdBefore[wdBefore.length - 12]!;
    noTerm.terminal = null;
    noTerm.installed = null;
    findings.push({ kind: 'fleet.terminal-missing', subject: `${noTerm.plate}（${noTerm.spec.unit}，${noTerm.acquired} 登记，未安装北斗终端）` });
    centre.filter((p) => p.key === 'PASSAT').slice(0, 2).forEach((p) => (p.status = 'repair'));
    centre.filter((p) => p.key === 'LAVIDA')[0]!.status = 'sealed';
    const old = centre.filter((p) => p.key === 'H5');
    old[0]!.status = 'pending_disposal';
    old[0]!.acquired = '2013-05-16';
    old[0]!.installed = '2019-08-12';
    old[1]!.status = 'disposed';
    old[1]!.acquired = '2012-09-03';
    old[1]!.terminal = null;
    old[1]!.installed = null;

    const vehicleRows = await tx
      .insertInto('fleet_vehicle')
      .values(planned.map((p) => ({
        plate: p.plate, vin: vinFor(p.model.wmi, Number(p.acquired.slice(0, 4))), brand: p.model.brand, model: p.model.model,
        category_code: p.model.category, energy_type: p.model.energy, displacement_l: p.model.displacement,
        price: p.model.price - rng.int(0, 6) * 1_000, acquired_on: p.acquired, acquisition_method: rng.chance(0.9) ? 'purchase' as const : 'transfer_in' as const,
        unit_id: unitIds.get(p.spec.unit)!, status: p.status, terminal_phone: p.terminal, terminal_installed_on: p.installed,
        seats: p.model.seats,
      })))
      .returning(['id', 'plate', 'price'])
      .execute();
    const idByPlate = new Map(vehicleRows.map((r) => [r.plate, r.id]));
    const camry = planned.find((p) => p.key === 'CAMRY')!;
    findings.push({ kind: 'fleet.over-cap', subject: `${camry.plate}（${camry.spec.unit}，${camry.model.brand} ${camry.model.model}，超一般公务用车 18 万元、1.8 升标准）` });

    const window0 = addDays(today, -183);
    const vehicles: Vehicle[] = planned.map((p) => {
      const ageYears = Math.max(0.05, (Date.parse(window0) - Date.parse(p.acquired)) / (365.25 * 86_400_000));
      const yearly = rng.int(12_000, 24_000);
      return {
        id: idByPlate.get(p.plate)!, plate: p.plate, model: p.model, unitId: unitIds.get(p.spec.unit)!, unitName: p.spec.unit,
        city: p.spec.city, status: p.status, acquired: p.acquired, odo: p.acquired > window0 ? rng.int(5, 30) : round1(ageYears * yearly),
        dailyKm: yearly / 250, fuelDow: rng.int(1, 5), sinceFuel: 0,
      };
    });
    /** Cars in repair were in use until ten days ago. */
    const activeOn = (v: Vehicle, day: string) => v.acquired <= day && (v.status === 'in_use' || (v.status === 'repair' && day < addDays(today, -10)));

    // ---------------------------------------------------------------- quotas (编制): a margin over the cars held; one unit below
    const held = new Map<string, number>();
    for (const v of vehicles) if (v.status !== 'disposed') held.set(`${v.unitId}|${v.model.category}`, (held.get(`${v.unitId}|${v.model.category}`) ?? 0) + 1);
    const quotas = [...held.entries()].map(([k, n]) => {
      const [unitId, category] = k.split('|') as [string, Category];
      const unitName = FLEETS.find((f) => unitIds.get(f.unit) === Number(unitId))!.unit;
      const over = unitName === FLEET_DEMO_FINDINGS.overQuota.unit && category === FLEET_DEMO_FINDINGS.overQuota.category;
      if (over) findings.push({ kind: 'fleet.over-quota', subject: `${unitName}（一般公务用车 ${n} 辆，编制 ${n - 2} 辆）` });
      return {
        unit_id: Number(unitId), category_code: category, quota: over ? n - 2 : n + rng.int(0, 2),
        basis: unitName.startsWith('山东省') ? '山东省党政机关公务用车编制核定通知（鲁管发〔2018〕9号）' : '市党政机关公务用车编制核定通知（2019年）',
      };
    });
    await insertRows(tx, 'fleet_quota', quotas);

    // ---------------------------------------------------------------- drivers
    const licences = new Set<string>();
    const driverRows = await tx
      .insertInto('fleet_driver')
      .values(driverPersons.map((p, i) => {
        let no: string;
        do no = `37${pad(rng.int(0, 9_999), 4)}${rng.int(1965, 1998)}${pad(rng.int(1, 12))}${pad(rng.int(1, 28))}${pad(rng.int(0, 9_999), 4)}`;
        while (licences.has(no));
        licences.add(no);
        return {
          person_id: p.id, unit_id: p.unit_id, licence_no: no, licence_class: p.id === demoDriverPerson ? 'A1' as const : rng.weighted(['A1', 'A2', 'B1', 'B2', 'C1'] as const, [2, 1, 3, 2, 4]),
          // One licence expiring next month (a reminder), the others years away.
          licence_expires_on: i === 3 ? addDays(today, 24) : `${rng.int(2027, 2034)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`,
        };
      }))
      .returning(['id', 'person_id', 'unit_id'])
      .execute();
    const driversOf = new Map<number, { id: number; personId: number }[]>();
    for (const d of driverRows) driversOf.set(d.unit_id, [...(driversOf.get(d.unit_id) ?? []), { id: d.id, personId: d.person_id }]);
    const demoDriverId = driverRows.find((d) => d.person_id === demoDriverPerson)!.id;
    findings.push({ kind: 'fleet.licence-expiring', subject: `驾驶员（人员 ${driverPersons[3]!.id}）驾驶证 ${addDays(today, 24)} 到期` });

    // ---------------------------------------------------------------- insurance and inspections
    const txs: Tx[] = [];
    const txSeq = new Map<string, number>();
    const txId = (code: string, day: string) => {
      const n = (txSeq.get(code) ?? 0) + 1;
      txSeq.set(code, n);
      return `${code.split('-')[0]}${day.replace(/-/g, '')}${pad(n, 6)}`;
    };
    const insurance: Record<string, unknown>[] = [];
    const inspections: Record<string, unknown>[] = [];
    const expiringUnit = FLEET_DEMO_FINDINGS.insuranceExpiring.unit;
    const overdueUnit = FLEET_DEMO_FINDINGS.inspectionOverdue.unit;
    let expiringDone = false;
    let overdueDone = false;
    for (const v of vehicles) {
      if (v.status === 'disposed') continue;
      const insurerSpec = providerFor('insurance', v.city)[0]!;
      let starts = addDays(today, -rng.int(20, 340));
      if (starts < v.acquired) starts = v.acquired;
      if (!expiringDone && v.unitName === expiringUnit) {
        starts = addDays(today, FLEET_DEMO_FINDINGS.insuranceExpiring.days - 364);
        expiringDone = true;
        findings.push({ kind: 'fleet.insurance-expiring', subject: `${v.plate}（${v.unitName}，保险 ${addDays(starts, 364)} 到期）` });
      }
      const premium = round2(950 + (v.model.price * 0.018) + rng.int(0, 600));
      insurance.push({
        vehicle_id: v.id, provider_id: providerIds.get(insurerSpec.code)!, insurer: insurerSpec.name,
        policy_no: `${insurerSpec.code.slice(0, 2)}DAA${starts.slice(0, 4)}${v.city.padEnd(6, '0')}${pad(v.id, 8)}`, starts_on: starts, ends_on: addDays(starts, 364), premium, // ends_on is the last covered day
      });
      if (starts >= window0 && starts < today) {
        txs.push({
          vehicle_id: v.id, category: 'insurance', amount: premium, occurred_at: at(addDays(starts, -2), 10 * 60 + rng.int(0, 300)), source: 'api',
          partner_code: insurerSpec.code, partner_tx_id: txId(insurerSpec.code, starts), provider_id: providerIds.get(insurerSpec.code)!, designated: true,
          quantity: null, odometer_km: null, place: insurerSpec.name, note: '交强险及商业险续保',
        });
      }
      // Cars up to six years old are inspected every two years, older ones every year.
      const older = v.acquired < `${Number(today.slice(0, 4)) - 6}${today.slice(4)}`;
      let inspected = addDays(today, -rng.int(30, older ? 330 : 700));
      if (inspected < v.acquired) inspected = addDays(v.acquired, 1);
      let valid = addDays(inspected, older ? 365 : 730);
      if (valid <= today) valid = addDays(today, rng.int(20, 300));
      if (!overdueDone && v.unitName === overdueUnit && v.acquired < addDays(today, -400)) {
        inspected = addDays(today, -372);
        valid = addDays(today, -7);
        overdueDone = true;
        findings.push({ kind: 'fleet.inspection-expired', subject: `${v.plate}（${v.unitName}，年检 ${valid} 到期未检）` });
      }
      inspections.push({ vehicle_id: v.id, inspected_on: inspected, valid_until: valid, station: `${CITY_NAME[v.city]}机动车安全技术检验站` });
    }
    await insertRows(tx, 'fleet_insurance', insurance);
    await insertRows(tx, 'fleet_inspection', inspections);

    // ---------------------------------------------------------------- requests, dispatches and trips (last ~2 months)
    const requests: Record<string, unknown>[] = [];
    const dispatches: Record<string, unknown>[] = [];
    const trips: Record<string, unknown>[] = [];
    const reqBase = Number((await sql<{ n: number }>`select coalesce(max(id), 0)::int as n from fleet_request`.execute(tx)).rows[0]!.n);
    const dspBase = Number((await sql<{ n: number }>`select coalesce(max(id), 0)::int as n from fleet_dispatch`.execute(tx)).rows[0]!.n);
    let reqId = reqBase;
    let dspId = dspBase;
    const requesters: Record<string, string[]> = { '37': ['staff', 'unit', 'province'], '3701': ['jinan'], '3702': ['qingdao'], '3703': ['province'], '3707': ['province'] };
    const dispatcher: Record<string, string> = { '37': 'fleet', '3701': 'jinan', '3702': 'qingdao', '3703': 'province', '3707': 'province' };

    const tripWindow = addDays(today, -61);
    const groups = FLEETS.map((f) => ({ spec: f, unitId: unitIds.get(f.unit)! }));
    let lateEmergencyDone = false;
    const unitOfRequester = (spec: FleetSpec, username: string) => (spec.city === '37' && spec.unit === '山东省机关公务用车服务中心' ? user(username).unit_id : unitIds.get(spec.unit)!);

    const addFuel = (v: Vehicle, day: string) => {
      if (v.sinceFuel < 20) return;
      const charging = v.model.energy === 'bev';
      let options = providerFor('fuel', v.city, charging);
      if (!options.length) options = providerFor('fuel', v.city, false);
      let spec = rng.pick(options);
      // A few refuels at the non-designated station (济南 cars only).
      if (!charging && (v.city === '37' || v.city === '3701') && rng.chance(0.004)) spec = PROVIDERS.find((p) => p.code === FLEET_DEMO_FINDINGS.nonDesignatedFuel.provider)!;
      const quantity = round2(Math.max(charging ? 8 : 10, (v.sinceFuel * v.model.consumption) / 100));
      const month = Number(day.slice(5, 7));
      const unitPrice = charging ? 1.15 : v.model.energy === 'diesel' ? 7.18 + month * 0.01 : 7.52 + ((month * 7) % 5) * 0.06;
      const designated = spec.designated ?? true;
      txs.push({
        vehicle_id: v.id, category: 'fuel', amount: round2(quantity * unitPrice), occurred_at: at(day, rng.chance(0.5) ? 7 * 60 + 20 + rng.int(0, 30) : 18 * 60 + rng.int(0, 50)),
        source: 'api', partner_code: spec.code, partner_tx_id: txId(spec.code, day), provider_id: providerIds.get(spec.code)!, designated,
        quantity, odometer_km: round1(v.odo), place: spec.name, note: charging ? '充电' : null,
      });
      v.sinceFuel = 0;
    };

    for (let day = window0; day < today; day = addDays(day, 1)) {
      const isWork = working.has(day);
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      if (day < tripWindow) {
        // Before the trip window: only the odometer moves (the costs below follow it).
        if (isWork) for (const v of vehicles) if (activeOn(v, day)) {
          const km = round1(v.dailyKm * (0.3 + rng.next() * 1.4));
          v.odo += km;
          v.sinceFuel += km;
        }
      } else if (isWork) {
        for (const g of groups) {
          const cars = vehicles.filter((v) => v.unitId === g.unitId && activeOn(v, day));
          const drivers = driversOf.get(g.unitId) ?? [];
          const used = { am: new Set<number>(), pm: new Set<number>() };
          const tasks: { driver: number; slot: 'am' | 'pm' | 'full' }[] = [];
          for (const d of drivers) {
            if (!rng.chance(0.85)) continue;
            const pattern = rng.weighted(['am', 'pm', 'both', 'full'] as const, [3, 3, 2.5, 1.5]);
            if (pattern === 'both') tasks.push({ driver: d.id, slot: 'am' }, { driver: d.id, slot: 'pm' });
            else tasks.push({ driver: d.id, slot: pattern });
          }
          tasks.sort((a, b) => (a.slot === 'pm' ? 1 : 0) - (b.slot === 'pm' ? 1 : 0));
          for (const t of tasks) {
            const free = cars.filter((c) => (t.slot === 'full' ? !used.am.has(c.id) && !used.pm.has(c.id) : !used[t.slot].has(c.id)));
            if (!free.length) continue;
            const v = rng.pick(free);
            if (t.slot === 'full') {
              used.am.add(v.id);
              used.pm.add(v.id);
            } else used[t.slot].add(v.id);
            const far = t.slot === 'full';
            const start = t.slot === 'pm' ? 13 * 60 + 40 + rng.int(0, 80) : 8 * 60 + rng.int(0, 70);
            const end = far ? 15 * 60 + 30 + rng.int(0, 130) : Math.min(start + 50 + rng.int(0, 150), t.slot === 'am' ? 11 * 60 + 50 : 17 * 60 + 50);
            const km = far ? rng.int(90, 380) + rng.int(0, 9) / 10 : rng.int(6, 55) + rng.int(0, 9) / 10;
            const reqFrom = at(day, start - 10);
            const reqTo = at(day, end + 15);
            const username = rng.pick(requesters[g.spec.city]!);
            const dest = far ? rng.pick(FAR[g.spec.city]!) : rng.pick(NEAR[g.spec.city]!);
            const purpose = far ? rng.pick(PURPOSES_FAR).replace('{d}', dest) : rng.pick(PURPOSES_NEAR);
            const emergency = !lateEmergencyDone ? false : rng.chance(0.01);
            const prevDay = days.filter((d) => d < day).pop() ?? addDays(day, -1);
            const created = emergency ? at(day, end + 30) : at(prevDay, 9 * 60 + rng.int(0, 480));
            const roll = rng.next();
            reqId++;
            const u = user(username);
            if (roll < 0.02) {
              requests.push({
                id: reqId, requester_id: u.id, person_id: u.person_id, unit_id: unitOfRequester(g.spec, username), purpose, passengers: rng.int(1, 3),
                origin: CITY_ORIGIN[g.spec.city]!, destination: dest, during: range(reqFrom, reqTo), status: 'cancelled', created_at: created,
                cancel_reason: rng.pick(['会议改期', '行程取消', '改为视频会议']),
              });
              if (t.slot === 'full') {
                used.am.delete(v.id);
                used.pm.delete(v.id);
              } else used[t.slot].delete(v.id);
              continue;
            }
            const noShow = roll < 0.03;
            requests.push({
              id: reqId, requester_id: u.id, person_id: u.person_id, unit_id: unitOfRequester(g.spec, username), purpose,
              passengers: Math.min(v.model.seats - 1, rng.weighted([1, 2, 3, 4], [4, 3, 2, 1])), origin: CITY_ORIGIN[g.spec.city]!, destination: dest,
              during: range(reqFrom, reqTo), emergency, status: noShow ? 'no_show' : 'completed', created_at: created,
              feedback_score: noShow || rng.chance(0.6) ? null : rng.weighted([3, 4, 5], [1, 4, 10]),
            });
            dspId++;
            const startedAt = at(day, start + rng.int(0, 6));
            const endedAt = at(day, end);
            let recorded = new Date(created.getTime() + rng.int(10, 240) * 60_000);
            if (emergency) recorded = new Date(endedAt.getTime() + rng.int(30, 600) * 60_000);
            if (noShow) {
              dispatches.push({
                id: dspId, request_id: reqId, vehicle_id: v.id, driver_id: t.driver, during: range(reqFrom, reqTo), status: 'no_show', emergency,
                dispatched_by: user(dispatcher[g.spec.city]!).id, recorded_at: recorded, exception_note: '用车人未到，等候 30 分钟后返回',
              });
              continue;
            }
            const startOdo = round1(v.odo);
            v.odo = round1(v.odo + km);
            v.sinceFuel += km;
            dispatches.push({
              id: dspId, request_id: reqId, vehicle_id: v.id, driver_id: t.driver, during: range(reqFrom, reqTo), status: 'finished', emergency,
              dispatched_by: user(dispatcher[g.spec.city]!).id, recorded_at: recorded, started_at: startedAt, finished_at: endedAt,
              start_odometer: startOdo, end_odometer: v.odo,
            });
            trips.push({ vehicle_id: v.id, dispatch_id: dspId, source: 'dispatch', started_at: startedAt, ended_at: endedAt, km: round2(v.odo - startOdo) });
            if (far && rng.chance(0.8)) {
              const amount = round2(km * 0.45 + rng.int(0, 20));
              txs.push({
                vehicle_id: v.id, category: 'toll', amount, occurred_at: new Date(endedAt.getTime() - 20 * 60_000), source: 'api', partner_code: 'SDHS-ETC',
                partner_tx_id: txId('SDHS-ETC', day), provider_id: null, designated: false, quantity: null, odometer_km: null,
                place: `${rng.pick(['济青高速', '京台高速', '青银高速', '长深高速', '滨莱高速'])}${dest.replace(/(市|县|区)$/, '')}收费站`, note: null,
              });
            } else if (!far && rng.chance(0.08)) {
              txs.push({
                vehicle_id: v.id, category: 'parking', amount: rng.int(5, 30), occurred_at: new Date(endedAt.getTime() - 10 * 60_000), source: 'excel',
                partner_code: 'PARKING', partner_tx_id: txId('PARKING', day), provider_id: null, designated: false, quantity: null, odometer_km: null,
                place: `${dest}停车场`, note: null,
              });
            }
          }
        }
        // The late emergency entry: once, in the middle of the window, a car of the centre that was free all day.
        if (!lateEmergencyDone && day >= addDays(tripWindow, 20)) {
          lateEmergencyDone = true;
          const g = groups[0]!;
          const busy = new Set(dispatches.filter((d) => String(d.during).includes(day)).flatMap((d) => [`v${String(d.vehicle_id)}`, `d${String(d.driver_id)}`]));
          const v = vehicles.find((c) => c.unitId === g.unitId && c.status === 'in_use' && !busy.has(`v${c.id}`));
          const d = (driversOf.get(g.unitId) ?? []).find((x) => !busy.has(`d${x.id}`) && x.id !== demoDriverId);
          if (v && d) {
            const s = at(day, 19 * 60 + 40);
            const e = at(day, 22 * 60 + 10);
            const km = 96.4;
            reqId++;
            dspId++;
            const u = user('province');
            requests.push({
              id: reqId, requester_id: u.id, person_id: u.person_id, unit_id: u.unit_id, purpose: '突发险情，紧急送应急专家赴现场', passengers: 3,
              origin: CITY_ORIGIN['37']!, destination: '章丘区', during: range(s, e), emergency: true, status: 'completed', created_at: new Date(s.getTime() + 30 * 3600_000),
            });
            const startOdo = round1(v.odo);
            v.odo = round1(v.odo + km);
            v.sinceFuel += km;
            dispatches.push({
              id: dspId, request_id: reqId, vehicle_id: v.id, driver_id: d.id, during: range(s, e), status: 'finished', emergency: true,
              dispatched_by: user('fleet').id, recorded_at: new Date(s.getTime() + 30 * 3600_000), started_at: s, finished_at: e, start_odometer: startOdo, end_odometer: v.odo,
            });
            trips.push({ vehicle_id: v.id, dispatch_id: dspId, source: 'dispatch', started_at: s, ended_at: e, km: round2(v.odo - startOdo) });
            findings.push({ kind: 'fleet.late-emergency-entry', subject: `${v.plate}（${day} 紧急用车，30 小时后补录）` });
          }
        }
      }
      // Weekly refuels (or charging) of the cars that moved; repairs now and then.
      for (const v of vehicles) {
        if (v.status === 'disposed' || v.acquired > day) continue;
        if (dow === v.fuelDow) addFuel(v, day);
        if (isWork && rng.chance(v.status === 'repair' && day > addDays(today, -10) ? 0.15 : 0.004)) {
          const shops = providerFor('repair', v.city);
          const spec = shops.length > 1 && rng.chance(0.25) ? shops[1]! : shops[0]!;
          const designated = !spec.contract || (day >= spec.contract[1] && day <= spec.contract[2]);
          txs.push({
            vehicle_id: v.id, category: 'repair', amount: round2(rng.int(280, 4_800) + rng.int(0, 99) / 100), occurred_at: at(day, 15 * 60 + rng.int(0, 120)),
            source: rng.chance(0.7) ? 'api' : 'excel', partner_code: spec.code, partner_tx_id: txId(spec.code, day), provider_id: providerIds.get(spec.code)!,
            designated, quantity: null, odometer_km: round1(v.odo), place: spec.name,
            note: rng.pick(['常规保养（机油、机滤）', '更换刹车片', '更换轮胎', '空调系统检修', '钣金喷漆', '更换蓄电池', '底盘检修']),
          });
        }
      }
    }
    // One weekend trip without a dispatch (非调度用车), picked up by the terminal, for the telematics rules to find.
    const weekend = [...Array(14).keys()].map((i) => addDays(today, -i - 1)).find((d) => !working.has(d))!;
    const sneaky = vehicles.find((v) => v.unitName === '山东省财政厅' && v.status === 'in_use')!;
    const km = 37.6;
    trips.push({ vehicle_id: sneaky.id, dispatch_id: null, source: 'telematics', started_at: at(weekend, 10 * 60 + 12), ended_at: at(weekend, 11 * 60 + 5), km });
    sneaky.odo = round1(sneaky.odo + km);
    findings.push({ kind: 'fleet.trip-without-dispatch', subject: `${sneaky.plate}（${weekend} 周末行驶 ${km} 公里，无派车单）` });

    // ---------------------------------------------------------------- today: approved requests waiting, one task for the demo driver
    const centreId = unitIds.get('山东省机关公务用车服务中心')!;
    const todayIsWork = working.has(today);
    const taskDay = todayIsWork ? today : days.find((d) => d > today)!;
    const waiting = [
      { who: 'staff', from: 14 * 60, to: 16 * 60 + 30, purpose: '赴省教育招生考试院报送考务材料', dest: '省教育招生考试院', pax: 2 },
      { who: 'unit', from: 15 * 60, to: 17 * 60 + 30, purpose: '赴历城区开展基础教育调研', dest: '历城区教育和体育局', pax: 3 },
      { who: 'province', from: 16 * 60 + 30, to: 18 * 60, purpose: '接送省直机关节能工作会议参会人员', dest: '济南西站', pax: 4 },
    ];
    for (const w of waiting) {
      reqId++;
      const u = user(w.who);
      requests.push({
        id: reqId, requester_id: u.id, person_id: u.person_id, unit_id: u.unit_id, purpose: w.purpose, passengers: w.pax, origin: CITY_ORIGIN['37']!,
        destination: w.dest, during: range(at(taskDay, w.from), at(taskDay, w.to)), status: 'approved', created_at: at(addDays(taskDay, -1), 16 * 60),
        request_key: `demo-fleet-waiting-${w.who}`,
      });
    }
    {
      reqId++;
      dspId++;
      const u = user('staff');
      const s = at(taskDay, 15 * 60 + 30);
      const e = at(taskDay, 17 * 60 + 30);
      const car = vehicles.find((v) => v.unitId === centreId && v.status === 'in_use' && v.model === M.H5 && v.acquired < today)!;
      requests.push({
        id: reqId, requester_id: u.id, person_id: u.person_id, unit_id: u.unit_id, purpose: '赴省财政厅报送年度预算材料', passengers: 2,
        origin: '山东省教育厅（东关大街29号）', destination: '山东省财政厅', during: range(s, e), status: 'dispatched', created_at: at(addDays(taskDay, -1), 10 * 60),
        request_key: 'demo-fleet-driver-task',
      });
      dispatches.push({
        id: dspId, request_id: reqId, vehicle_id: car.id, driver_id: demoDriverId, during: range(s, e), status: 'assigned', emergency: false,
        dispatched_by: user('fleet').id, recorded_at: at(addDays(taskDay, -1), 11 * 60),
      });
    }

    // ---------------------------------------------------------------- rentals: own cars were short on two busy days
    const rentals: Record<string, unknown>[] = [];
    const rentalDays = days.filter((d) => d >= tripWindow && d < today);
    for (const [i, r] of [
      { unit: '山东省机关公务用车服务中心', city: '37', who: 'fleet', company: '山东交运汽车租赁有限公司', plate: '鲁AD72816', km: 186.5, cost: 1_280, purpose: '全省机关事务工作会议会务用车', dest: '泰安市' },
      { unit: '山东省机关公务用车服务中心', city: '37', who: 'fleet', company: '山东交运汽车租赁有限公司', plate: '鲁A8K261', km: 64.2, cost: 560, purpose: '接待外省考察团', dest: '济南遥墙国际机场' },
      { unit: '青岛市机关公务用车服务中心', city: '3702', who: 'qingdao', company: '青岛交运集团汽车租赁有限公司', plate: '鲁B6Q823', km: 142.8, cost: 980, purpose: '上合示范区项目观摩', dest: '胶州市' },
    ].entries()) {
      const day = rentalDays[10 + i * 13]!;
      const s = at(day, 8 * 60 + 30);
      const e = at(day, 17 * 60);
      reqId++;
      const u = user(r.who === 'fleet' ? 'province' : r.who);
      requests.push({
        id: reqId, requester_id: u.id, person_id: u.person_id, unit_id: u.unit_id, purpose: r.purpose, passengers: 6, origin: CITY_ORIGIN[r.city]!,
        destination: r.dest, during: range(s, e), status: 'completed', created_at: at(day, 7 * 60),
      });
      rentals.push({
        unit_id: unitIds.get(r.unit)!, request_id: reqId, company: r.company, order_no: `ZL${day.replace(/-/g, '')}${pad(i + 1, 4)}`, plate: r.plate,
        started_at: s, ended_at: e, km: r.km, cost: r.cost, created_by: user(r.who).id,
      });
    }

    await insertRows(tx, 'fleet_request', requests, 400);
    await insertRows(tx, 'fleet_dispatch', dispatches, 400);
    await insertRows(tx, 'fleet_trip', trips, 800);
    await insertRows(tx, 'fleet_rental', rentals);
    // Costs in time order, like partners would send them.
    txs.sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime());
    await insertRows(tx, 'fleet_transaction', txs as unknown as Record<string, unknown>[], 600);
    if (txs.some((t) => t.partner_code === FLEET_DEMO_FINDINGS.nonDesignatedFuel.provider)) {
      findings.push({ kind: 'fleet.non-designated', subject: `京博石油济南港沟加油站（非定点）加油 ${txs.filter((t) => t.partner_code === 'JB-JN-0301').length} 笔` });
    }
    const afterContract = txs.filter((t) => t.partner_code === FLEET_DEMO_FINDINGS.expiredContract.provider && !t.designated).length;
    if (afterContract) findings.push({ kind: 'fleet.non-designated', subject: `济南鲁通一汽-大众特约维修站合同 2026-06-30 到期后维修 ${afterContract} 笔` });

    // Odometers end where the last trip or cost left them.
    const odometers = vehicles.filter((v) => v.status !== 'disposed').map((v) => sql`(${v.id}::int, ${round1(v.odo)}::numeric)`);
    await sql`update fleet_vehicle v set odometer_km = x.odo from (values ${sql.join(odometers)}) as x(id, odo) where v.id = x.id`.execute(tx);
    for (const [table, base] of [['fleet_request', reqId], ['fleet_dispatch', dspId]] as const) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), ${base + 1}, false)`.execute(tx);
    }

    // ---------------------------------------------------------------- budgets 2026 (运行维护费 and 租赁费)
    const budgets = FLEETS.map((f) => {
      const n = vehicles.filter((v) => v.unitName === f.unit && v.status !== 'disposed').length;
      return {
        unit_id: unitIds.get(f.unit)!, year: Number(today.slice(0, 4)), running_cost: Math.round((n * (16_000 + rng.int(0, 8_000))) / 1_000) * 1_000,
        rental_cost: f.unit.endsWith('公务用车服务中心') && (f.city === '37' || f.city === '3702') ? (f.city === '37' ? 30_000 : 10_000) : 0,
      };
    });
    await insertRows(tx, 'fleet_budget', budgets);

    return {
      vehicles: vehicles.length,
      drivers: driverRows.length,
      providers: PROVIDERS.length,
      transactions: txs.length,
      requests: requests.length,
      dispatches: dispatches.length,
      trips: trips.length,
      rentals: rentals.length,
      todayWaiting: waiting.length,
      findings,
      ms: Math.round(performance.now() - t0),
    };
  });
}
