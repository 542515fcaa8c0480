import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { type Static, type TProperties, Type } from 'typebox';
import { audited, auditEvent } from '../audit/audit.service.js';
import type { Db } from '../../db/connection.js';
import type { Platform } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { Actions, ErrorBody, iso } from '../http/schemas.js';
import type { AuthContext } from '../identity/auth.context.js';
import { fetchPage, registerList } from '../list/list.js';
import { findDefinitionById } from './definition.repository.js';
import {
  type ActInput,
  addApprovers,
  approve,
  cancel,
  comment,
  delegate,
  type Env,
  OUTCOME_NAMES,
  reject,
  transfer,
  urge,
  withdraw,
} from './workflow.engine.js';
import { FlowNode, flowOfInstance, instanceActions } from './workflow.presenter.js';
import {
  anyoneActed,
  type Box,
  fileOfInstance,
  findInstance,
  findLiveRuns,
  findPickableUsers,
  findUsersByIds,
  findTasksOfInstance,
  findTimeline,
  instanceInScope,
  instanceList,
  type InstanceRow,
  type ListFilter,
  markCcRead,
} from './workflow.repository.js';

const STATUS_NAMES: Record<string, string> = { running: '审批中', ...OUTCOME_NAMES };
const TASK_STATUS_NAMES: Record<string, string> = {
  pending: '待办',
  waiting: '等待中',
  approved: '已同意',
  rejected: '已拒绝',
  transferred: '已转办',
  delegated: '已委派',
  done: '已办理',
  cancelled: '已取消',
  unread: '未读',
  read: '已读',
};

const InstanceStatusT = Type.Union(['running', 'approved', 'rejected', 'withdrawn', 'cancelled'].map((s) => Type.Literal(s)));
const Filters = {
  businessType: Type.Optional(Type.String({ maxLength: 60 })),
  keyword: Type.Optional(Type.String({ maxLength: 50, description: '标题、发起人或发起单位' })),
  status: Type.Optional(InstanceStatusT),
  from: Type.Optional(Type.String({ format: 'date-time', description: '发起时间起（含）' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: '发起时间止（不含）' })),
} satisfies TProperties;

const ListItem = Type.Object({
  instanceId: Type.Integer(),
  taskId: Type.Union([Type.Integer(), Type.Null()]),
  title: Type.String(),
  businessType: Type.String(),
  businessTypeName: Type.String(),
  starterName: Type.String(),
  unitName: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  taskStatus: Type.Union([Type.String(), Type.Null()]),
  nodeName: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  receivedAt: Type.Union([Type.String(), Type.Null()]),
  actedAt: Type.Union([Type.String(), Type.Null()]),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
});

interface ListRow {
  instance_id: number;
  task_id: number | null;
  title: string;
  business_type: string;
  business_type_name: string;
  starter_name: string;
  unit_name: string;
  status: string;
  task_status: string | null;
  node_name: string | null;
  started_at: Date;
  finished_at: Date | null;
  received_at: Date | null;
  acted_at: Date | null;
  due_at: Date | null;
}

function presentListItem(_req: FastifyRequest, r: ListRow): Static<typeof ListItem> {
  return {
    instanceId: r.instance_id,
    taskId: r.task_id,
    title: r.title,
    businessType: r.business_type,
    businessTypeName: r.business_type_name,
    starterName: r.starter_name,
    unitName: r.unit_name,
    status: r.status,
    statusName: STATUS_NAMES[r.status] ?? r.status,
    taskStatus: r.task_status,
    nodeName: r.node_name,
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
    receivedAt: iso(r.received_at),
    actedAt: iso(r.acted_at),
    dueAt: iso(r.due_at),
    overdue: r.task_status === 'pending' && !!r.due_at && new Date(r.due_at).getTime() < Date.now(),
  };
}

