import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { auditEvent, audited } from '../../platform/audit/audit.service.js';
import { notFound } from '../../platform/errors.js';
import { ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import {
  CARD_SORTS,
  type CardRow,
  cardListQuery,
  findAssetClasses,
  findCardFiles,
  findCardInScope,
  findEvents,
  findFileOfCard,
  findStructures,
  selectCardColumns,
} from './asset.repository.js';
import { AttachBody, Card, CardCreate, CardDetail, CardEditBody, CardFilters, Reference } from './asset.schemas.js';
import {
  ACQUISITION_NAMES,
  attachCardFile,
  CARD_KIND_NAMES,
  CARD_STATUS_NAMES,
  type CardEdit,
  type CardInput,
  cardActions,
  editCard,
  EVENT_KIND_NAMES,
  EVENT_PHASE_NAMES,
  FILE_CATEGORY_NAMES,
  registerCard,
} from './asset.service.js';

const num = (v: string | number | null) => (v === null ? null : Number(v));

export function presentCard(req: FastifyRequest, r: CardRow): Static<typeof Card> {
  const original = Number(r.original_value);
  const net = Number(r.net_value);
  return {
    id: r.id,
    cardNo: r.card_no,
    kind: r.kind,
    kindName: CARD_KIND_NAMES[r.kind] ?? r.kind,
    classCode: r.class_code,
    className: r.class_name,
    name: r.name,
    compoundId: r.compound_id,
    compoundName: r.compound_name,
    buildingId: r.building_id,
    buildingName: r.building_name,
    buildYear: r.build_year,
    roomId: r.room_id,
    roomNo: r.room_no,
    unitId: r.unit_id,
    unitName: r.unit_name,
    acquisitionMethod: r.acquisition_method,
    acquisitionMethodName: ACQUISITION_NAMES[r.acquisition_method] ?? r.acquisition_method,
    acquiredOn: r.acquired_on,
    originalValue: original,
    accumulatedDepreciation: Math.round((original - net) * 100) / 100,
    netValue: net,
    area: num(r.area),
    structureCode: r.structure_code,
    structureName: r.structure_name,
    depreciationYears: r.depreciation_years,
    certNo: r.cert_no,
    status: r.status,
    statusName: CARD_STATUS_NAMES[r.status] ?? r.status,
    disposedOn: r.disposed_on,
    openApplicationId: r.open_application_id,
    updatedAt: iso(r.updated_at)!,
    _actions: cardActions(r, req.auth!.permissions),
  };
}

/** 资产卡片: the register of land, building and room cards with net value, timeline and attachments. */
export async function assetRoutes(app: FastifyInstance) {
  const { db } = app.platform;
  const tag = '资产卡片';

  registerList(app, {
    path: '/api/estate/assets',
    tag,
    summary: '资产卡片台账',
    permission: 'estate:asset:read',
    exportPermission: 'estate:asset:export',
    objectType: 'asset_card',
    filters: CardFilters,
    sorts: CARD_SORTS,
    defaultSort: 'cardNo',
    item: Card,
    fetch: (req, f, page) => fetchPage(cardListQuery(db, req.auth!.scope, f), selectCardColumns, page, 'c.id'),
    present: presentCard,
    sheet: '资产卡片台账',
    // the customer's register column order
    columns: [
      { header: '卡片编号', width: 20, value: (r) => r.card_no },
      { header: '资产名称', width: 30, value: (r) => r.name },
      { header: '资产分类', width: 28, value: (r) => `${r.class_code} ${r.class_name}` },
      { header: '类别', value: (r) => CARD_KIND_NAMES[r.kind] },
      { header: '坐落院落', width: 28, value: (r) => r.compound_name },
      { header: '楼座', value: (r) => r.building_name },
      { header: '房间', value: (r) => r.room_no },
      { header: '使用单位', width: 30, value: (r) => r.unit_name },
      { header: '取得方式', value: (r) => ACQUISITION_NAMES[r.acquisition_method] },
      { header: '取得日期', value: (r) => r.acquired_on },
      { header: '原值', value: (r) => Number(r.original_value) },
      { header: '结构', value: (r) => r.structure_name },
      { header: '折旧年限', value: (r) => r.depreciation_years },
      { header: '累计折旧', value: (r) => Math.round((Number(r.original_value) - Number(r.net_value)) * 100) / 100 },
      { header: '净值', value: (r) => Number(r.net_value) },
      { header: '面积', value: (r) => num(r.area) },
      { header: '权证号', width: 24, value: (r) => r.cert_no },
      { header: '状态', value: (r) => CARD_STATUS_NAMES[r.status] },
    ],
  });

  app.get(
    '/api/estate/assets/reference',
    { schema: { tags: [tag], summary: '资产分类与建筑结构（折旧年限）', response: { 200: Reference, '4xx': ErrorBody } }, config: { permission: 'estate:asset:read' } },
    async () => ({
      classes: await findAssetClasses(db),
      structures: (await findStructures(db)).map((s) => ({ code: s.code, name: s.name, depreciationYears: s.depreciation_years })),
    }),
  );

  const detailOf = async (req: FastifyRequest, id: number): Promise<Static<typeof CardDetail>> => {
    const card = await findCardInScope(db, req.auth!.scope, id);
    if (!card) throw notFound('资产卡片');
    const [events, files] = await Promise.all([findEvents(db, id), findCardFiles(db, id)]);
    return {
      card: presentCard(req, card),
      events: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        kindName: EVENT_KIND_NAMES[e.kind] ?? e.kind,
        phase: e.phase,
        phaseName: EVENT_PHASE_NAMES[e.phase] ?? e.phase,
        applicationId: e.application_id,
        summary: e.summary,
        detail: (e.detail ?? {}) as Record<string, unknown>,
        actorName: e.actor_name,
        at: iso(e.at)!,
      })),
      files: files.map((f) => ({
        id: f.id,
        name: f.name,
        size: f.size,
        mime: f.mime,
        category: f.category,
        categoryName: FILE_CATEGORY_NAMES[f.category] ?? f.category,
        uploadedAt: iso(f.created_at)!,
      })),
    };
  };

  app.get(
    '/api/estate/assets/:id',
    { schema: { tags: [tag], summary: '资产卡片详情：净值、履历、附件、可执行操作', params: IdParam, response: { 200: CardDetail, '4xx': ErrorBody } }, config: { permission: 'estate:asset:read' } },
    async (req) => detailOf(req, (req.params as { id: number }).id),
  );

  app.post(
    '/api/estate/assets',
    {
      schema: { tags: [tag], summary: '登记资产卡片', body: CardCreate, response: { 200: CardDetail, '4xx': ErrorBody } },
      config: { permission: 'estate:asset:write' },
    },
    async (req) => {
      const body = req.body as CardInput;
      const id = await audited(req, 'asset_card.create', 'asset_card', async (tx) => {
        const cardId = await registerCard(tx, { userId: req.auth!.userId, scope: req.auth!.scope }, body);
        return { result: cardId, objectId: cardId, after: body };
      });
      return detailOf(req, id);
    },
  );

  app.put(
    '/api/estate/assets/:id',
    {
      schema: { tags: [tag], summary: '修改资产卡片的描述信息（状态只随申请变化）', params: IdParam, body: CardEditBody, response: { 200: CardDetail, '4xx': ErrorBody } },
      config: { permission: 'estate:asset:write' },
    },
    async (req) => {
      const id = (req.params as { id: number }).id;
      await audited(req, 'asset_card.update', 'asset_card', async (tx) => {
        const card = await findCardInScope(tx, req.auth!.scope, id);
        if (!card) throw notFound('资产卡片');
        const changed = await editCard(tx, { userId: req.auth!.userId, scope: req.auth!.scope }, card, req.body as CardEdit);
        return { result: changed, objectId: id, after: req.body };
      });
      return detailOf(req, id);
    },
  );

  app.post(
    '/api/estate/assets/:id/files',
    {
      schema: { tags: [tag], summary: '上传资产附件（权证、照片、合同等；先 POST /api/files 上传）', params: IdParam, body: AttachBody, response: { 200: CardDetail, '4xx': ErrorBody } },
      config: { permission: 'estate:asset:write' },
    },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const body = req.body as Static<typeof AttachBody>;
      await audited(req, 'asset_card.attach', 'asset_card', async (tx) => {
        const card = await findCardInScope(tx, req.auth!.scope, id);
        if (!card) throw notFound('资产卡片');
        await attachCardFile(tx, { userId: req.auth!.userId, scope: req.auth!.scope }, id, body.fileId, body.category);
        return { result: null, objectId: id, after: body };
      });
      return detailOf(req, id);
    },
  );

  app.get(
    '/api/estate/assets/:id/files/:fileId',
    {
      schema: {
        tags: [tag],
        summary: '下载资产附件',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }), fileId: Type.String({ format: 'uuid' }) }),
        produces: ['application/octet-stream'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorBody },
      },
      config: { permission: 'estate:asset:read' },
    },
    async (req, reply) => {
      const { id, fileId } = req.params as { id: number; fileId: string };
      if (!(await findCardInScope(db, req.auth!.scope, id))) throw notFound('资产卡片');
      const f = await findFileOfCard(db, id, fileId);
      if (!f) throw notFound('附件');
      await auditEvent(req, { action: 'file.download', object_type: 'file', object_id: f.id, detail: `asset_card ${id}` });
      return reply
        .header('content-type', f.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(f.content);
    },
  );
}
