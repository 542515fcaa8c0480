import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { importCentreRoutes } from '../../exchange/import/import.routes.js';
import { audited } from '../../platform/audit/audit.service.js';
import { notFound } from '../../platform/errors.js';
import { ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import { findProviderById } from './provider.repository.js';
import { FLEET_COST_IMPORT_KINDS } from './transaction.import.js';
import {
  findCostMonths,
  findVehicleInScope,
  selectTransactionColumns,
  TRANSACTION_SORTS,
  transactionListQuery,
  type TransactionRow,
} from './transaction.repository.js';
import {
  CostLedger,
  IngestBody,
  IngestResult,
  LedgerQuery,
  ManualBody,
  Transaction,
  TransactionFilters,
  TX_CATEGORIES,
  TX_CATEGORY_NAMES,
  TX_SOURCE_NAMES,
} from './transaction.schemas.js';
import { ingestBatch, manualTxId, storeTransactions } from './transaction.service.js';

const num = (v: string | null) => (v === null ? null : Number(v));

export function presentTransaction(_req: FastifyRequest, r: TransactionRow): Static<typeof Transaction> {
  return {
    id: Number(r.id),
    vehicleId: r.vehicle_id,
    plate: r.plate,
    unitId: r.unit_id,
    unitName: r.unit_name,
    category: r.category,
    categoryName: TX_CATEGORY_NAMES[r.category] ?? r.category,
    amount: Number(r.amount),
    occurredAt: iso(r.occurred_at)!,
    source: r.source,
    sourceName: TX_SOURCE_NAMES[r.source] ?? r.source,
    partnerCode: r.partner_code,
    partnerTxId: r.partner_tx_id,
    providerId: r.provider_id,
    providerName: r.provider_name,
    designated: r.designated,
    quantity: num(r.quantity),
    odometerKm: num(r.odometer_km),
    place: r.place,
    note: r.note,
    createdAt: iso(r.created_at)!,
  };
}

const beijing = (d: Date | string) => new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

type Amounts = Record<(typeof TX_CATEGORIES)[number] | 'total', number> & { txCount: number; designatedCount: number };
const zero = (): Amounts => ({ fuel: 0, repair: 0, insurance: 0, toll: 0, parking: 0, other: 0, total: 0, txCount: 0, designatedCount: 0 });
const round2 = (n: number) => Math.round(n * 100) / 100;

/** 费用交易: partner ingest (API), manual entry, Excel import, the ledger and the per-vehicle cost ledger. */
export async function transactionRoutes(app: FastifyInstance) {
  const { db } = app.platform;
  const tag = '车辆费用交易';

  app.post(
    '/api/fleet/partner/transactions',
    {
      schema: {
        tags: [tag],
        summary: '服务商报送交易（接入凭证认证，单批最多 1000 条，按交易流水号幂等）',
        description:
          '请求头 x-partner-code、x-partner-key。逐条校验：有误的条目返回 rejected 与错误码，其余入库；已入库的流水号再次报送返回 duplicate 与原交易编号，不重复入库。认证失败 401：PARTNER_AUTH_REQUIRED / PARTNER_INVALID / PARTNER_DISABLED / PARTNER_SCOPE_DENIED。',
        body: IngestBody,
        response: { 200: IngestResult, '4xx': ErrorBody },
      },
      config: { access: 'partner', partnerScope: 'fleet:transactions' },
    },
    async (req) => {
      const partner = req.partner!;
      const { items } = req.body as Static<typeof IngestBody>;
      return audited(req, 'fleet_transaction.ingest', 'fleet_transaction', async (tx) => {
        const results = await ingestBatch(tx, partner.code, items);
        const count = (s: string) => results.filter((r) => r.status === s).length;
        const out = { created: count('created'), duplicate: count('duplicate'), rejected: count('rejected'), items: results };
        return {
          result: out,
          objectId: partner.code,
          detail: JSON.stringify({ partner: partner.code, items: items.length, created: out.created, duplicate: out.duplicate, rejected: out.rejected }),
        };
      });
    },
  );

  registerList(app, {
    path: '/api/fleet/transactions',
    tag,
    summary: '车辆费用交易台账',
    permission: 'fleet:provider:read',
    exportPermission: 'fleet:provider:read',
    objectType: 'fleet_transaction',
    filters: TransactionFilters,
    sorts: TRANSACTION_SORTS,
    defaultSort: 'occurredAt',
    defaultOrder: 'desc',
    item: Transaction,
    fetch: (req, f, page) => fetchPage(transactionListQuery(db, req.auth!.scope, f), selectTransactionColumns, page, 't.id'),
    present: presentTransaction,
    sheet: '车辆费用台账',
    // the cost ledger's column order (车辆费用台账)
    columns: [
      { header: '交易时间', width: 18, value: (r) => beijing(r.occurred_at) },
      { header: '车牌号', width: 12, value: (r) => r.plate },
      { header: '使用单位', width: 30, value: (r) => r.unit_name },
      { header: '费用类别', value: (r) => TX_CATEGORY_NAMES[r.category] },
      { header: '金额（元）', value: (r) => Number(r.amount) },
      { header: '数量', value: (r) => num(r.quantity) },
      { header: '里程表读数（公里）', value: (r) => num(r.odometer_km) },
      { header: '服务商', width: 28, value: (r) => r.provider_name ?? (r.partner_code === 'MANUAL' || r.partner_code === 'EXCEL' ? '' : r.partner_code) },
      { header: '是否定点', value: (r) => (r.designated ? '是' : '否') },
      { header: '地点', width: 28, value: (r) => r.place },
      { header: '来源', value: (r) => TX_SOURCE_NAMES[r.source] },
      { header: '交易流水号', width: 24, value: (r) => r.partner_tx_id },
      { header: '备注', width: 24, value: (r) => r.note },
    ],
  });

  app.post(
    '/api/fleet/transactions',
    {
      schema: { tags: [tag], summary: '手工录入交易（不可修改，更正请另录冲正记录）', body: ManualBody, response: { 200: Transaction, '4xx': ErrorBody } },
      config: { permission: 'fleet:provider:write' },
    },
    async (req) => {
      const b = req.body as Static<typeof ManualBody>;
      const scope = req.auth!.scope;
      const id = await audited(req, 'fleet_transaction.create', 'fleet_transaction', async (tx) => {
        const v = await findVehicleInScope(tx, scope, b.vehicleId);
        if (!v) throw notFound('车辆');
        const provider = b.providerId ? await findProviderById(tx, b.providerId) : undefined;
        if (b.providerId && !provider) throw notFound('服务商');
        const partnerTxId = manualTxId();
        const saved = await storeTransactions(tx, {
          partnerCode: 'MANUAL',
          providerCode: provider?.code ?? null,
          source: 'manual',
          createdBy: req.auth!.userId,
          drafts: [
            {
              partnerTxId,
              vehicle: { id: v.id, plate: v.plate, vin: v.vin, unit_id: v.unit_id, unit_path: '', region_path: '' },
              category: b.category,
              amount: b.amount,
              occurredAt: new Date(b.occurredAt),
              quantity: b.quantity ?? null,
              odometerKm: b.odometerKm ?? null,
              place: b.place?.trim() || null,
              note: b.note?.trim() || null,
            },
          ],
        });
        const s = saved.get(partnerTxId)!;
        return { result: s.id, objectId: s.id, after: { ...b, partnerTxId, designated: s.designated } };
      });
      const row = await selectTransactionColumns(transactionListQuery(db, scope, {}).where('t.id', '=', id)).executeTakeFirstOrThrow();
      return presentTransaction(req, row);
    },
  );

  app.get(
    '/api/fleet/vehicles/:id/costs',
    {
      schema: { tags: [tag], summary: '单车费用台账（按月、按类别）', params: IdParam, querystring: LedgerQuery, response: { 200: CostLedger, '4xx': ErrorBody } },
      config: { permission: 'fleet:analysis:read' },
    },
    async (req) => {
      const { id } = req.params as { id: number };
      const { year } = req.query as Static<typeof LedgerQuery>;
      const v = await findVehicleInScope(db, req.auth!.scope, id);
      if (!v) throw notFound('车辆');
      const months = new Map<string, Amounts>();
      for (let m = 1; m <= 12; m++) months.set(`${year}-${String(m).padStart(2, '0')}`, zero());
      const total = zero();
      for (const r of await findCostMonths(db, id, year)) {
        const a = months.get(r.month)!;
        const amount = Number(r.amount);
        for (const t of [a, total]) {
          t[r.category as keyof Amounts] = round2(t[r.category as keyof Amounts] + amount);
          t.total = round2(t.total + amount);
          t.txCount += r.tx_count;
          t.designatedCount += r.designated_count;
        }
      }
      return { vehicleId: v.id, plate: v.plate, unitName: v.unit_name, year, months: [...months].map(([month, a]) => ({ month, ...a })), total };
    },
  );

  await app.register(importCentreRoutes({ base: '/api/fleet/imports', permission: 'fleet:provider:write', tag: '公务用车导入', kinds: FLEET_COST_IMPORT_KINDS }));
}
