import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { audited } from '../audit/audit.service.js';
import { notFound } from '../errors.js';
import { ErrorBody, IdParam, iso } from '../http/schemas.js';
import { type CredentialRow, findCredentialById, findCredentials, insertCredential, replaceCredentialKey, setCredentialEnabled } from './partner.repository.js';
import { Credential, CredentialCreate, CredentialWithKey } from './partner.schemas.js';
import { newPartnerKey, PARTNER_SCOPES } from './partner.service.js';

const PERMISSION = 'fleet:provider:write';

function present(r: Omit<CredentialRow, 'created_at' | 'last_used_at' | 'created_by_name'> & Partial<CredentialRow>): Static<typeof Credential> {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    scopes: r.scopes,
    scopeNames: r.scopes.map((s) => PARTNER_SCOPES[s] ?? s),
    enabled: r.enabled,
    createdAt: iso(r.created_at ?? new Date())!,
    lastUsedAt: iso(r.last_used_at),
    createdByName: r.created_by_name ?? null,
    _actions: r.enabled ? ['disable', 'rotate'] : ['enable', 'rotate'],
  };
}

/** 接入凭证: keys of partner systems (fuel-card companies, repair shops, insurers) calling the ingest APIs. */
export async function partnerRoutes(app: FastifyInstance) {
  const { db } = app.platform;
  const tag = '接入凭证';

  app.get(
    '/api/partners',
    { schema: { tags: [tag], summary: '接入凭证列表', response: { 200: Type.Object({ items: Type.Array(Credential) }), '4xx': ErrorBody } }, config: { permission: PERMISSION } },
    async () => ({ items: (await findCredentials(db)).map(present) }),
  );

  app.post(
    '/api/partners',
    {
      schema: { tags: [tag], summary: '新建接入凭证（密钥仅返回一次）', body: CredentialCreate, response: { 200: CredentialWithKey, '4xx': ErrorBody } },
      config: { permission: PERMISSION },
    },
    async (req) => {
      const b = req.body as Static<typeof CredentialCreate>;
      const { key, hash } = newPartnerKey();
      return audited(req, 'partner.create', 'partner_credential', async (tx) => {
        const c = await insertCredential(tx, { code: b.code, name: b.name.trim(), keyHash: hash, scopes: b.scopes, createdBy: req.auth!.userId });
        return { result: { credential: present(c), key }, objectId: c.id, after: { code: c.code, name: c.name, scopes: c.scopes } };
      });
    },
  );

  for (const [action, enabled] of [['disable', false], ['enable', true]] as const) {
    app.post(
      `/api/partners/:id/${action}`,
      {
        schema: { tags: [tag], summary: enabled ? '启用接入凭证' : '停用接入凭证', params: IdParam, response: { 200: Credential, '4xx': ErrorBody } },
        config: { permission: PERMISSION },
      },
      async (req) => {
        const { id } = req.params as { id: number };
        return audited(req, `partner.${action}`, 'partner_credential', async (tx) => {
          const before = await findCredentialById(tx, id);
          if (!before) throw notFound('接入凭证');
          await setCredentialEnabled(tx, id, enabled);
          return { result: present({ ...before, enabled }), objectId: id, before: { enabled: before.enabled }, after: { enabled } };
        });
      },
    );
  }

  app.post(
    '/api/partners/:id/rotate',
    {
      schema: { tags: [tag], summary: '重置接入密钥（新密钥仅返回一次，旧密钥立即失效）', params: IdParam, response: { 200: CredentialWithKey, '4xx': ErrorBody } },
      config: { permission: PERMISSION },
    },
    async (req) => {
      const { id } = req.params as { id: number };
      const { key, hash } = newPartnerKey();
      return audited(req, 'partner.rotate', 'partner_credential', async (tx) => {
        const c = await findCredentialById(tx, id);
        if (!c) throw notFound('接入凭证');
        await replaceCredentialKey(tx, id, hash);
        return { result: { credential: present(c), key }, objectId: id };
      });
    },
  );
}
