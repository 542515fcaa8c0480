import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { audited } from '../audit/audit.service.js';
import { AppError, conflict, notFound } from '../errors.js';
import { ErrorBody, iso } from '../http/schemas.js';
import type { BusinessType } from './business-type.js';
import { type ProcessTree as Tree, ProcessTree, validateTree } from './definition.js';
import {
  deleteDraft,
  type DefinitionRow,
  findBusinessTypeSummaries,
  findDraft,
  findPublishedDefinition,
  findVersions,
  publishDraft,
  saveDraft,
} from './definition.repository.js';
import { FlowNode, previewFlow } from './workflow.presenter.js';

const TypeParam = Type.Object({ type: Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*$', maxLength: 60 }) });

/** Responses carry the tree as stored (it was validated on the way in); one cyclic schema per document keeps the serializer happy. */
const StoredTree = Type.Unsafe<Tree>(
  Type.Object({ nodes: Type.Array(Type.Unknown()), adminUserIds: Type.Optional(Type.Array(Type.Integer())) }, { description: '流程树，结构同保存草稿的 tree' }),
);

const Version = Type.Object({
  id: Type.Integer(),
  version: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.String(),
  note: Type.String(),
  tree: StoredTree,
  createdAt: Type.String(),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  publishedBy: Type.Union([Type.String(), Type.Null()]),
});

const present = (d: DefinitionRow) => ({
  id: d.id,
  version: d.version,
  status: d.status,
  note: d.note,
  tree: d.tree,
  createdAt: iso(d.created_at)!,
  publishedAt: iso(d.published_at),
  publishedBy: d.published_by_name,
});

const Field = Type.Object({
  key: Type.String(),
  label: Type.String(),
  type: Type.String(),
  options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Type.String() }))),
});

