import { Type } from 'typebox';
import { DateTimeText } from './request.schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Odometer = Type.Number({ minimum: 0, maximum: 9999999, description: '里程表读数（公里）' });

export const AssignBody = Type.Object({ vehicleId: Id, driverId: Id }, { additionalProperties: false });
export const NoShowBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export const EmergencyBody = Type.Object(
  {
    unitId: Type.Optional(Id),
    purpose: Type.String({ minLength: 2, maxLength: 200 }),
    passengers: Type.Integer({ minimum: 1, maximum: 50 }),
    origin: Type.String({ minLength: 2, maxLength: 100 }),
    destination: Type.String({ minLength: 2, maxLength: 100 }),
    from: DateTimeText,
    to: DateTimeText,
    vehicleId: Id,
    driverId: Id,
  },
  { additionalProperties: false },
);
export const EmergencyResult = Type.Object({ requestId: Type.Integer(), dispatchId: Type.Integer(), late: Type.Boolean({ description: '逾期补录' }) });

export const StartBody = Type.Object({ odometer: Odometer }, { additionalProperties: false });
export const FinishBody = Type.Object({ odometer: Odometer, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const AvailabilityQuery = Type.Object({ from: DateTimeText, to: DateTimeText, emergency: Type.Optional(Type.Boolean()) });
export const Availability = Type.Object({
  vehicles: Type.Array(
    Type.Object({
      id: Type.Integer(),
      plate: Type.String(),
      model: Type.String(),
      seats: Type.Integer(),
      status: Type.String(),
      unitName: Type.String(),
      odometerKm: Type.Number(),
    }),
  ),
  drivers: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), licenceClass: Type.String(), licenceExpiresOn: Type.String(), unitName: Type.String() })),
});

export const Task = Type.Object({
  id: Type.Integer(),
  requestId: Type.Integer(),
  status: Type.String(),
  statusName: Type.String(),
  emergency: Type.Boolean(),
  vehicleId: Type.Integer(),
  plate: Type.String(),
  vehicleModel: Type.String(),
  vehicleOdometer: Type.Number(),
  driverId: Type.Integer(),
  driverName: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  startOdometer: Nullable(Type.Number()),
  endOdometer: Nullable(Type.Number()),
  note: Nullable(Type.String()),
  purpose: Type.String(),
  passengers: Type.Integer(),
  origin: Type.String(),
  destination: Type.String(),
  unitName: Type.String(),
});
export const DayQuery = Type.Object({ day: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间），默认今天' })) });
export const Tasks = Type.Object({ day: Type.String(), items: Type.Array(Task) });

const Bar = Type.Object({ id: Type.Integer(), requestId: Type.Integer(), status: Type.String(), statusName: Type.String(), emergency: Type.Boolean(), startsAt: Type.String(), endsAt: Type.String(), label: Type.String() });
export const Board = Type.Object({
  day: Type.String(),
  vehicles: Type.Array(Type.Object({ id: Type.Integer(), plate: Type.String(), model: Type.String(), status: Type.String(), seats: Type.Integer(), dispatches: Type.Array(Bar) })),
  drivers: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), status: Type.String(), dispatches: Type.Array(Bar) })),
});
