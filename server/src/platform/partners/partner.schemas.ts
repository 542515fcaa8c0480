import { Type } from 'typebox';
import { Actions, DateTime, Nullable } from '../http/schemas.js';

export const PartnerCode = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{2,31}$', description: '接入编码（大写字母、数字、连字符，3–32 位；与定点服务商编码一致）' });

export const Credential = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  scopeNames: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  createdByName: Nullable(Type.String()),
  _actions: Actions,
});

export const CredentialCreate = Type.Object(
  {
    code: PartnerCode,
    name: Type.String({ minLength: 2, maxLength: 100 }),
    scopes: Type.Array(Type.String({ enum: ['fleet:transactions', 'telematics:positions'] }), { minItems: 1, maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const CredentialWithKey = Type.Object({
  credential: Credential,
  key: Type.String({ description: '接入密钥，仅此一次返回，请妥善转交服务商' }),
});
