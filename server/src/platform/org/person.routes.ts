import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited, auditEvent } from '../audit/audit.service.js';
import { hmacSm3, sm4Decrypt } from '../crypto/crypto.service.js';
import { notFound } from '../errors.js';
import { ErrorBody, IdParam, iso, Ok } from '../http/schemas.js';
import { fetchPage, registerList } from '../list/list.js';
import { findPersonInScope, findPersonSecrets, findRanks, personListQuery, type PersonRow, selectPersonColumns } from './person.repository.js';
import { Gender, Person, PersonInput, PersonStatus } from './person.schemas.js';
import { changePerson, createPerson, personActions, personSnapshot, removePerson } from './person.service.js';

const STATUS = { active: '在职', transferred: '调离', retired: '退休', left: '离职' } as Record<string, string>;

function present(req: FastifyRequest, r: PersonRow): Static<typeof Person> {
  return {
    id: r.id,
    name: r.name,
    gender: r.gender,
    idNoMasked: r.id_no_mask,
    phoneMasked: r.phone_mask,
    rankCode: r.rank_code,
    rankName: r.rank_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    status: r.status,
    createdAt: iso(r.created_at)!,
    _actions: personActions(req.auth!, r),
  };
}

export async function personRoutes(app: FastifyInstance) {
  const { db, keys } = app.platform;

  registerList(app, {
    path: '/api/persons',
    tag: '人员',
    summary: '人员列表（身份证号、手机号脱敏）',
    permission: 'org:person:read',
    exportPermission: 'org:person:export',
    objectType: 'person',
    filters: {
      name: Type.Optional(Type.String({ maxLength: 50 })),
      unitId: Type.Optional(Type.Integer({ minimum: 1 })),
      departmentId: Type.Optional(Type.Integer({ minimum: 1 })),
      rankCode: Type.Optional(Type.String({ maxLength: 40 })),
      status: Type.Optional(PersonStatus),
      gender: Type.Optional(Gender),
      phone: Type.Optional(Type.String({ pattern: '^1[3-9][0-9]{9}$' })),
    },
    sorts: { name: 'p.name', rankCode: 'p.rank_code', createdAt: 'p.created_at', id: 'p.id' },
    defaultSort: 'id',
    item: Person,
    fetch: (req, f, page) => {
      const { phone, ...rest } = f;
      const filter = { ...rest, phoneHash: phone ? hmacSm3(keys.macKey, phone) : undefined };
      return fetchPage(personListQuery(db, req.auth!.scope, filter), selectPersonColumns, page, 'p.id');
    },
    present,
    sheet: '人员',
    columns: [
      { header: '姓名', value: (r) => r.name },
      { header: '性别', value: (r) => (r.gender === 'M' ? '男' : '女') },
      { header: '身份证号（脱敏）', width: 22, value: (r) => r.id_no_mask },
      { header: '手机号（脱敏）', width: 16, value: (r) => r.phone_mask },
      { header: '职级', value: (r) => r.rank_name },
      { header: '单位', width: 30, value: (r) => r.unit_name },
      { header: '内设机构', width: 20, value: (r) => r.department_name },
      { header: '状态', value: (r) => STATUS[r.status] },
    ],
  });

  app.get(
    '/api/ranks',
    {
      schema: {
        tags: ['人员'],
        summary: '职级字典',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), levelName: Type.String(), kind: Type.String() })) }) },
      },
      config: { permission: 'org:person:read' },
    },
    async () => ({ items: (await findRanks(db)).map((r) => ({ code: r.code, name: r.name, levelName: r.level_name, kind: r.kind })) }),
  );

  app.get(
    '/api/persons/:id',
    { schema: { tags: ['人员'], summary: '人员详情', params: IdParam, response: { 200: Person, '4xx': ErrorBody } }, config: { permission: 'org:person:read' } },
    async (req) => {
      const row = await findPersonInScope(db, req.auth!.scope, (req.params as { id: number }).id);
      if (!row) throw notFound('人员');
      return present(req, row);
    },
  );

  app.post(
    '/api/persons/:id/reveal',
    {
      schema: {
        tags: ['人员'],
        summary: '查看完整身份证号与手机号（记入审计）',
        params: IdParam,
        response: { 200: Type.Object({ idNo: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]) }), '4xx': ErrorBody },
      },
      config: { permission: 'org:person:reveal' },
    },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const row = await findPersonInScope(db, req.auth!.scope, id);
      if (!row) throw notFound('人员');
      const s = await findPersonSecrets(db, id);
      await auditEvent(req, { action: 'person.reveal', object_type: 'person', object_id: String(id), detail: row.name });
      return {
        idNo: s?.id_no_enc ? sm4Decrypt(keys.dataKey, s.id_no_enc) : null,
        phone: s?.phone_enc ? sm4Decrypt(keys.dataKey, s.phone_enc) : null,
      };
    },
  );

  app.post(
    '/api/persons',
    { schema: { tags: ['人员'], summary: '新增人员', body: PersonInput, response: { 200: Person, '4xx': ErrorBody } }, config: { permission: 'org:person:create' } },
    async (req) => {
      const row = await audited(req, 'person.create', 'person', async (tx) => {
        const after = await createPerson(tx, req.auth!, keys, req.body as Static<typeof PersonInput>);
        return { result: after, objectId: after.id, after: personSnapshot(after) };
      });
      return present(req, row);
    },
  );

  app.put(
    '/api/persons/:id',
    { schema: { tags: ['人员'], summary: '修改人员', params: IdParam, body: PersonInput, response: { 200: Person, '4xx': ErrorBody } }, config: { permission: 'org:person:update' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      const row = await audited(req, 'person.update', 'person', async (tx) => {
        const { before, after } = await changePerson(tx, req.auth!, keys, id, req.body as Static<typeof PersonInput>);
        return { result: after, objectId: id, before: personSnapshot(before), after: personSnapshot(after) };
      });
      return present(req, row);
    },
  );

  app.delete(
    '/api/persons/:id',
    { schema: { tags: ['人员'], summary: '删除人员', params: IdParam, response: { 200: Ok, '4xx': ErrorBody } }, config: { permission: 'org:person:delete' } },
    async (req) => {
      const id = (req.params as { id: number }).id;
      await audited(req, 'person.delete', 'person', async (tx) => {
        const before = await removePerson(tx, req.auth!, id);
        return { result: null, objectId: id, before: personSnapshot(before) };
      });
      return { ok: true };
    },
  );
}
