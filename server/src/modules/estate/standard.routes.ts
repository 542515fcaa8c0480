import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { audited } from '../../platform/audit/audit.service.js';
import { chinaDay } from '../../platform/calendar/calendar.service.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { Actions, ErrorBody } from '../../platform/http/schemas.js';
import { findJob } from '../../platform/jobs/job.repository.js';
import { enqueueJob } from '../../platform/jobs/job.service.js';
import type { Db } from '../../db/connection.js';
import { findStandardVersionAt } from './evaluation.repository.js';
import {
  findRankLevels,
  findStandardRows,
  findStandardVersions,
  findVersionClash,
  findVersionForUpdate,
  insertVersionCopy,
  replaceStandardRows,
  type StandardRowInput,
  updateVersionHeader,
} from './standard.repository.js';

const TAG = '办公用房-面积标准';
const ORG_LEVELS = [
  { code: 'province', name: '省级' },
  { code: 'city', name: '市级' },
  { code: 'county', name: '县级' },
  { code: 'township', name: '乡级' },
] as const;

const Row = Type.Object({
  orgLevel: Type.Union(ORG_LEVELS.map((l) => Type.Literal(l.code))),
  rankLevelCode: Type.String({ pattern: '^l[0-9]{1,2}$' }),
  postLabel: Type.String({ minLength: 1, maxLength: 40 }),
  maxArea: Type.Number({ minimum: 0.01, maximum: 200, description: '人均办公室使用面积上限（m²），大于 0 且不超过 200' }),
  restRoomAllowed: Type.Boolean(),
});

const Version = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  docNo: Type.String(),
  effectiveFrom: Type.String({ format: 'date' }),
  source: Type.String(),
  inForce: Type.Boolean({ description: '今日执行的版本' }),
  rows: Type.Array(Row),
});

const Standards = Type.Object({
  versions: Type.Array(Version),
  inForceId: Type.Union([Type.Integer(), Type.Null()]),
  orgLevels: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  rankLevels: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  _actions: Actions,
});

async function loadStandards(req: FastifyRequest, db: Db) {
  const [versions, rows, rankLevels, current] = await Promise.all([
    findStandardVersions(db),
    findStandardRows(db),
    findRankLevels(db),
    findStandardVersionAt(db, chinaDay(new Date())),
  ]);
  return {
    versions: versions.map((v) => ({
      id: v.id,
      name: v.name,
      docNo: v.doc_no,
      effectiveFrom: v.effective_from,
      source: v.source,
      inForce: v.id === current?.id,
      rows: rows
        .filter((r) => r.version_id === v.id)
        .map((r) => ({
          orgLevel: r.org_level as 'province',
          rankLevelCode: r.rank_level_code,
          postLabel: r.post_label,
          maxArea: Number(r.max_area),
          restRoomAllowed: r.rest_room_allowed,
        })),
    })),
    inForceId: current?.id ?? null,
    orgLevels: ORG_LEVELS.map((l) => ({ ...l })),
    rankLevels,
    _actions: req.auth!.permissions.has('estate:standard:write') ? ['write'] : [],
  };
}

/** Rows must name known rank levels, once per (level, rank level). */
async function checkRows(db: Db, rows: StandardRowInput[]) {
  const known = new Set((await findRankLevels(db)).map((l) => l.code));
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (!known.has(r.rankLevelCode)) throw invalid(`第 ${i + 1} 行的职级层次 ${r.rankLevelCode} 不存在`, [{ field: `rows.${i}.rankLevelCode`, message: '职级层次不存在' }]);
    const k = `${r.orgLevel}|${r.rankLevelCode}`;
    if (seen.has(k)) throw invalid(`第 ${i + 1} 行与前面的行重复（同一层级、同一职级层次只能有一个标准）`, [{ field: `rows.${i}`, message: '重复' }]);
    seen.add(k);
    if (!r.postLabel.trim()) throw invalid(`第 ${i + 1} 行缺少职务名称`, [{ field: `rows.${i}.postLabel`, message: '请填写职务名称' }]);
  });
}

/** Queues the province-wide re-evaluation after the standard in force changed (the whole run can take seconds). */
async function queueEvaluation(tx: Db, userId: number, why: string) {
  if (!(await findJob(tx, 'estate.evaluate'))) return;
  await enqueueJob(tx, 'estate.evaluate', { key: `${why}:${Date.now()}`, requestedBy: userId });
}

