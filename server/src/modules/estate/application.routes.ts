import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { notFound } from '../../platform/errors.js';
import { ErrorBody, IdParam, iso } from '../../platform/http/schemas.js';
import { fetchPage, registerList } from '../../platform/list/list.js';
import type { Env } from '../../platform/workflow/workflow.engine.js';
import {
  AcceptanceBody,
  AllocationBody,
  Application,
  ApplicationDetail,
  ApplicationFilters,
  DisposalBody,
  ExchangeBody,
  ExecutionBody,
  LeaseInBody,
  RepairBody,
  WriteOffBody,
} from './application.schemas.js';
import {
  APPLICATION_SORTS,
  type ApplicationKind,
  type ApplicationRow,
  applicationListQuery,
  findApplicationByKey,
  findApplicationInScope,
  findApplicationRooms,
  selectApplicationColumns,
} from './application.repository.js';
import {
  acceptRepair,
  applicationActions,
  applyAllocation,
  applyDisposal,
  applyExchange,
  applyLeaseIn,
  applyRepair,
  type Caller,
  executeDisposal,
  writeOffDisposal,
} from './application.service.js';
import { DISPOSAL_FORMS, KIND_NAMES, WEAR_GRADES } from './application.workflow.js';

const STATUS_NAMES: Record<string, string> = { pending: '审批中', approved: '已批准待执行', rejected: '未通过', cancelled: '已撤销', done: '已办结' };

function present(req: FastifyRequest, r: ApplicationRow): Static<typeof Application> {
  return {
    id: r.id,
    kind: r.kind,
    kindName: KIND_NAMES[r.kind as ApplicationKind] ?? r.kind,
    cardId: r.card_id,
    cardNo: r.card_no,
    cardName: r.card_name,
    cardStatus: r.card_status,
    unitId: r.unit_id,
    unitName: r.unit_name,
    title: r.title,
    reason: r.reason,
    form: (r.form ?? {}) as Record<string, unknown>,
    status: r.status,
    statusName: STATUS_NAMES[r.status] ?? r.status,
    priorStatus: r.prior_status,
    instanceId: r.wf_instance_id,
    createdByName: r.created_by_name,
    createdAt: iso(r.created_at)!,
    decidedAt: iso(r.decided_at),
    doneAt: iso(r.done_at),
    priority: r.priority === null ? null : Number(r.priority),
    _actions: applicationActions(r, req.auth!.permissions),
  };
}

const formText = (r: ApplicationRow) => {
  const f = (r.form ?? {}) as Record<string, unknown>;
  switch (r.kind) {
    case 'repair':
      return `预算 ${String(f.budget)} 元；${WEAR_GRADES[String(f.wearGrade)] ?? ''}；${String(f.scope ?? '')}`;
    case 'disposal':
      return `${DISPOSAL_FORMS[String(f.disposalForm)] ?? ''}${f.appraisedValue !== null && f.appraisedValue !== undefined ? `；评估价值 ${String(f.appraisedValue)} 元` : ''}`;
    case 'lease_in':
      return `${String(f.lessor)}；${String(f.address)}；${String(f.area)} ㎡；年租金 ${String(f.annualRent)} 元；${String(f.termFrom)} 至 ${String(f.termTo)}`;
    case 'allocation':
      return f.source === 'idle_rooms' ? `闲置用房：${((f.rooms as string[] | undefined) ?? []).join('、')}` : `其他单位资产（${String(f.fromUnitName ?? '')}）`;
    case 'exchange':
      return `置换对象：${String(f.counterpartCardNo)}（${String(f.counterpartUnitName ?? '')}）`;
    default:
      return '';
  }
};

const EXPORT_COLUMNS = [
  { header: '编号', value: (r: ApplicationRow) => r.id },
  { header: '类型', value: (r: ApplicationRow) => KIND_NAMES[r.kind as ApplicationKind] },
  { header: '标题', width: 36, value: (r: ApplicationRow) => r.title },
  { header: '申请单位', width: 30, value: (r: ApplicationRow) => r.unit_name },
  { header: '资产卡片', width: 20, value: (r: ApplicationRow) => r.card_no },
  { header: '资产名称', width: 28, value: (r: ApplicationRow) => r.card_name },
  { header: '申请内容', width: 50, value: formText },
  { header: '理由', width: 40, value: (r: ApplicationRow) => r.reason },
  { header: '状态', value: (r: ApplicationRow) => STATUS_NAMES[r.status] },
  { header: '申请人', value: (r: ApplicationRow) => r.created_by_name },
  { header: '申请时间', width: 20, value: (r: ApplicationRow) => r.created_at },
  { header: '办结时间', width: 20, value: (r: ApplicationRow) => r.done_at },
];

