import { Type } from 'typebox';

/** The one error shape: a stable code for machines, a Chinese message for people. */
export const ErrorBody = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
);

export const Ok = Type.Object({ ok: Type.Boolean() });
export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
export const Actions = Type.Array(Type.String(), { description: '当前用户对该对象可执行的操作' });
export const DateTime = Type.String({ format: 'date-time' });
export const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer> | ReturnType<typeof Type.Number>>(t: T) =>
  Type.Union([t, Type.Null()]);

export const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