const EXPORT_COLUMNS = [
  { header: '标题', width: 40, value: (r: ListRow) => r.title },
  { header: '类型', width: 14, value: (r: ListRow) => r.business_type_name },
  { header: '发起人', value: (r: ListRow) => r.starter_name },
  { header: '发起单位', width: 30, value: (r: ListRow) => r.unit_name },
  { header: '状态', value: (r: ListRow) => STATUS_NAMES[r.status] ?? r.status },
  { header: '节点', value: (r: ListRow) => r.node_name },
  { header: '我的处理', value: (r: ListRow) => (r.task_status ? (TASK_STATUS_NAMES[r.task_status] ?? r.task_status) : '') },
  { header: '发起时间', width: 20, value: (r: ListRow) => r.started_at },
  { header: '办结时间', width: 20, value: (r: ListRow) => r.finished_at },
];

function listFetch(db: Platform['db'], box: (req: FastifyRequest, f: { box?: string }) => Box) {
  return async (req: FastifyRequest, f: ListFilter & { box?: string }, page: Parameters<typeof fetchPage>[2]) => {
    const b = box(req, f);
    const taskBased = b === 'pending' || b === 'done' || b === 'cc';
    const base = instanceList(db, b, req.auth!.userId, req.auth!.scope, f);
    const taskCol = (ref: string) => (taskBased ? sql<unknown>`${sql.ref(ref)}` : sql<unknown>`null`);
    const res = await fetchPage(
      base,
      (q) =>
        q.select((eb) => [
          'i.id as instance_id',
          'i.title',
          'i.business_type',
          'bt.name as business_type_name',
          's.display_name as starter_name',
          'o.name as unit_name',
          'i.status',
          'i.started_at',
          'i.finished_at',
          taskCol('t.id').as('task_id'),
          taskCol('t.status').as('task_status'),
          taskCol('t.created_at').as('received_at'),
          taskCol('t.acted_at').as('acted_at'),
          taskCol('t.due_at').as('due_at'),
          eb
            .selectFrom('wf_node_run as r')
            .select('r.node_name')
            .$if(taskBased, (q2) => q2.whereRef('r.id', '=', 't.node_run_id' as 'i.id'))
            .$if(!taskBased, (q2) => q2.whereRef('r.instance_id', '=', 'i.id').where('r.status', '=', 'active').where('r.node_type', '=', 'approval').orderBy('r.id').limit(1))
            .as('node_name'),
        ]),
      page,
      taskBased ? 't.id' : 'i.id',
    );
    return res as unknown as { items: ListRow[]; total: number };
  };
}

// ------------------------------------------------------------------ detail

const Detail = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  businessType: Type.String(),
  businessTypeName: Type.String(),
  businessKey: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  status: Type.String(),
  statusName: Type.String(),
  starterId: Type.Integer(),
  starterName: Type.String(),
  unitName: Type.String(),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  form: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), value: Type.Unknown(), display: Type.String({ description: '供显示的中文值' }) })),
  flow: Type.Array(FlowNode),
  timeline: Type.Array(
    Type.Object({
      id: Type.Integer(),
      action: Type.String(),
      nodeId: Type.Union([Type.String(), Type.Null()]),
      actorName: Type.Union([Type.String(), Type.Null()]),
      targetName: Type.Union([Type.String(), Type.Null()]),
      comment: Type.String(),
      at: Type.String(),
      files: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), size: Type.Integer() })),
    }),
  ),
  myTaskId: Type.Union([Type.Integer(), Type.Null()]),
  /** approve: my own decision; delegate: an opinion asked of me (委派), the button reads 办理 */
  myTaskKind: Type.Union([Type.Literal('approve'), Type.Literal('delegate'), Type.Null()]),
  returnTargets: Type.Array(Type.Object({ nodeId: Type.String(), name: Type.String() })),
  _actions: Actions,
});

