import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { Db } from '../../db/connection.js';
import { chinaDay } from '../../platform/calendar/calendar.service.js';
import { findProvidersByCodes } from './provider.repository.js';
import { type Designation, DESIGNATION_NAMES, designationOf, type ProviderTerms } from './provider.service.js';
import {
  findByPartnerTxIds,
  findVehiclesByPlateOrVin,
  insertTransactions,
  type NewTransaction,
  raiseNonDesignatedWarnings,
  type VehicleRef,
} from './transaction.repository.js';
import { DESIGNATED_CATEGORIES, type IngestItem, type IngestItemResult, TX_CATEGORIES, TX_CATEGORY_NAMES } from './transaction.schemas.js';

/** Stable codes of per-item ingest errors (the partner's developers program against these). */
export const INGEST_ERRORS = {
  TX_ID_INVALID: '交易流水号须为 1–64 个字符',
  DUPLICATE_IN_BATCH: '同一批次内交易流水号重复',
  TX_ID_CONFLICT: '该交易流水号已报送过，但内容不一致（更正请以新流水号报送）',
  VEHICLE_REQUIRED: '须提供车牌号或车架号',
  VEHICLE_NOT_FOUND: '车辆不存在',
  VEHICLE_MISMATCH: '车牌号与车架号不是同一辆车',
  CATEGORY_INVALID: `费用类别须为 ${TX_CATEGORIES.join('、')} 之一`,
  AMOUNT_INVALID: '金额须大于 0、小于 1000 万元，最多 2 位小数',
  OCCURRED_AT_INVALID: '交易时间须为带时区的 ISO 8601 时间，且不晚于当前时间',
  QUANTITY_INVALID: '数量须大于 0',
  ODOMETER_INVALID: '里程须为不小于 0 的数',
  PLACE_TOO_LONG: '地点不能超过 200 个字',
} as const;
export type IngestErrorCode = keyof typeof INGEST_ERRORS;

const ISO_TZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
const cents = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

type Item = Static<typeof IngestItem>;
type ItemResult = Static<typeof IngestItemResult>;

/** A checked transaction before its vehicle and provider are resolved. */
export interface TxDraft {
  partnerTxId: string;
  vehicle: VehicleRef;
  category: string;
  amount: number;
  occurredAt: Date;
  quantity: number | null;
  odometerKm: number | null;
  place: string | null;
  note: string | null;
}

/** What a stored transaction decided, for warnings. */
interface Decided extends TxDraft {
  designation: Designation;
  provider: (ProviderTerms & { id: number; name: string }) | undefined;
}

function categoryOk(c: string): boolean {
  return (TX_CATEGORIES as readonly string[]).includes(c);
}

/** Checks the rules of one item that need no database. */
export function checkItem(it: Item, now = Date.now()): IngestErrorCode | null {
  if (typeof it.partner_tx_id !== 'string' || it.partner_tx_id.length < 1 || it.partner_tx_id.length > 64) return 'TX_ID_INVALID';
  if (!it.plate && !it.vin) return 'VEHICLE_REQUIRED';
  if (!categoryOk(it.category)) return 'CATEGORY_INVALID';
  if (!Number.isFinite(it.amount) || it.amount <= 0 || it.amount >= 10_000_000 || !cents(it.amount)) return 'AMOUNT_INVALID';
  const t = ISO_TZ.test(it.occurred_at) ? Date.parse(it.occurred_at) : NaN;
  if (Number.isNaN(t) || t > now + 10 * 60_000 || t < Date.UTC(2000, 0, 1)) return 'OCCURRED_AT_INVALID';
  if (it.quantity !== undefined && it.quantity !== null && !(it.quantity > 0 && it.quantity < 100_000_000)) return 'QUANTITY_INVALID';
  if (it.odometer !== undefined && it.odometer !== null && !(it.odometer >= 0 && it.odometer < 1_000_000_000)) return 'ODOMETER_INVALID';
  if (it.place && it.place.length > 200) return 'PLACE_TOO_LONG';
  return null;
}

const reject = (index: number, partnerTxId: string, code: IngestErrorCode): ItemResult => ({
  index,
  partner_tx_id: String(partnerTxId ?? ''),
  status: 'rejected',
  code,
  message: INGEST_ERRORS[code],
});

function warningOf(d: Decided, id: number) {
  const what = TX_CATEGORY_NAMES[d.category] ?? d.category;
  const where = d.provider ? `「${d.provider.name}」` : '非定点服务商';
  return {
    subject_key: `fleet_transaction:${id}`,
    title: `${d.vehicle.plate} 在${where}发生${what} ¥${d.amount.toFixed(2)}（${DESIGNATION_NAMES[d.designation]}）`.slice(0, 200),
    unit_id: d.vehicle.unit_id,
    link: `/fleet/transactions?vehicleId=${d.vehicle.id}`,
    evidence: JSON.stringify({
      transactionId: id,
      vehicleId: d.vehicle.id,
      plate: d.vehicle.plate,
      category: d.category,
      amount: d.amount,
      occurredAt: d.occurredAt.toISOString(),
      providerId: d.provider?.id ?? null,
      reason: d.designation,
      reasonName: DESIGNATION_NAMES[d.designation],
    }),
  };
}

/**
 * Stores checked transactions of one partner code: each is designated when its provider is designated and the
 * (Beijing) day is within the contract. Already stored ids are not written again. Non-designated fuel, repair and
 * insurance costs raise fleet.non-designated. Returns, per partner id, the stored row and whether it is new.
 */
