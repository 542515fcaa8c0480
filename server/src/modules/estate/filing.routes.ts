import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { notFound } from '../../platform/errors.js';
import { Actions, ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import { findPersonOfficeAreas } from './evaluation.repository.js';
import { FILING_SORTS, type FilingListRow, filingListQuery, findFilingInScope, selectFilingListColumns } from './filing.repository.js';
import { buildFilingItems, type FilingItem, openFiling, type PostingInput, recordPosting, refreshFiling, submitFilingNow } from './filing.service.js';

const STATUS_NAMES: Record<string, string> = { none: '未备案', draft: '草稿（未报送）', submitted: '已报送' };
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Year = Type.Integer({ minimum: 2014, maximum: 2100 });

const FilingListItem = Type.Object({
  id: Type.Integer({ description: '单位 id（每个单位一行）' }),
  unitId: Type.Integer(),
  unitName: Type.String(),
  regionName: Type.String(),
  year: Type.Integer(),
  filingId: Nullable(Type.Integer()),
  status: Type.String(),
  statusName: Type.String(),
  leaderCount: Type.Integer(),
  submittedAt: Nullable(Type.String()),
  postedFrom: Nullable(Type.String()),
  postedTo: Nullable(Type.String()),
  postingPlace: Nullable(Type.String()),
  _actions: Actions,
});

const Item = Type.Object({
  personId: Type.Integer(),
  personName: Type.String(),
  rankName: Nullable(Type.String()),
  rankLevel: Nullable(Type.String()),
  rooms: Type.String(),
  area: Type.Number(),
  cap: Nullable(Type.Number()),
  restRoom: Type.Boolean(),
  overStandard: Type.Boolean(),
});

const Filing = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  year: Type.Integer(),
  status: Type.String(),
  statusName: Type.String(),
  items: Type.Array(Item),
  live: Type.Boolean({ description: '草稿时为按当前用房实时生成的清单；报送后为冻结的快照' }),
  postedFrom: Nullable(Type.String()),
  postedTo: Nullable(Type.String()),
  postingPlace: Nullable(Type.String()),
  postingResult: Nullable(Type.String()),
  submittedByName: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  _actions: Actions,
});

