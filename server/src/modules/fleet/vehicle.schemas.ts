import { Type } from 'typebox';
import { Actions } from '../../platform/http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const ENERGY_TYPES = ['petrol', 'diesel', 'hybrid', 'phev', 'bev', 'fcev'] as const;
export const VEHICLE_STATUSES = ['in_use', 'repair', 'sealed', 'pending_disposal', 'disposed'] as const;
export const ACQUISITION_METHODS = ['purchase', 'transfer_in', 'donation', 'other'] as const;

export const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const Plate = Type.String({ minLength: 7, maxLength: 8, description: '车牌号，如 鲁A12345 或 鲁AD12345（新能源）' });
export const Vin = Type.String({ pattern: '^[A-HJ-NPR-Z0-9]{17}$', description: '车辆识别代号（17 位，不含 I、O、Q）' });
const Money = Type.Number({ exclusiveMinimum: 0, maximum: 9999999999 });

// ------------------------------------------------------------------ categories

export const Category = Type.Object({
  code: Type.String(),
  name: Type.String(),
  maxPrice: Nullable(Type.Number()),
  maxDisplacementL: Nullable(Type.Number()),
  maxPriceNe: Nullable(Type.Number()),
  sort: Type.Integer(),
  source: Type.String(),
  _actions: Actions,
});
export const CategoryParam = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z_]*$', maxLength: 40 }) });
export const CategoryEdit = Type.Object({
  maxPrice: Nullable(Money),
  maxDisplacementL: Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 99 })),
  maxPriceNe: Nullable(Money),
  source: Type.String({ minLength: 2, maxLength: 500, description: '标准依据（文件名称与条款）' }),
});

// ------------------------------------------------------------------ vehicles

export const VehicleFilters = {
  plate: Type.Optional(Type.String({ maxLength: 10 })),
  unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: '所属单位（含下级）' })),
  regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })),
  categoryCode: Type.Optional(Type.String({ maxLength: 40 })),
  energyType: Type.Optional(lit(ENERGY_TYPES)),
  status: Type.Optional(lit(VEHICLE_STATUSES)),
  terminal: Type.Optional(lit(['bound', 'unbound'])),
};

export const Vehicle = Type.Object({
  id: Type.Integer(),
  plate: Type.String(),
  vin: Nullable(Type.String()),
  brand: Type.String(),
  model: Type.String(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  energyType: Type.String(),
  energyTypeName: Type.String(),
  displacementL: Nullable(Type.Number()),
  price: Type.Number(),
  acquiredOn: Type.String(),
  acquisitionMethod: Type.String(),
  acquisitionMethodName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  odometerKm: Type.Number(),
  terminalPhone: Nullable(Type.String()),
  terminalInstalledOn: Nullable(Type.String()),
  seats: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  _actions: Actions,
});

export const VehicleInput = Type.Object({
  plate: Plate,
  vin: Type.Optional(Nullable(Vin)),
  brand: Type.String({ minLength: 1, maxLength: 40 }),
  model: Type.String({ minLength: 1, maxLength: 60 }),
  categoryCode: Type.String({ maxLength: 40 }),
  energyType: lit(ENERGY_TYPES),
  displacementL: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 10 }))),
  price: Money,
  acquiredOn: DateOnly,
  acquisitionMethod: lit(ACQUISITION_METHODS),
  unitId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  odometerKm: Type.Optional(Type.Number({ minimum: 0, maximum: 99999999 })),
  seats: Type.Optional(Type.Integer({ minimum: 2, maximum: 60 })),
});

export const StatusBody = Type.Object({
  status: lit(VEHICLE_STATUSES),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
});
export const SealBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) });
export const TerminalBody = Type.Object({
  terminalPhone: Nullable(Type.String({ pattern: '^[0-9]{11,20}$', description: '北斗终端号（终端手机号，11–20 位数字）' })),
  installedOn: Type.Optional(Nullable(DateOnly)),
});

