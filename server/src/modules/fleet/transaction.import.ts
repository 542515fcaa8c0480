import { defineImportKind, type ImportKind, num, type SourceRow, str } from '../../exchange/import/import.kind.js';
import { visibleIn } from '../../platform/access/scope.js';
import { findProvidersByCodes } from './provider.repository.js';
import { findByPartnerTxIds, findVehiclesByPlateOrVin } from './transaction.repository.js';
import { TX_CATEGORIES, TX_CATEGORY_NAMES } from './transaction.schemas.js';
import { storeTransactions, type TxDraft } from './transaction.service.js';

/** Excel rows without a provider code are filed under this partner code. */
export const EXCEL_PARTNER = 'EXCEL';

const CATEGORY_BY_NAME = new Map(TX_CATEGORIES.map((c) => [TX_CATEGORY_NAMES[c]!, c]));

interface Plan {
  groups: Map<string, TxDraft[]>; // partner code → drafts
}

/**
 * 费用交易导入: transactions from a provider's statement or a unit's ledger. Idempotent like the partner API: the
 * (服务商编码, 交易流水号) pair identifies a transaction, and one already stored is reported, not written again.
 */
const transactions = defineImportKind<Plan>({
  code: 'fleet.transactions',
  title: '车辆费用交易',
  permission: 'fleet:provider:write',
  sheet: '费用交易',
  columns: [
    { key: 'txId', header: '交易流水号', required: true, type: 'text', minLength: 1, maxLength: 64, example: 'ZSH20261102000123', rule: '服务商的交易流水号，1–64 个字符；同一服务商内不可重复', width: 22 },
    { key: 'provider', header: '服务商编码', required: false, type: 'text', upper: true, pattern: /^[A-Z0-9][A-Z0-9-]{2,31}$/, patternHint: '须为服务商编码（大写字母、数字、连字符）', example: 'SINOPEC-JN', rule: '定点服务商的编码；不填视为非定点交易', width: 18 },
    { key: 'plate', header: '车牌号', required: true, type: 'text', upper: true, pattern: /^鲁[A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}$/, patternHint: '须为鲁字头车牌号（如 鲁A12345）', example: '鲁A12345', rule: '本省公务用车车牌号' },
    { key: 'category', header: '费用类别', required: true, type: 'enum', options: TX_CATEGORIES.map((c) => TX_CATEGORY_NAMES[c]!), example: '燃料费', rule: '从下拉列表中选择' },
    { key: 'amount', header: '金额', required: true, type: 'decimal', positive: true, max: 9_999_999.99, scale: 2, example: 350.5, rule: '元，大于 0，最多 2 位小数' },
    { key: 'day', header: '交易日期', required: true, type: 'date', example: '2026-11-02', rule: '如 2026-11-02' },
    { key: 'time', header: '交易时刻', required: false, type: 'text', pattern: /^([01]?\d|2[0-3]):[0-5]\d$/, patternHint: '须为 时:分（如 09:30）', example: '09:30', rule: '北京时间 时:分；不填按 12:00' },
    { key: 'quantity', header: '数量', required: false, type: 'decimal', positive: true, max: 99_999_999, scale: 2, example: 45.2, rule: '加油升数或充电千瓦时，大于 0' },
    { key: 'odometer', header: '里程表读数', required: false, type: 'decimal', min: 0, max: 999_999_999, scale: 1, example: 35210, rule: '公里' },
    { key: 'place', header: '地点', required: false, type: 'text', maxLength: 200, example: '中石化济南历下加油站', rule: '不超过 200 个字', width: 28 },
    { key: 'note', header: '备注', required: false, type: 'text', maxLength: 200, example: '', rule: '不超过 200 个字' },
  ],
  notes: ['更正已导入的交易请以新的交易流水号导入冲正记录（负数请在备注中说明，金额须为正数），已入库的交易不能修改或删除。'],
  async validate(ctx, rows, report) {
    const { db } = ctx.platform;
    const plates = [...new Set(rows.map((r) => str(r, 'plate')).filter((p): p is string => !!p))];
    const vehicles = new Map((await findVehiclesByPlateOrVin(db, plates, [])).map((v) => [v.plate, v]));
    const codes = [...new Set(rows.map((r) => str(r, 'provider')).filter((p): p is string => !!p))];
    const providers = new Set((await findProvidersByCodes(db, codes)).map((p) => p.code));
    const groups = new Map<string, TxDraft[]>();
    const rowsOf = new Map<string, SourceRow>();
    const now = Date.now();
    let n = 0;
    for (const r of rows) {
      if (++n % 1000 === 0) await ctx.tick(1000);
      const code = str(r, 'provider');
      if (code && !providers.has(code)) report(r, 'provider', '服务商编码不存在，请先在定点服务商中登记');
      const plate = str(r, 'plate');
      const v = plate ? vehicles.get(plate) : undefined;
      if (plate && !v) report(r, 'plate', '车辆不存在');
      else if (v && !visibleIn(ctx.scope, { orgPath: v.unit_path, regionPath: v.region_path, unitId: v.unit_id })) report(r, 'plate', '不在您的数据范围内');
      const day = str(r, 'day');
      const occurredAt = day ? new Date(`${day}T${(str(r, 'time') ?? '12:00').padStart(5, '0')}:00+08:00`) : null;
      if (occurredAt && occurredAt.getTime() > now) report(r, 'day', '交易时间不能晚于当前时间');
      const txId = str(r, 'txId');
      const partner = code ?? EXCEL_PARTNER;
      const key = `${partner}\u0000${txId}`;
      if (txId && rowsOf.has(key)) report(r, 'txId', `与第 ${rowsOf.get(key)!.rowNo} 行的交易流水号重复`);
      if (!v || !txId || !occurredAt) continue;
      rowsOf.set(key, r);
      const draft: TxDraft = {
        partnerTxId: txId,
        vehicle: v,
        category: CATEGORY_BY_NAME.get(str(r, 'category') ?? '') ?? 'other',
        amount: num(r, 'amount') ?? 0,
        occurredAt,
        quantity: num(r, 'quantity'),
        odometerKm: num(r, 'odometer'),
        place: str(r, 'place'),
        note: str(r, 'note'),
      };
      groups.set(partner, [...(groups.get(partner) ?? []), draft]);
    }
    await ctx.tick(n % 1000);
    for (const [partner, drafts] of groups) {
      for (const s of await findByPartnerTxIds(db, partner, drafts.map((d) => d.partnerTxId)))
        report(rowsOf.get(`${partner}\u0000${s.partner_tx_id}`)!, 'txId', '该交易已入库（交易不可修改，更正请以新流水号导入）');
    }
    return { groups };
  },
  async commit(tx, plan, ctx) {
    let inserted = 0;
    for (const [partner, drafts] of plan.groups) {
      const saved = await storeTransactions(tx, {
        partnerCode: partner,
        providerCode: partner === EXCEL_PARTNER ? null : partner,
        source: 'excel',
        createdBy: ctx.userId,
        drafts,
      });
      inserted += saved.size;
    }
    return { inserted };
  },
});

export const FLEET_COST_IMPORT_KINDS: ImportKind[] = [transactions as ImportKind];