/** 领导干部办公用房备案: per unit and year, the leaders' offices; submitted once a year, with the public posting. */
export async function filingRoutes(app: FastifyInstance) {
  const { db } = app.platform;
  const tag = '办公用房备案';
  const find = findPersonOfficeAreas;

  const listActions = (req: FastifyRequest, r: FilingListRow) => {
    const can = req.auth!.permissions.has('estate:filing:write');
    if (r.filing_id === null) return can ? ['create'] : [];
    return ['view', ...(can && r.status === 'draft' ? ['submit'] : [])];
  };

  registerList(app, {
    path: '/api/estate/filings',
    tag,
    summary: '领导干部办公用房备案（按年度，每个单位一行；状态“未备案”即未建立备案的单位）',
    permission: 'estate:filing:read',
    exportPermission: 'estate:filing:read',
    objectType: 'estate_filing',
    filters: {
      year: Type.Optional(Year),
      status: Type.Optional(Type.Union(['none', 'draft', 'submitted', 'unsubmitted'].map((s) => Type.Literal(s)))),
      unitId: Type.Optional(Type.Integer({ minimum: 1 })),
      regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
      withLeaders: Type.Optional(Type.Boolean({ description: '只看有领导干部（县处级副职及以上）的单位' })),
    },
    sorts: FILING_SORTS,
    defaultSort: 'unitId',
    item: FilingListItem,
    fetch: (req, f, page) =>
      fetchPage(filingListQuery(db, req.auth!.scope, { ...f, year: f.year ?? new Date().getFullYear() }), selectFilingListColumns, page, 'o.id'),
    present: (req, r) => ({
      id: r.unit_id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      regionName: r.region_name,
      year: Number((req.query as { year?: number }).year ?? new Date().getFullYear()),
      filingId: r.filing_id,
      status: r.status ?? 'none',
      statusName: STATUS_NAMES[r.status ?? 'none']!,
      leaderCount: r.leader_count,
      submittedAt: iso(r.submitted_at),
      postedFrom: r.posted_from,
      postedTo: r.posted_to,
      postingPlace: r.posting_place,
      _actions: listActions(req, r),
    }),
    sheet: '领导干部办公用房备案',
    columns: [
      { header: '单位', width: 36, value: (r) => r.unit_name },
      { header: '地区', value: (r) => r.region_name },
      { header: '领导干部人数', value: (r) => r.leader_count },
      { header: '备案状态', value: (r) => STATUS_NAMES[r.status ?? 'none'] },
      { header: '报送时间', width: 20, value: (r) => r.submitted_at },
      { header: '公示开始', value: (r) => r.posted_from },
      { header: '公示结束', value: (r) => r.posted_to },
      { header: '公示地点', width: 30, value: (r) => r.posting_place },
    ],
  });

  const detailOf = async (req: FastifyRequest, id: number): Promise<Static<typeof Filing>> => {
    const f = await findFilingInScope(db, req.auth!.scope, id);
    if (!f) throw notFound('备案');
    const live = f.status === 'draft';
    const items = live ? await buildFilingItems(db, find, f.unit_id, f.year) : (f.items as unknown as FilingItem[]);
    const can = req.auth!.permissions.has('estate:filing:write');
    return {
      id: f.id,
      unitId: f.unit_id,
      unitName: f.unit_name,
      year: f.year,
      status: f.status,
      statusName: STATUS_NAMES[f.status] ?? f.status,
      items,
      live,
      postedFrom: f.posted_from,
      postedTo: f.posted_to,
      postingPlace: f.posting_place,
      postingResult: f.posting_result,
      submittedByName: f.submitted_by_name,
      submittedAt: iso(f.submitted_at),
      createdAt: iso(f.created_at)!,
      _actions: can ? (live ? ['refresh', 'submit', 'posting'] : ['posting']) : [],
    };
  };

  app.get(
    '/api/estate/filings/:id',
    { schema: { tags: [tag], summary: '备案详情（草稿为实时清单，报送后为快照）', params: IdParam, response: { 200: Filing, '4xx': ErrorBody } }, config: { permission: 'estate:filing:read' } },
    async (req) => detailOf(req, (req.params as { id: number }).id),
  );

  app.post(
    '/api/estate/filings',
    {
      schema: {
        tags: [tag],
        summary: '建立某单位某年度的备案草稿（已存在则返回已有的）',
        body: Type.Object({ unitId: Type.Integer({ minimum: 1 }), year: Year }, { additionalProperties: false }),
        response: { 200: Filing, '4xx': ErrorBody },
      },
      config: { permission: 'estate:filing:write' },
    },
    async (req) => {
      const { unitId, year } = req.body as { unitId: number; year: number };
      const id = await audited(req, 'estate_filing.create', 'estate_filing', async (tx) => {
        const fid = await openFiling(tx, find, { userId: req.auth!.userId, scope: req.auth!.scope }, unitId, year);
        return { result: fid, objectId: fid, after: { unitId, year } };
      });
      return detailOf(req, id);
    },
  );

  const step = (path: string, summary: string, action: string, run: (tx: Parameters<typeof refreshFiling>[0], req: FastifyRequest, id: number) => Promise<unknown>, body?: ReturnType<typeof Type.Object>) =>
    app.post(
      `/api/estate/filings/:id/${path}`,
      {
        schema: { tags: [tag], summary, params: IdParam, ...(body ? { body } : {}), response: { 200: Filing, '4xx': ErrorBody } },
        config: { permission: 'estate:filing:write' },
      },
      async (req) => {
        const id = (req.params as { id: number }).id;
        await audited(req, action, 'estate_filing', async (tx) => {
          if (!(await findFilingInScope(tx, req.auth!.scope, id))) throw notFound('备案');
          const result = await run(tx, req, id);
          return { result, objectId: id, after: body ? req.body : { items: Array.isArray(result) ? result.length : undefined } };
        });
        return detailOf(req, id);
      },
    );
  step('refresh', '按当前用房重新生成草稿', 'estate_filing.refresh', (tx, _req, id) => refreshFiling(tx, find, id));
  step('submit', '报送备案（清单冻结）', 'estate_filing.submit', (tx, req, id) => submitFilingNow(tx, find, { userId: req.auth!.userId, scope: req.auth!.scope }, id));
  step(
    'posting',
    '登记年度公示（起止日期、地点、结果）',
    'estate_filing.posting',
    (tx, req, id) => recordPosting(tx, id, req.body as PostingInput),
    Type.Object(
      {
        postedFrom: DateOnly,
        postedTo: DateOnly,
        place: Type.String({ minLength: 2, maxLength: 200 }),
        result: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
      },
      { additionalProperties: false },
    ),
  );
}