export const Insurance = Type.Object({
  id: Type.Integer(),
  vehicleId: Type.Integer(),
  providerId: Nullable(Type.Integer()),
  insurer: Type.String(),
  policyNo: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  premium: Type.Number(),
});
export const InsuranceInput = Type.Object({
  providerId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 2147483647 }))),
  insurer: Type.String({ minLength: 2, maxLength: 100 }),
  policyNo: Type.String({ minLength: 4, maxLength: 40 }),
  startsOn: DateOnly,
  endsOn: DateOnly,
  premium: Type.Number({ minimum: 0, maximum: 9999999999 }),
});
export const Inspection = Type.Object({
  id: Type.Integer(),
  vehicleId: Type.Integer(),
  inspectedOn: Type.String(),
  validUntil: Type.String(),
  station: Nullable(Type.String()),
});
export const InspectionInput = Type.Object({
  inspectedOn: DateOnly,
  validUntil: DateOnly,
  station: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
});

export const VehicleDetail = Type.Object({
  vehicle: Vehicle,
  category: Category,
  insurance: Type.Array(Insurance),
  inspections: Type.Array(Inspection),
  dispatches: Type.Array(
    Type.Object({
      id: Type.Integer(),
      requestId: Type.Integer(),
      purpose: Type.String(),
      driverName: Type.String(),
      startsAt: Type.String(),
      endsAt: Type.String(),
      status: Type.String(),
    }),
  ),
  trips: Type.Array(Type.Object({ id: Type.Integer(), source: Type.String(), startedAt: Type.String(), endedAt: Type.String(), km: Type.Number() })),
  costs: Type.Array(Type.Object({ month: Type.String(), category: Type.String(), amount: Type.Number(), txCount: Type.Integer() })),
  warnings: Type.Array(
    Type.Object({ id: Type.Integer(), kind: Type.String(), kindName: Type.String(), title: Type.String(), severity: Type.String(), status: Type.String(), firstSeenAt: Type.String() }),
  ),
});

export const PlateRules = Type.Object({
  cities: Type.Array(Type.Object({ regionCode: Type.String(), city: Type.String(), letters: Type.Array(Type.String()) })),
  pattern: Type.String(),
  energyTypes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), newEnergy: Type.Boolean() })),
  statuses: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), next: Type.Array(Type.String()) })),
});

// ------------------------------------------------------------------ quotas

export const QuotaRow = Type.Object({
  unitId: Type.Integer(),
  unitName: Type.String(),
  regionCode: Type.String(),
  cells: Type.Array(
    Type.Object({
      categoryCode: Type.String(),
      quota: Nullable(Type.Integer()),
      basis: Nullable(Type.String()),
      actual: Type.Integer(),
      over: Type.Boolean(),
    }),
  ),
  _actions: Actions,
});
export const QuotaFilters = {
  unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
  regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })),
  overOnly: Type.Optional(Type.Boolean()),
};
export const QuotaParam = Type.Object({
  unitId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  code: Type.String({ pattern: '^[a-z][a-z_]*$', maxLength: 40 }),
});
export const QuotaBody = Type.Object({
  quota: Type.Integer({ minimum: 0, maximum: 10000 }),
  basis: Type.String({ minLength: 2, maxLength: 200, description: '核定依据（文件名、文号）' }),
});

// ------------------------------------------------------------------ drivers

export const LICENCE_CLASSES = ['A1', 'A2', 'A3', 'B1', 'B2', 'C1', 'C2'] as const;
export const DRIVER_STATUSES = ['active', 'suspended', 'left'] as const;

export const DriverFilters = {
  name: Type.Optional(Type.String({ maxLength: 50 })),
  unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
  licenceClass: Type.Optional(lit(LICENCE_CLASSES)),
  status: Type.Optional(lit(DRIVER_STATUSES)),
  expiringWithinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
};
export const Driver = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  licenceNo: Type.String(),
  licenceClass: Type.String(),
  licenceExpiresOn: Type.String(),
  status: Type.String(),
  statusName: Type.String(),
  createdAt: Type.String(),
  _actions: Actions,
});
export const DriverCreate = Type.Object({
  personId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  licenceNo: Type.String({ pattern: '^[0-9A-Z]{12,18}$', description: '驾驶证号（12–18 位数字或大写字母）' }),
  licenceClass: lit(LICENCE_CLASSES),
  licenceExpiresOn: DateOnly,
});
export const DriverUpdate = Type.Object({
  licenceNo: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{12,18}$' })),
  licenceClass: Type.Optional(lit(LICENCE_CLASSES)),
  licenceExpiresOn: Type.Optional(DateOnly),
  status: Type.Optional(lit(DRIVER_STATUSES)),
});