/** 办公用房面积标准: versions of the per-person cap table (level × rank level), seeded with the 2014 standard. */
export async function standardRoutes(app: FastifyInstance) {
  const { db } = app.platform;

  app.get(
    '/api/estate/standards',
    {
      schema: { tags: [TAG], summary: '面积标准各版本及今日执行的版本', response: { 200: Standards, '4xx': ErrorBody } },
      config: { permission: 'estate:standard:read' },
    },
    async (req) => loadStandards(req, db),
  );

  app.put(
    '/api/estate/standards/:versionId',
    {
      schema: {
        tags: [TAG],
        summary: '修改一个版本的面积上限、职务名称与休息室设置（整表提交）',
        params: Type.Object({ versionId: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
            docNo: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
            source: Type.Optional(Type.String({ minLength: 2, maxLength: 1000 })),
            rows: Type.Array(Row, { minItems: 1, maxItems: 80 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Standards, '4xx': ErrorBody },
      },
      config: { permission: 'estate:standard:write' },
    },
    async (req) => {
      const id = (req.params as { versionId: number }).versionId;
      const body = req.body as { name?: string; docNo?: string; source?: string; rows: StandardRowInput[] };
      await audited(req, 'estate.standard.update', 'estate_standard_version', async (tx) => {
        const v = await findVersionForUpdate(tx, id);
        if (!v) throw notFound('面积标准版本');
        await checkRows(tx, body.rows);
        if (body.name && body.name.trim() !== v.name) {
          const clash = await findVersionClash(tx, body.name.trim(), '1900-01-01', id);
          if (clash) throw conflict(`已有名为“${clash.name}”的版本`, 'STANDARD_EXISTS');
        }
        const before = (await findStandardRows(tx)).filter((r) => r.version_id === id);
        await updateVersionHeader(tx, id, { name: body.name?.trim(), doc_no: body.docNo?.trim(), source: body.source?.trim() });
        await replaceStandardRows(tx, id, body.rows);
        const current = await findStandardVersionAt(tx, chinaDay(new Date()));
        if (current?.id === id) await queueEvaluation(tx, req.auth!.userId, `standard:${id}`);
        return {
          result: null,
          objectId: id,
          before: before.map((r) => ({ orgLevel: r.org_level, rankLevelCode: r.rank_level_code, postLabel: r.post_label, maxArea: Number(r.max_area), restRoomAllowed: r.rest_room_allowed })),
          after: body.rows,
        };
      });
      return loadStandards(req, db);
    },
  );

  app.post(
    '/api/estate/standards',
    {
      schema: {
        tags: [TAG],
        summary: '新增标准版本（复制已有版本的各行，再行修改）',
        body: Type.Object(
          {
            name: Type.String({ minLength: 2, maxLength: 100 }),
            docNo: Type.String({ minLength: 2, maxLength: 100 }),
            effectiveFrom: Type.String({ format: 'date' }),
            source: Type.Optional(Type.String({ minLength: 2, maxLength: 1000 })),
            copyFromVersionId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Standards, '4xx': ErrorBody },
      },
      config: { permission: 'estate:standard:write' },
    },
    async (req) => {
      const b = req.body as { name: string; docNo: string; effectiveFrom: string; source?: string; copyFromVersionId: number };
      await audited(req, 'estate.standard.create', 'estate_standard_version', async (tx) => {
        const from = await findVersionForUpdate(tx, b.copyFromVersionId);
        if (!from) throw notFound('被复制的面积标准版本');
        const clash = await findVersionClash(tx, b.name.trim(), b.effectiveFrom);
        if (clash)
          throw conflict(
            clash.name === b.name.trim() ? `已有名为“${clash.name}”的版本` : `${clash.effective_from} 起执行的版本已存在（${clash.name}）`,
            'STANDARD_EXISTS',
          );
        const id = await insertVersionCopy(
          tx,
          { name: b.name.trim(), doc_no: b.docNo.trim(), effective_from: b.effectiveFrom, source: b.source?.trim() || `复制自 ${from.name}（${from.doc_no}）` },
          from.id,
        );
        const current = await findStandardVersionAt(tx, chinaDay(new Date()));
        if (current?.id === id) await queueEvaluation(tx, req.auth!.userId, `standard:${id}`);
        return { result: id, objectId: id, after: { ...b } };
      });
      return loadStandards(req, db);
    },
  );
}
