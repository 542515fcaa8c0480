import { Type } from 'typebox';
import { Actions } from '../../platform/http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const lit = (values: string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'dispatched', 'completed', 'no_show'];
export const DateTimeText = Type.String({ format: 'date-time', description: 'ISO 8601 时间（含时区）' });

export const FleetRequest = Type.Object({
  id: Type.Integer(),
  requesterId: Type.Integer(),
  requesterName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  purpose: Type.String(),
  passengers: Type.Integer(),
  origin: Type.String(),
  destination: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  emergency: Type.Boolean(),
  status: Type.String(),
  statusName: Type.String(),
  instanceId: Nullable(Type.Integer()),
  cancelReason: Nullable(Type.String()),
  feedbackScore: Nullable(Type.Integer()),
  feedback: Nullable(Type.String()),
  createdAt: Type.String(),
  dispatch: Nullable(
    Type.Object({
      id: Type.Integer(),
      status: Type.String(),
      statusName: Type.String(),
      vehicleId: Type.Integer(),
      plate: Type.String(),
      vehicleModel: Type.String(),
      driverId: Type.Integer(),
      driverName: Type.String(),
      recordedAt: Type.String(),
      startedAt: Nullable(Type.String()),
      finishedAt: Nullable(Type.String()),
      startOdometer: Nullable(Type.Number()),
      endOdometer: Nullable(Type.Number()),
      km: Nullable(Type.Number()),
      note: Nullable(Type.String()),
      lateEntry: Type.Boolean({ description: '紧急用车逾期补录' }),
    }),
  ),
  _actions: Actions,
});

export const RequestFilters = {
  status: Type.Optional(lit(REQUEST_STATUSES)),
  mine: Type.Optional(Type.Boolean({ description: '仅本人提交的申请' })),
  emergency: Type.Optional(Type.Boolean()),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  from: Type.Optional(DateTimeText),
  to: Type.Optional(DateTimeText),
};

const Text = (min: number, max: number) => Type.String({ minLength: min, maxLength: max });

export const RequestBody = Type.Object(
  {
    requestKey: Type.String({ minLength: 8, maxLength: 90, description: '客户端生成的唯一键，用于防止重复提交' }),
    purpose: Text(2, 200),
    passengers: Type.Integer({ minimum: 1, maximum: 50 }),
    origin: Text(2, 100),
    destination: Text(2, 100),
    from: DateTimeText,
    to: DateTimeText,
  },
  { additionalProperties: false },
);

export const ReasonBody = Type.Object({ reason: Text(2, 200) }, { additionalProperties: false });
export const FeedbackBody = Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }), text: Type.String({ maxLength: 500 }) }, { additionalProperties: false });
