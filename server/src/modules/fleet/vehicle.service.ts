import type { Db } from '../../db/connection.js';
import type { DataScope } from '../../platform/access/scope.js';
import { findCalendarDays } from '../../platform/calendar/calendar.repository.js';
import { chinaDay, isWorkingDay, workingDaysBetween } from '../../platform/calendar/calendar.service.js';
import type { Platform } from '../../platform/context.js';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.js';
import { notify } from '../../platform/notify/notification.service.js';
import { applyFleetRules, FLEET_EXPIRY_KINDS, type FleetRuleRunResult, findFleetManagersOfUnits } from './quota.repository.js';
import {
  type CategoryRow,
  findCategory,
  findOpenSeals,
  findUnitInScope,
  insertInspection,
  insertInsurance,
  insertVehicle,
  lockVehicle,
  sealInUse,
  unsealVehicles,
  updateVehicle,
  type VehicleRow,
  type VehicleValues,
} from './vehicle.repository.js';

// ------------------------------------------------------------------ labels

export const ENERGY_NAMES: Record<string, string> = {
  petrol: '汽油',
  diesel: '柴油',
  hybrid: '油电混合',
  phev: '插电式混合动力',
  bev: '纯电动',
  fcev: '燃料电池',
};
/** New-energy cars are capped by max_price_ne. */
export const NEW_ENERGY = ['phev', 'bev', 'fcev'];
export const VEHICLE_STATUS_NAMES: Record<string, string> = {
  in_use: '在用',
  repair: '维修',
  sealed: '封存',
  pending_disposal: '待处置',
  disposed: '已处置',
};
export const ACQUISITION_NAMES: Record<string, string> = { purchase: '购置', transfer_in: '调拨（划入）', donation: '接受捐赠', other: '其他' };
export const DRIVER_STATUS_NAMES: Record<string, string> = { active: '在岗', suspended: '暂停', left: '离岗' };

/** Allowed status moves (disposed is frozen, in the database too). */
export const STATUS_MOVES: Record<string, string[]> = {
  in_use: ['repair', 'sealed', 'pending_disposal'],
  repair: ['in_use', 'pending_disposal'],
  sealed: ['in_use', 'pending_disposal'],
  pending_disposal: ['in_use', 'disposed'],
  disposed: [],
};

/** Categories sealed over public holidays (一般公务用车、机要通信用车). */
export const HOLIDAY_SEAL_CATEGORIES = ['general', 'confidential'];

// ------------------------------------------------------------------ plates (Shandong)

/** Plate letters per city (GB/T 2260 city code); provincial units are seated in 济南 and carry 鲁A. */
export const PLATE_CITIES: { regionCode: string; city: string; letters: string[] }[] = [
  { regionCode: '3701', city: '济南', letters: ['A', 'S'] },
  { regionCode: '3702', city: '青岛', letters: ['B', 'U'] },
  { regionCode: '3703', city: '淄博', letters: ['C'] },
  { regionCode: '3704', city: '枣庄', letters: ['D'] },
  { regionCode: '3705', city: '东营', letters: ['E'] },
  { regionCode: '3706', city: '烟台', letters: ['F', 'Y'] },
  { regionCode: '3707', city: '潍坊', letters: ['G', 'V'] },
  { regionCode: '3708', city: '济宁', letters: ['H'] },
  { regionCode: '3709', city: '泰安', letters: ['J'] },
  { regionCode: '3710', city: '威海', letters: ['K'] },
  { regionCode: '3711', city: '日照', letters: ['L'] },
  { regionCode: '3713', city: '临沂', letters: ['Q'] },
  { regionCode: '3714', city: '德州', letters: ['N'] },
  { regionCode: '3715', city: '聊城', letters: ['P'] },
  { regionCode: '3716', city: '滨州', letters: ['M'] },
  { regionCode: '3717', city: '菏泽', letters: ['R'] },
];
/** 鲁 + letter + 5 characters (ordinary) or 6 (new energy: D/F first or last); no I or O. */
export const PLATE_PATTERN = '^鲁[A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}$';
const PLATE_RE = new RegExp(PLATE_PATTERN);

/** The letters a unit seated in this region may carry; null when the region is outside the province's table. */
export function plateLettersFor(regionCode: string): { city: string; letters: string[] } | null {
  if (regionCode.length === 2) return regionCode === '37' ? { city: '省直（济南）', letters: ['A'] } : null;
  const c = PLATE_CITIES.find((x) => x.regionCode === regionCode.slice(0, 4));
  return c ? { city: c.city, letters: c.letters } : null;
}