/** A form value as people read it: option labels instead of codes, lists joined, numbers grouped, yes/no in Chinese. */
export function displayValue(value: unknown, options?: { value: string; label: string }[]): string {
  const one = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '';
    if (typeof v === 'boolean') return v ? '是' : '否';
    if (typeof v === 'number') return v.toLocaleString('zh-CN');
    if (Array.isArray(v)) return v.map(one).filter(Boolean).join('、');
    if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}：${one(x)}`).join('；');
    return options?.find((o) => o.value === String(v))?.label ?? String(v);
  };
  return one(value) || '-';
}

/** An instance is visible to its starter, to anyone it reached (approvers, copy-to), and to monitors whose scope covers it. */
async function visibleInstance(db: Db, auth: AuthContext, id: number): Promise<InstanceRow> {
  const inst = await findInstance(db, id);
  if (!inst) throw notFound('审批');
  if (inst.starter_id === auth.userId) return inst;
  const tasks = await db.selectFrom('wf_task').select('id').where('instance_id', '=', id).where('assignee_id', '=', auth.userId).limit(1).executeTakeFirst();
  if (tasks) return inst;
  if (auth.permissions.has('workflow:instance:read') && (await instanceInScope(db, auth.scope, id))) return inst;
  throw notFound('审批');
}

async function isManager(db: Db, auth: AuthContext, id: number) {
  return auth.permissions.has('workflow:instance:manage') && instanceInScope(db, auth.scope, id);
}

async function detail(p: Platform, auth: AuthContext, inst: InstanceRow): Promise<Static<typeof Detail>> {
  const { db } = p;
  const type = p.businessTypes.get(inst.business_type);
  const def = (await findDefinitionById(db, inst.definition_id))!;
  const [runs, tasks, timeline, acted, names] = await Promise.all([
    findLiveRuns(db, inst.id),
    findTasksOfInstance(db, inst.id),
    findTimeline(db, inst.id),
    anyoneActed(db, inst.id),
    db
      .selectFrom('wf_instance as i')
      .innerJoin('app_user as s', 's.id', 'i.starter_id')
      .innerJoin('org as o', 'o.id', 'i.unit_id')
      .innerJoin('wf_business_type as bt', 'bt.code', 'i.business_type')
      .select(['s.display_name', 'o.name', 'bt.name as type_name'])
      .where('i.id', '=', inst.id)
      .executeTakeFirstOrThrow(),
  ]);
  const myTask = tasks.find((t) => t.assignee_id === auth.userId && t.status === 'pending' && t.kind !== 'cc');
  const current = myTask ? runs.find((r) => r.id === myTask.node_run_id) : undefined;
  const returnTargets = current
    ? runs.filter((r) => r.node_type === 'approval' && r.status === 'approved' && r.id < current.id).map((r) => ({ nodeId: r.node_id, name: r.node_name }))
    : [];
  const manager = await isManager(db, auth, inst.id);
  const fields = type?.fields ?? [];
  const formEntries = Object.entries(inst.form).map(([key, value]) => {
    const field = fields.find((f) => f.key === key);
    return { key, label: field?.label ?? key, value, display: displayValue(value, field?.options) };
  });
  return {
    id: inst.id,
    title: inst.title,
    businessType: inst.business_type,
    businessTypeName: names.type_name,
    businessKey: inst.business_key,
    link: type?.link?.(inst.business_key) ?? null,
    version: def.version ?? 0,
    status: inst.status,
    statusName: STATUS_NAMES[inst.status] ?? inst.status,
    starterId: inst.starter_id,
    starterName: names.display_name,
    unitName: names.name,
    startedAt: iso(inst.started_at)!,
    finishedAt: iso(inst.finished_at),
    form: formEntries,
    flow: await flowOfInstance(db, def.tree, runs, tasks),
    timeline: timeline.map((a) => ({
      id: a.id,
      action: a.action,
      nodeId: a.node_id,
      actorName: a.actor_name,
      targetName: a.target_name,
      comment: a.comment,
      at: iso(a.created_at)!,
      files: a.files,
    })),
    myTaskId: myTask?.id ?? null,
    myTaskKind: myTask ? (myTask.kind === 'delegate' ? 'delegate' : 'approve') : null,
    returnTargets,
    _actions: instanceActions(auth, inst, myTask, { anyoneActed: acted, returnable: returnTargets.length > 0, manager }),
  };
}

// ------------------------------------------------------------------ routes

const TaskParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
const FileIds = Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 10, uniqueItems: true }));
const CommentT = Type.Optional(Type.String({ maxLength: 2000 }));
const Ack = Type.Object({ instanceId: Type.Integer(), status: Type.String() });

export async function workflowRoutes(app: FastifyInstance) {
  const p = app.platform;
  const { db } = p;

  // What the three approval lists share: rows of the same shape, newest first, the same Excel columns.
  const listShape = { tag: '审批', defaultSort: 'id', defaultOrder: 'desc', item: ListItem, present: presentListItem, columns: EXPORT_COLUMNS } as const;
  const instanceSorts = { id: 'i.id', startedAt: 'i.started_at', finishedAt: 'i.finished_at' };

  registerList(app, {
    ...listShape,
    path: '/api/workflow/tasks',
    summary: '我的审批：待办（pending）、已办（done）、抄送我的（cc）',
    permission: 'workflow:task:handle',
    exportPermission: 'workflow:task:handle',
    objectType: 'wf',
    filters: { box: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('done'), Type.Literal('cc')], { default: 'pending' })), ...Filters },
    sorts: { id: 't.id', startedAt: 'i.started_at', dueAt: 't.due_at' },
    fetch: listFetch(db, (_req, f) => (f.box ?? 'pending') as Box),
    sheet: '我的审批',
  });

  registerList(app, {
    ...listShape,
    path: '/api/workflow/my-instances',
    summary: '我发起的审批',
    permission: 'workflow:task:handle',
    exportPermission: 'workflow:task:handle',
    objectType: 'wf',
    filters: Filters,
    sorts: instanceSorts,
    fetch: listFetch(db, () => 'started'),
    sheet: '我发起的审批',
  });

  registerList(app, {
    ...listShape,
    path: '/api/workflow/instances',
    summary: '流程监控：本数据范围内的全部审批',
    permission: 'workflow:instance:read',
    exportPermission: 'workflow:instance:export',
    objectType: 'wf',
    filters: Filters,
    sorts: instanceSorts,
    fetch: listFetch(db, () => 'all'),
    sheet: '审批监控',
  });

  app.get(
    '/api/workflow/instances/:id',
    { schema: { tags: ['审批'], summary: '审批详情：表单、流程图、办理记录、可执行操作', params: TaskParam, response: { 200: Detail, '4xx': ErrorBody } }, config: { permission: 'workflow:task:handle' } },
    async (req) => {
      const auth = req.auth!;
      const inst = await visibleInstance(db, auth, (req.params as { id: number }).id);
      await markCcRead(db, inst.id, auth.userId);
      return detail(p, auth, inst);
    },
  );

  app.get(
    '/api/workflow/instances/:id/files/:fileId',
    {
      schema: {
        tags: ['审批'],
        summary: '下载审批附件',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), fileId: Type.String({ format: 'uuid' }) }),
        produces: ['application/octet-stream'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorBody },
      },
      config: { permission: 'workflow:task:handle' },
    },
    async (req, reply) => {
      const { id, fileId } = req.params as { id: number; fileId: string };
      await visibleInstance(db, req.auth!, id);
      const f = await fileOfInstance(db, id, fileId);
      if (!f) throw notFound('附件');
      await auditEvent(req, { action: 'file.download', object_type: 'file', object_id: f.id, detail: `wf_instance ${id}` });
      return reply
        .header('content-type', f.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(f.content);
    },
  );

  // Every task action: one transaction with the engine's changes, the business handler and the audit row.
  /**
   * One action route: `/api/workflow/{tasks|instances}/:id/<path>`. The engine's changes, the business handler
   * and the audit row commit in one transaction; the answer is the instance's status afterwards.
   */
  const actionRoute = <B extends TProperties>(
    on: 'tasks' | 'instances',
    path: string,
    summary: string,
    action: string,
    body: B,
    run: (env: Env, req: FastifyRequest, id: number, b: Static<ReturnType<typeof Type.Object<B>>>) => Promise<{ id: number } | unknown>,
  ) =>
    app.post(
      `/api/workflow/${on}/:id/${path}`,
      {
        schema: { tags: ['审批'], summary, params: TaskParam, body: Type.Object(body, { additionalProperties: false }), response: { 200: Ack, '4xx': ErrorBody } },
        config: { permission: 'workflow:task:handle' },
      },
      async (req) => {
        const id = (req.params as { id: number }).id;
        const instanceId = await audited(req, action, 'wf_instance', async (tx) => {
          const out = await run({ tx, p }, req, id, req.body as never);
          const iid = on === 'tasks' ? (out as InstanceRow).id : id;
          return { result: iid, objectId: iid, detail: on === 'tasks' ? `task ${id}` : '', after: req.body };
        });
        const now = await findInstance(db, instanceId);
        return { instanceId, status: now!.status };
      },
    );
  const taskAction = <B extends TProperties>(
    path: string,
    summary: string,
    action: string,
    body: B,
    run: (env: Env, auth: AuthContext, taskId: number, b: Static<ReturnType<typeof Type.Object<B>>>) => Promise<InstanceRow>,
  ) => actionRoute('tasks', path, summary, action, body, (env, req, id, b) => run(env, req.auth!, id, b));

  taskAction('approve', '同意', 'wf.approve', { comment: CommentT, fileIds: FileIds }, (env, auth, id, b) => approve(env, auth.userId, id, b as ActInput));
  taskAction(
    'reject',
    '拒绝；指定 toNodeId 时退回到该前序节点',
    'wf.reject',
    { comment: Type.String({ minLength: 1, maxLength: 2000 }), toNodeId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' })), fileIds: FileIds },
    (env, auth, id, b) => reject(env, auth.userId, id, b as ActInput & { toNodeId?: string }),
  );
  taskAction('transfer', '转办：交给他人在本节点审批', 'wf.transfer', { userId: Type.Integer({ minimum: 1 }), comment: CommentT }, async (env, auth, id, b) => {
    const x = b as { userId: number; comment?: string };
    return transfer(env, auth.userId, id, x.userId, { comment: x.comment });
  });
  taskAction('delegate', '委派：请他人提出意见后回到本人', 'wf.delegate', { userId: Type.Integer({ minimum: 1 }), comment: CommentT }, async (env, auth, id, b) => {
    const x = b as { userId: number; comment?: string };
    return delegate(env, auth.userId, id, x.userId, { comment: x.comment });
  });
  taskAction(
    'add-approvers',
    '加签：before 先由他们审批再回到本人；after 本人同意后再由他们审批',
    'wf.add_approvers',
    {
      userIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 10, uniqueItems: true }),
      where: Type.Union([Type.Literal('before'), Type.Literal('after')]),
      comment: CommentT,
    },
    async (env, auth, id, b) => {
      const x = b as { userIds: number[]; where: 'before' | 'after'; comment?: string };
      return addApprovers(env, auth.userId, id, x.userIds, x.where, { comment: x.comment });
    },
  );

  app.post(
    '/api/workflow/tasks/batch-approve',
    {
      schema: {
        tags: ['审批'],
        summary: '批量同意（逐条办理，互不影响）',
        body: Type.Object({ taskIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100, uniqueItems: true }), comment: CommentT }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            approved: Type.Integer(),
            failed: Type.Integer(),
            results: Type.Array(Type.Object({ taskId: Type.Integer(), ok: Type.Boolean(), code: Type.Union([Type.String(), Type.Null()]), message: Type.Union([Type.String(), Type.Null()]) })),
          }),
          '4xx': ErrorBody,
        },
      },
      config: { permission: 'workflow:task:handle' },
    },
    async (req) => {
      const { taskIds, comment: c } = req.body as { taskIds: number[]; comment?: string };
      const results = [];
      for (const taskId of taskIds) {
        try {
          await audited(req, 'wf.approve', 'wf_instance', async (tx) => {
            const i = await approve({ tx, p }, req.auth!.userId, taskId, { comment: c });
            return { result: i, objectId: i.id, detail: `task ${taskId}（批量）` };
          });
          results.push({ taskId, ok: true, code: null, message: null });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          results.push({ taskId, ok: false, code: e.code, message: e.message });
        }
      }
      return { approved: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
    },
  );

  // Starter's actions on the instance.
  const instanceAction = <B extends TProperties>(
    path: string,
    summary: string,
    action: string,
    body: B,
    run: (env: Env, req: FastifyRequest, id: number, b: Static<ReturnType<typeof Type.Object<B>>>) => Promise<unknown>,
  ) => actionRoute('instances', path, summary, action, body, run);

  instanceAction('withdraw', '撤回（发起人，尚无人处理时）', 'wf.withdraw', { comment: CommentT }, (env, req, id, b) =>
    withdraw(env, req.auth!.userId, id, b as ActInput),
  );
  instanceAction('cancel', '取消（发起人或流程管理员）', 'wf.cancel', { comment: Type.String({ minLength: 1, maxLength: 2000 }) }, async (env, req, id, b) => {
    const asManager = (await findInstance(env.tx, id))?.starter_id !== req.auth!.userId && (await isManager(env.tx, req.auth!, id));
    return cancel(env, req.auth!.userId, id, b as ActInput, asManager);
  });
  instanceAction('urge', '催办：提醒当前审批人', 'wf.urge', { comment: CommentT }, async (env, req, id, b) => {
    const s = await p.settings.get(env.tx);
    return urge(env, req.auth!.userId, id, s['workflow.urge_interval_minutes'], b as ActInput);
  });
  instanceAction('comments', '评论（可带附件）', 'wf.comment', { comment: Type.String({ maxLength: 2000 }), fileIds: FileIds }, async (env, req, id, b) => {
    await visibleInstance(env.tx, req.auth!, id);
    return comment(env, req.auth!.userId, id, b as ActInput);
  });

  app.get(
    '/api/workflow/types',
    {
      schema: { tags: ['审批'], summary: '审批业务类型（列表筛选用）', response: { 200: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })), '4xx': ErrorBody } },
      config: { permission: 'workflow:task:handle' },
    },
    async () => [...p.businessTypes.values()].map((t) => ({ code: t.code, name: t.name })),
  );

  app.get(
    '/api/workflow/users',
    {
      schema: {
        tags: ['审批'],
        summary: '选择人员（转办、委派、加签、自选审批人）：本市及省直单位的在用账号',
        querystring: Type.Object({
          keyword: Type.Optional(Type.String({ maxLength: 30 })),
          ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50, description: '按编号取回已选人员的姓名（如流程里已保存的审批人）' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
        }),
        response: { 200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), username: Type.String(), unitName: Type.String() })), '4xx': ErrorBody },
      },
      config: { permission: 'workflow:task:handle' },
    },
    async (req) => {
      const q = req.query as { keyword?: string; ids?: number[]; limit?: number };
      const rows = q.ids?.length ? await findUsersByIds(db, q.ids) : await findPickableUsers(db, req.auth!.unitId, q.keyword?.trim() ?? '', q.limit ?? 20);
      return rows.map((r) => ({ id: r.id, name: r.display_name, username: r.username, unitName: r.unit_name }));
    },
  );
}