/** 用房申请: 调剂、置换、租用、维修、处置 through the approval engine, and the execution steps after approval. */
export async function applicationRoutes(app: FastifyInstance) {
  const p = app.platform;
  const { db } = p;
  const tag = '用房申请';

  registerList(app, {
    path: '/api/estate/applications',
    tag,
    summary: '办公用房申请列表',
    permission: 'estate:application:read',
    exportPermission: 'estate:application:read',
    objectType: 'estate_application',
    filters: ApplicationFilters,
    sorts: APPLICATION_SORTS,
    defaultSort: 'id',
    defaultOrder: 'desc',
    item: Application,
    fetch: (req, f, page) => fetchPage(applicationListQuery(db, req.auth!.scope, f), selectApplicationColumns, page, 'a.id'),
    present,
    sheet: '办公用房申请',
    columns: EXPORT_COLUMNS,
  });

  registerList(app, {
    path: '/api/estate/repairs',
    tag,
    summary: '维修申请按优先级排序（建成年代、完损等级、距上次维修年数、单位面积能耗）',
    permission: 'estate:application:read',
    exportPermission: 'estate:application:read',
    objectType: 'estate_repair',
    filters: { status: ApplicationFilters.status, unitId: ApplicationFilters.unitId },
    sorts: { priority: 'priority', id: 'a.id', createdAt: 'a.created_at' },
    defaultSort: 'priority',
    defaultOrder: 'desc',
    item: Application,
    fetch: (req, f, page) => fetchPage(applicationListQuery(db, req.auth!.scope, { ...f, kind: 'repair' }), selectApplicationColumns, page, 'a.id'),
    present,
    sheet: '维修优先级',
    columns: [{ header: '优先级', value: (r) => (r.priority === null ? null : Number(r.priority)) }, ...EXPORT_COLUMNS],
  });

  const detailOf = async (req: FastifyRequest, id: number): Promise<Static<typeof ApplicationDetail>> => {
    const a = await findApplicationInScope(db, req.auth!.scope, id);
    if (!a) throw notFound('申请');
    const rooms = await findApplicationRooms(db, id);
    return {
      application: present(req, a),
      rooms: rooms.map((r) => ({
        id: r.id,
        roomNo: r.room_no,
        buildingName: r.building_name,
        compoundName: r.compound_name,
        usableArea: Number(r.usable_area),
        status: r.status,
        open: r.open,
      })),
    };
  };

  app.get(
    '/api/estate/applications/:id',
    { schema: { tags: [tag], summary: '申请详情', params: IdParam, response: { 200: ApplicationDetail, '4xx': ErrorBody } }, config: { permission: 'estate:application:read' } },
    async (req) => detailOf(req, (req.params as { id: number }).id),
  );

  /** One POST per kind: the record and the approval start in one transaction; the same requestKey returns the same application. */
  const applyRoute = <B extends TSchema>(path: string, kind: ApplicationKind, body: B, run: (env: Env, caller: Caller, body: Static<B>) => Promise<number>) =>
    app.post(
      `/api/estate/applications/${path}`,
      {
        schema: { tags: [tag], summary: `申请${KIND_NAMES[kind]}（同一 requestKey 重复提交返回同一申请）`, body, response: { 200: ApplicationDetail, '4xx': ErrorBody } },
        config: { permission: 'estate:application:create' },
      },
      async (req) => {
        const auth = req.auth!;
        const input = req.body as Static<B> & { requestKey: string };
        const prior = await findApplicationByKey(db, auth.userId, input.requestKey);
        if (prior) return detailOf(req, prior.id);
        const id = await audited(req, `estate_application.${kind}`, 'estate_application', async (tx) => {
          const appId = await run({ tx, p }, { userId: auth.userId, unitId: auth.unitId, scope: auth.scope }, input);
          return { result: appId, objectId: appId, after: input };
        });
        return detailOf(req, id);
      },
    );
  applyRoute('allocation', 'allocation', AllocationBody, applyAllocation);
  applyRoute('exchange', 'exchange', ExchangeBody, applyExchange);
  applyRoute('lease-in', 'lease_in', LeaseInBody, applyLeaseIn);
  applyRoute('repair', 'repair', RepairBody, applyRepair);
  applyRoute('disposal', 'disposal', DisposalBody, applyDisposal);

  const stepRoute = <B extends TSchema>(path: string, summary: string, action: string, body: B, run: (tx: Env['tx'], actorId: number, id: number, body: Static<B>) => Promise<unknown>) =>
    app.post(
      `/api/estate/applications/:id/${path}`,
      {
        schema: { tags: [tag], summary, params: IdParam, body, response: { 200: ApplicationDetail, '4xx': ErrorBody } },
        config: { permission: 'estate:application:execute' },
      },
      async (req) => {
        const id = (req.params as { id: number }).id;
        await audited(req, action, 'estate_application', async (tx) => {
          if (!(await findApplicationInScope(tx, req.auth!.scope, id))) throw notFound('申请');
          const result = await run(tx, req.auth!.userId, id, req.body as Static<B>);
          return { result, objectId: id, after: result };
        });
        return detailOf(req, id);
      },
    );
  stepRoute('accept', '维修验收（资产恢复维修前状态，申请办结）', 'estate_application.accept', AcceptanceBody, acceptRepair);
  stepRoute('execute', '登记处置执行情况', 'estate_application.execute', ExecutionBody, executeDisposal);
  stepRoute('write-off', '处置核销（卡片注销，房间注销；处置收入上缴国库）', 'estate_application.write_off', WriteOffBody, writeOffDisposal);

}