export async function storeTransactions(
  tx: Db,
  o: { partnerCode: string; providerCode: string | null; source: NewTransaction['source']; createdBy: number | null; drafts: TxDraft[]; providerId?: number | null },
): Promise<Map<string, { id: number; designated: boolean; created: boolean }>> {
  const providers = o.providerCode ? await findProvidersByCodes(tx, [o.providerCode]) : [];
  const provider = providers[0];
  const decided: Decided[] = o.drafts.map((d) => {
    const designation = designationOf(provider, chinaDay(d.occurredAt));
    return { ...d, designation, provider };
  });
  const inserted = await insertTransactions(
    tx,
    decided.map((d) => ({
      vehicle_id: d.vehicle.id,
      category: d.category,
      amount: d.amount,
      occurred_at: d.occurredAt.toISOString(),
      source: o.source,
      partner_code: o.partnerCode,
      partner_tx_id: d.partnerTxId,
      provider_id: provider?.id ?? null,
      designated: d.designation === 'designated',
      quantity: d.quantity,
      odometer_km: d.odometerKm,
      place: d.place,
      note: d.note,
      created_by: o.createdBy,
    })),
  );
  const out = new Map<string, { id: number; designated: boolean; created: boolean }>();
  const byTxId = new Map(decided.map((d) => [d.partnerTxId, d]));
  const warnings = [];
  for (const r of inserted) {
    out.set(r.partner_tx_id, { id: Number(r.id), designated: r.designated, created: true });
    const d = byTxId.get(r.partner_tx_id)!;
    if (!r.designated && (DESIGNATED_CATEGORIES as readonly string[]).includes(d.category)) warnings.push(warningOf(d, Number(r.id)));
  }
  await raiseNonDesignatedWarnings(tx, warnings);
  return out;
}

/**
 * A partner's batch: each item is checked on its own (stable error codes), valid ones are committed, and a resend
 * of an item already stored answers `duplicate` with the same id and designation, writing nothing.
 */
export async function ingestBatch(tx: Db, partnerCode: string, items: Item[]): Promise<ItemResult[]> {
  const results: (ItemResult | undefined)[] = new Array(items.length);
  const seen = new Set<string>();
  const candidates: { index: number; item: Item }[] = [];
  items.forEach((it, index) => {
    const err = checkItem(it);
    if (err) results[index] = reject(index, it.partner_tx_id, err);
    else if (seen.has(it.partner_tx_id)) results[index] = reject(index, it.partner_tx_id, 'DUPLICATE_IN_BATCH');
    else {
      seen.add(it.partner_tx_id);
      candidates.push({ index, item: it });
    }
  });
  // vehicles, in bulk
  const plates = [...new Set(candidates.map((c) => c.item.plate?.trim().toUpperCase()).filter((p): p is string => !!p))];
  const vins = [...new Set(candidates.map((c) => c.item.vin?.trim().toUpperCase()).filter((p): p is string => !!p))];
  const vehicles = await findVehiclesByPlateOrVin(tx, plates, vins);
  const byPlate = new Map(vehicles.map((v) => [v.plate, v]));
  const byVin = new Map(vehicles.filter((v) => v.vin).map((v) => [v.vin!, v]));
  const drafts: { index: number; draft: TxDraft }[] = [];
  for (const { index, item } of candidates) {
    const vp = item.plate ? byPlate.get(item.plate.trim().toUpperCase()) : undefined;
    const vv = item.vin ? byVin.get(item.vin.trim().toUpperCase()) : undefined;
    if ((item.plate && !vp) || (item.vin && !vv)) results[index] = reject(index, item.partner_tx_id, 'VEHICLE_NOT_FOUND');
    else if (vp && vv && vp.id !== vv.id) results[index] = reject(index, item.partner_tx_id, 'VEHICLE_MISMATCH');
    else
      drafts.push({
        index,
        draft: {
          partnerTxId: item.partner_tx_id,
          vehicle: (vp ?? vv)!,
          category: item.category,
          amount: item.amount,
          occurredAt: new Date(item.occurred_at),
          quantity: item.quantity ?? null,
          odometerKm: item.odometer ?? null,
          place: item.place?.trim() || null,
          note: null,
        },
      });
  }
  // resends: already stored ids answer as before (or a conflict when the content differs)
  const stored = new Map((await findByPartnerTxIds(tx, partnerCode, drafts.map((d) => d.draft.partnerTxId))).map((s) => [s.partner_tx_id, s]));
  const fresh: { index: number; draft: TxDraft }[] = [];
  for (const d of drafts) {
    const s = stored.get(d.draft.partnerTxId);
    if (!s) fresh.push(d);
    else if (s.vehicle_id !== d.draft.vehicle.id || s.category !== d.draft.category || Number(s.amount) !== d.draft.amount || new Date(s.occurred_at).getTime() !== d.draft.occurredAt.getTime())
      results[d.index] = reject(d.index, d.draft.partnerTxId, 'TX_ID_CONFLICT');
    else results[d.index] = { index: d.index, partner_tx_id: s.partner_tx_id, status: 'duplicate', id: Number(s.id), designated: s.designated };
  }
  const saved = await storeTransactions(tx, { partnerCode, providerCode: partnerCode, source: 'api', createdBy: null, drafts: fresh.map((f) => f.draft) });
  for (const f of fresh) {
    const s = saved.get(f.draft.partnerTxId);
    // not inserted although unseen a moment ago: a concurrent resend stored it first
    results[f.index] = s
      ? { index: f.index, partner_tx_id: f.draft.partnerTxId, status: 'created', id: s.id, designated: s.designated }
      : { index: f.index, partner_tx_id: f.draft.partnerTxId, status: 'duplicate' };
  }
  return results as ItemResult[];
}

/** A manual entry's generated partner id: 'MANUAL' + a UUID. */
export const manualTxId = () => `M-${randomUUID()}`;