export function checkPlate(plate: string, unitRegionCode: string): void {
  if (!PLATE_RE.test(plate)) throw new AppError('PLATE_FORMAT', `车牌号 ${plate} 格式不正确：应为“鲁”+ 发牌机关字母 + 5 位（新能源 6 位）字母或数字，不含 I、O`, 400, [{ field: 'plate', message: '车牌号格式不正确' }]);
  const want = plateLettersFor(unitRegionCode);
  if (!want) return;
  const letter = plate[1]!;
  if (!want.letters.includes(letter))
    throw new AppError(
      'PLATE_REGION',
      `车牌号 ${plate} 的发牌机关代号“鲁${letter}”与所属单位所在地（${want.city}，应为${want.letters.map((l) => `鲁${l}`).join('或')}）不符`,
      400,
      [{ field: 'plate', message: `应为${want.letters.map((l) => `鲁${l}`).join('或')}` }],
    );
}

// ------------------------------------------------------------------ category caps

const yuan = (n: number) => (n >= 10000 ? `${(n / 10000).toFixed(n % 10000 === 0 ? 0 : 2)} 万元` : `${n} 元`);

/** Refuses a car above its category's caps (price, new-energy price, displacement), naming the cap and its source. */
export function checkCaps(cat: CategoryRow, v: { energy_type: string; price: number; displacement_l: number | null }): void {
  const ne = NEW_ENERGY.includes(v.energy_type);
  const cap = ne ? cat.max_price_ne : cat.max_price;
  if (cap !== null && v.price > Number(cap))
    throw new AppError(
      'CATEGORY_CAP',
      `${cat.name}${ne ? '（新能源）' : ''}购置价格不得超过 ${yuan(Number(cap))}，该车 ${yuan(v.price)}。依据：${cat.source}`,
      400,
      [{ field: 'price', message: `不得超过 ${yuan(Number(cap))}` }],
    );
  if (cat.max_displacement_l !== null && v.displacement_l !== null && v.displacement_l > Number(cat.max_displacement_l))
    throw new AppError(
      'CATEGORY_CAP',
      `${cat.name}排气量不得超过 ${Number(cat.max_displacement_l)} 升，该车 ${v.displacement_l} 升。依据：${cat.source}`,
      400,
      [{ field: 'displacementL', message: `不得超过 ${Number(cat.max_displacement_l)} 升` }],
    );
}

// ------------------------------------------------------------------ what a caller may do

export function vehicleActions(v: Pick<VehicleRow, 'status'>, permissions: Set<string>): string[] {
  if (!permissions.has('fleet:vehicle:write') || v.status === 'disposed') return [];
  const a = ['update', 'status', 'terminal', 'insurance', 'inspection'];
  if (v.status === 'in_use') a.push('seal');
  if (v.status === 'sealed') a.push('unseal');
  return a;
}

// ------------------------------------------------------------------ register and edit

export interface VehicleInput {
  plate: string;
  vin?: string | null;
  brand: string;
  model: string;
  categoryCode: string;
  energyType: string;
  displacementL?: number | null;
  price: number;
  acquiredOn: string;
  acquisitionMethod: string;
  unitId: number;
  odometerKm?: number;
  seats?: number;
}

interface Caller {
  userId: number;
  scope: DataScope;
}

async function validated(tx: Db, c: Caller, b: VehicleInput): Promise<VehicleValues> {
  const unit = await findUnitInScope(tx, c.scope, b.unitId);
  if (!unit) throw notFound('所属单位');
  if (unit.kind !== 'unit') throw invalid('所属单位必须是单位（不能是内设机构）', [{ field: 'unitId', message: '请选择单位' }]);
  const plate = b.plate.trim().toUpperCase().replace(/^鲁/, '鲁');
  checkPlate(plate, unit.region_code);
  const cat = await findCategory(tx, b.categoryCode);
  if (!cat) throw invalid('车辆类别不存在', [{ field: 'categoryCode', message: '车辆类别不存在' }]);
  const noEngine = b.energyType === 'bev' || b.energyType === 'fcev';
  const displacement = noEngine ? null : (b.displacementL ?? null);
  if (!noEngine && displacement === null) throw invalid('燃油、混合动力车辆须填写排量', [{ field: 'displacementL', message: '请填写排量' }]);
  if (b.acquiredOn > chinaDay(new Date())) throw invalid('取得日期不能晚于今天', [{ field: 'acquiredOn', message: '不能晚于今天' }]);
  const v: VehicleValues = {
    plate,
    vin: b.vin ? b.vin.toUpperCase() : null,
    brand: b.brand.trim(),
    model: b.model.trim(),
    category_code: cat.code,
    energy_type: b.energyType,
    displacement_l: displacement,
    price: b.price,
    acquired_on: b.acquiredOn,
    acquisition_method: b.acquisitionMethod,
    unit_id: unit.id,
    odometer_km: b.odometerKm ?? 0,
    seats: b.seats ?? 5,
  };
  checkCaps(cat, v);
  return v;
}