/** The designer: business types, their versions, a draft to edit, a preview of the path, publishing. */
export async function definitionRoutes(app: FastifyInstance) {
  const p = app.platform;
  const { db } = p;
  const typeOf = (code: string): BusinessType => {
    const t = p.businessTypes.get(code);
    if (!t) throw notFound('审批业务类型');
    return t;
  };

  app.get(
    '/api/workflow/definitions',
    {
      schema: {
        tags: ['流程设计'],
        summary: '审批业务类型与当前流程版本',
        response: {
          200: Type.Array(
            Type.Object({
              code: Type.String(),
              name: Type.String(),
              module: Type.String(),
              version: Type.Union([Type.Integer(), Type.Null()]),
              publishedAt: Type.Union([Type.String(), Type.Null()]),
              hasDraft: Type.Boolean(),
              running: Type.Integer(),
            }),
          ),
          '4xx': ErrorBody,
        },
      },
      config: { permission: 'workflow:definition:read' },
    },
    async () =>
      (await findBusinessTypeSummaries(db))
        .filter((t) => p.businessTypes.has(t.code))
        .map((t) => ({ code: t.code, name: t.name, module: t.module, version: t.version, publishedAt: iso(t.published_at), hasDraft: t.has_draft, running: t.running })),
  );

  app.get(
    '/api/workflow/definitions/:type',
    {
      schema: {
        tags: ['流程设计'],
        summary: '一个业务类型的表单字段、当前版本、草稿与历史版本',
        params: TypeParam,
        response: {
          200: Type.Object({
            code: Type.String(),
            name: Type.String(),
            fields: Type.Array(Field),
            current: Type.Union([Version, Type.Null()]),
            draft: Type.Union([Version, Type.Null()]),
            versions: Type.Array(Type.Omit(Version, ['tree'])),
            canManage: Type.Boolean(),
          }),
          '4xx': ErrorBody,
        },
      },
      config: { permission: 'workflow:definition:read' },
    },
    async (req) => {
      const t = typeOf((req.params as { type: string }).type);
      const [current, draft, versions] = await Promise.all([findPublishedDefinition(db, t.code), findDraft(db, t.code), findVersions(db, t.code)]);
      return {
        code: t.code,
        name: t.name,
        fields: t.fields,
        current: current ? present(current) : null,
        draft: draft ? present(draft) : null,
        versions: versions.map((v) => {
          const { tree: _t, ...rest } = present(v);
          return rest;
        }),
        canManage: req.auth!.permissions.has('workflow:definition:manage'),
      };
    },
  );

  app.put(
    '/api/workflow/definitions/:type/draft',
    {
      schema: {
        tags: ['流程设计'],
        summary: '保存草稿（校验节点、条件表达式与审批人设置）',
        params: TypeParam,
        body: Type.Object({ tree: ProcessTree, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: Version, '4xx': ErrorBody },
      },
      config: { permission: 'workflow:definition:manage' },
    },
    async (req) => {
      const t = typeOf((req.params as { type: string }).type);
      const { tree, note } = req.body as { tree: Tree; note?: string };
      validateTree(tree, t.fields);
      const id = await audited(req, 'wf.definition.save', 'wf_definition', async (tx) => {
        const draftId = await saveDraft(tx, t.code, tree, note?.trim() ?? '', req.auth!.userId);
        return { result: draftId, objectId: draftId, after: { businessType: t.code, note } };
      });
      const d = await findDraft(db, t.code);
      if (!d || d.id !== id) throw conflict('草稿已被他人修改，请刷新');
      return present(d);
    },
  );

  app.delete(
    '/api/workflow/definitions/:type/draft',
    {
      schema: { tags: ['流程设计'], summary: '放弃草稿', params: TypeParam, response: { 200: Type.Object({ ok: Type.Boolean() }), '4xx': ErrorBody } },
      config: { permission: 'workflow:definition:manage' },
    },
    async (req) => {
      const t = typeOf((req.params as { type: string }).type);
      await audited(req, 'wf.definition.save', 'wf_definition', async (tx) => {
        await deleteDraft(tx, t.code);
        return { result: null, objectId: t.code, detail: '放弃草稿' };
      });
      return { ok: true };
    },
  );

  app.post(
    '/api/workflow/definitions/:type/publish',
    {
      schema: {
        tags: ['流程设计'],
        summary: '发布草稿为新版本（进行中的审批仍按原版本运行）',
        params: TypeParam,
        response: { 200: Version, '4xx': ErrorBody },
      },
      config: { permission: 'workflow:definition:manage' },
    },
    async (req) => {
      const t = typeOf((req.params as { type: string }).type);
      await audited(req, 'wf.definition.publish', 'wf_definition', async (tx) => {
        const draft = await findDraft(tx, t.code);
        if (!draft) throw new AppError('WF_NO_DRAFT', '没有待发布的草稿', 409);
        validateTree(draft.tree, t.fields);
        const r = await publishDraft(tx, t.code, req.auth!.userId);
        return { result: r, objectId: r!.id, after: { businessType: t.code, version: r!.version } };
      });
      return present((await findPublishedDefinition(db, t.code))!);
    },
  );

  app.post(
    '/api/workflow/definitions/:type/preview',
    {
      schema: {
        tags: ['流程设计'],
        summary: '预览：示例表单与发起人会走的路径与审批人（不写入任何数据）',
        params: TypeParam,
        body: Type.Object(
          {
            tree: Type.Optional(ProcessTree),
            form: Type.Record(Type.String(), Type.Unknown()),
            starterId: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(FlowNode), '4xx': ErrorBody },
      },
      config: { permission: 'workflow:definition:read' },
    },
    async (req) => {
      const t = typeOf((req.params as { type: string }).type);
      const body = req.body as { tree?: Tree; form: Record<string, unknown>; starterId?: number };
      const tree = body.tree ?? (await findPublishedDefinition(db, t.code))?.tree;
      if (!tree) throw notFound('流程');
      validateTree(tree, t.fields);
      return previewFlow(db, tree, body.form, body.starterId ?? req.auth!.userId, p.config.demo);
    },
  );
}