/** 登记车辆: plate against the unit's city, caps of the category; re-evaluates the unit's findings. */
export async function registerVehicle(p: Pick<Platform, 'settings'>, tx: Db, c: Caller, b: VehicleInput): Promise<number> {
  const v = await validated(tx, c, b);
  const id = await insertVehicle(tx, v);
  await evaluateFleet(p, { unitIds: [v.unit_id] }, tx);
  return id;
}

/** Edits the description of a car; the caps are checked again when price, category, energy or engine change. */
export async function editVehicle(p: Pick<Platform, 'settings'>, tx: Db, c: Caller, id: number, b: VehicleInput) {
  const cur = await lockVehicle(tx, id);
  if (!cur) throw notFound('车辆');
  if (cur.status === 'disposed') throw conflict('车辆已处置，档案不能再变更', 'VEHICLE_DISPOSED');
  const v = await validated(tx, c, b);
  await updateVehicle(tx, id, v);
  await evaluateFleet(p, { unitIds: [...new Set([cur.unit_id, v.unit_id])] }, tx);
  return { before: cur, after: v };
}

export async function changeStatus(p: Pick<Platform, 'settings'>, tx: Db, id: number, status: string) {
  const cur = await lockVehicle(tx, id);
  if (!cur) throw notFound('车辆');
  if (cur.status === status) return { from: cur.status, to: status };
  if (!(STATUS_MOVES[cur.status] ?? []).includes(status))
    throw conflict(`车辆状态不能从“${VEHICLE_STATUS_NAMES[cur.status]}”变为“${VEHICLE_STATUS_NAMES[status]}”`, 'VEHICLE_STATUS');
  await updateVehicle(tx, id, { status });
  await evaluateFleet(p, { unitIds: [cur.unit_id] }, tx);
  return { from: cur.status, to: status };
}

export async function bindTerminal(p: Pick<Platform, 'settings'>, tx: Db, id: number, phone: string | null, installedOn: string | null) {
  const cur = await lockVehicle(tx, id);
  if (!cur) throw notFound('车辆');
  if (cur.status === 'disposed') throw conflict('车辆已处置，档案不能再变更', 'VEHICLE_DISPOSED');
  const on = phone ? (installedOn ?? chinaDay(new Date())) : null;
  if (on && on > chinaDay(new Date())) throw invalid('安装日期不能晚于今天', [{ field: 'installedOn', message: '不能晚于今天' }]);
  await updateVehicle(tx, id, { terminal_phone: phone, terminal_installed_on: on });
  await evaluateFleet(p, { unitIds: [cur.unit_id] }, tx);
  return { terminalPhone: phone, installedOn: on };
}

/** Adds a policy (the database refuses overlapping periods of one car) and re-evaluates the car's unit. */
export async function addInsurance(p: Pick<Platform, 'settings'>, tx: Db, id: number, v: Parameters<typeof insertInsurance>[1]) {
  const cur = await lockVehicle(tx, id);
  if (!cur) throw notFound('车辆');
  if (cur.status === 'disposed') throw conflict('车辆已处置，档案不能再变更', 'VEHICLE_DISPOSED');
  const iid = await insertInsurance(tx, v);
  await evaluateFleet(p, { unitIds: [cur.unit_id] }, tx);
  return iid;
}

/** Adds an annual inspection and re-evaluates the car's unit. */
export async function addInspection(p: Pick<Platform, 'settings'>, tx: Db, id: number, v: Parameters<typeof insertInspection>[1]) {
  const cur = await lockVehicle(tx, id);
  if (!cur) throw notFound('车辆');
  if (cur.status === 'disposed') throw conflict('车辆已处置，档案不能再变更', 'VEHICLE_DISPOSED');
  const iid = await insertInspection(tx, v);
  await evaluateFleet(p, { unitIds: [cur.unit_id] }, tx);
  return iid;
}

// ------------------------------------------------------------------ findings

/** The day before which registered cars without a terminal are past the deadline of N working days (as of `asOf`). */
export async function terminalCutoff(db: Db, asOf: string, workingDays: number): Promise<string> {
  const end = new Date(`${asOf}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() - 1);
  const start = new Date(end);
  start.setUTCDate(start.getUTCDate() - (workingDays * 3 + 40));
  const days = await workingDaysBetween(db, start.toISOString().slice(0, 10), end.toISOString().slice(0, 10));
  // registered on R, the deadline is the Nth working day after R: past when N working days lie in (R, asOf)
  return days[days.length - Math.max(workingDays, 1)] ?? start.toISOString().slice(0, 10);
}

export interface FleetEvaluation extends FleetRuleRunResult {
  asOf: string;
}

/**
 * Applies the fleet rules (over quota, terminal missing, insurance / inspection / licence expiring or expired) and keeps
 * the warnings in step; `unitIds` limits the run to those units (every change re-evaluates what it touched, in its
 * transaction); without it the whole province is evaluated (the daily job).
 */
export async function evaluateFleet(p: Pick<Platform, 'settings'>, o: { asOf?: string; unitIds?: number[] }, tx: Db): Promise<FleetEvaluation> {
  const asOf = o.asOf ?? chinaDay(new Date());
  if (o.unitIds && !o.unitIds.length) return { findings: 0, raised: 0, closed: 0, raisedRows: [], asOf };
  const s = await p.settings.get(tx);
  const res = await applyFleetRules(tx, {
    asOf,
    unitIds: o.unitIds,
    reminderDays: s['fleet.expiry_reminder_days'],
    terminalRegisteredBefore: await terminalCutoff(tx, asOf, s['fleet.terminal_install_working_days']),
    terminalWorkingDays: s['fleet.terminal_install_working_days'],
  });
  return { ...res, asOf };
}

/** The daily run: the whole province, then a reminder to the units' fleet managers for each new expiry finding. */
export async function evaluateAndNotify(p: Pick<Platform, 'settings' | 'db'>, asOf?: string) {
  return p.db.transaction().execute(async (tx) => {
    const r = await evaluateFleet(p, { asOf }, tx);
    const expiring = r.raisedRows.filter((w) => (FLEET_EXPIRY_KINDS as string[]).includes(w.kind));
    const managers = await findFleetManagersOfUnits(tx, [...new Set(expiring.map((w) => w.unit_id))]);
    let notified = 0;
    for (const w of expiring) {
      const users = managers.get(w.unit_id) ?? [];
      if (!users.length) continue;
      await notify(tx, users, {
        category: 'reminder',
        title: w.title,
        body: '请及时办理续保、年检或换证。',
        link: w.link ?? undefined,
        objectType: 'warning',
        objectId: String(w.id),
        dedupeKey: `warning:${w.id}`,
      });
      notified += users.length;
    }
    return { asOf: r.asOf, findings: r.findings, raised: r.raised, closed: r.closed, notified };
  });
}

// ------------------------------------------------------------------ holiday sealing (节假日封存)

export const HOLIDAY_SEAL_JOB = 'fleet.holiday-seal';

const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/**
 * The public-holiday period starting tomorrow, when today is its eve: the run of non-working days from tomorrow on that
 * contains at least one public holiday (an ordinary weekend is not sealed). Null otherwise.
 */
export async function holidayStartingAfter(db: Db, today: string): Promise<{ from: string; until: string } | null> {
  const exceptions = await findCalendarDays(db, today, addDays(today, 40));
  if (!isWorkingDay(today, exceptions)) return null;
  const from = addDays(today, 1);
  let until = today;
  let holiday = false;
  for (let d = from; !isWorkingDay(d, exceptions); d = addDays(d, 1)) {
    until = d;
    if (exceptions.get(d) === 'holiday') holiday = true;
  }
  return holiday ? { from, until } : null;
}

export interface HolidaySealResult {
  day: string;
  /** sealed this run (the job's result keeps the list, so only these are restored) */
  seal: { from: string; until: string; vehicleIds: number[] } | null;
  restored: { sealRunId: number; vehicleIds: number[] }[];
}

/**
 * Runs on the evening of `day`: restores the cars sealed by earlier runs whose holiday ends by tomorrow (the last
 * holiday evening, or later when a run was missed), then, on the eve of a public-holiday period, seals the in-use cars
 * of the sealed categories. Cars sealed by hand are never restored by the job.
 */
export async function runHolidaySeal(tx: Db, day: string): Promise<HolidaySealResult> {
  const restored: HolidaySealResult['restored'] = [];
  const exceptions = await findCalendarDays(tx, day, addDays(day, 1));
  // restore when the holiday is over by tomorrow morning: its last day is today (or earlier)
  const tomorrowWorks = isWorkingDay(addDays(day, 1), exceptions);
  for (const s of await findOpenSeals(tx, HOLIDAY_SEAL_JOB, tomorrowWorks ? day : addDays(day, -1))) {
    restored.push({ sealRunId: s.runId, vehicleIds: await unsealVehicles(tx, s.vehicleIds) });
  }
  const period = await holidayStartingAfter(tx, day);
  const seal = period ? { ...period, vehicleIds: await sealInUse(tx, HOLIDAY_SEAL_CATEGORIES) } : null;
  return { day, seal, restored };
}
