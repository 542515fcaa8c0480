import { Type } from 'typebox';
import { Actions, Nullable } from '../../platform/http/schemas.js';

const Area = (description: string) => Type.Number({ exclusiveMinimum: 0, maximum: 10_000_000, multipleOf: 0.01, description });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const RoomStatus = Type.Union(['in_use', 'idle', 'repair', 'leased_in', 'disposed'].map((s) => Type.Literal(s)));
export const ROOM_STATUS_NAMES: Record<string, string> = { in_use: '在用', idle: '闲置', repair: '维修', leased_in: '租用', disposed: '已处置' };
export const ORG_LEVEL_NAMES: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡级' };

export const CompoundInput = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{2,31}$', description: '院落编号：大写字母、数字、连字符' }),
    name: Type.String({ minLength: 2, maxLength: 100 }),
    address: Type.String({ minLength: 2, maxLength: 200 }),
    regionCode: Type.String({ pattern: '^37[0-9]{4}([0-9]{3})?$', description: '县级或乡级行政区划代码' }),
    ownerUnitId: Type.Integer({ minimum: 1 }),
    lng: Type.Optional(Nullable(Type.Number({ minimum: 73, maximum: 136 }))),
    lat: Type.Optional(Nullable(Type.Number({ minimum: 3, maximum: 54 }))),
    landArea: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100_000_000 }))),
    landCertNo: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 60 }))),
  },
  { additionalProperties: false },
);

export const Compound = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  address: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  ownerUnitId: Type.Integer(),
  ownerUnitName: Type.String(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  landArea: Nullable(Type.Number()),
  landCertNo: Nullable(Type.String()),
  buildings: Type.Integer(),
  grossArea: Type.Number(),
  _actions: Actions,
});

export const BuildingInput = Type.Object(
  {
    compoundId: Type.Integer({ minimum: 1 }),
    code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{0,15}$', description: '楼座编号' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    structureCode: Type.String({ maxLength: 30 }),
    buildYear: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2100 }))),
    floorsAbove: Type.Integer({ minimum: 1, maximum: 150 }),
    floorsBelow: Type.Integer({ minimum: 0, maximum: 10 }),
    grossArea: Area('建筑面积 m²'),
    usableArea: Area('使用面积 m²'),
    certNo: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 60 }))),
    bookValue: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e13 }))),
  },
  { additionalProperties: false },
);

export const Building = Type.Object({
  id: Type.Integer(),
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  code: Type.String(),
  name: Type.String(),
  structureCode: Type.String(),
  structureName: Type.String(),
  buildYear: Nullable(Type.Integer()),
  floorsAbove: Type.Integer(),
  floorsBelow: Type.Integer(),
  grossArea: Type.Number(),
  usableArea: Type.Number(),
  certNo: Nullable(Type.String()),
  bookValue: Nullable(Type.Number()),
  rooms: Type.Integer(),
  roomsUsableArea: Type.Number(),
  _actions: Actions,
});

export const RoomInput = Type.Object(
  {
    buildingId: Type.Integer({ minimum: 1 }),
    floorNo: Type.Integer({ minimum: -10, maximum: 150, not: { const: 0 }, description: '楼层，地下为负数' }),
    roomNo: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,15}$' }),
    grossArea: Type.Optional(Nullable(Area('建筑面积 m²'))),
    usableArea: Type.Number({ exclusiveMinimum: 0, maximum: 5000, multipleOf: 0.01 }),
    designedUse: Type.String({ maxLength: 30 }),
    currentUse: Type.String({ maxLength: 30 }),
    unitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    departmentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    status: RoomStatus,
    attachedToRoomId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  },
  { additionalProperties: false },
);

export const Occupant = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  rankName: Nullable(Type.String()),
  personStatus: Type.String(),
  from: Type.String(),
  to: Nullable(Type.String({ description: '截止日（含），空为至今' })),
  isPrimary: Type.Boolean(),
  current: Type.Boolean(),
  note: Nullable(Type.String()),
});

export const Room = Type.Object({
  id: Type.Integer(),
  compoundId: Type.Integer(),
  compoundName: Type.String(),
  buildingId: Type.Integer(),
  buildingName: Type.String(),
  floorNo: Type.Integer(),
  roomNo: Type.String(),
  grossArea: Nullable(Type.Number()),
  usableArea: Type.Number(),
  designedUse: Type.String(),
  designedUseName: Type.String(),
  currentUse: Type.String(),
  currentUseName: Type.String(),
  category: Type.String(),
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  status: RoomStatus,
  attachedToRoomId: Nullable(Type.Integer()),
  occupants: Type.Array(Type.Object({ personId: Type.Integer(), name: Type.String(), rankName: Nullable(Type.String()) })),
  findingKinds: Type.Array(Type.String(), { description: '房间及其现使用人未办结的预警类型' }),
  findingNames: Type.Array(Type.String(), { description: '与 findingKinds 一一对应的中文名称' }),
  _actions: Actions,
});

export const RoomDetail = Type.Object({
  ...Room.properties,
  history: Type.Array(Occupant),
    restRooms: Type.Array(Type.Object({ id: Type.Integer(), roomNo: Type.String(), usableArea: Type.Number() })),
    findings: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), kindName: Type.String(), title: Type.String(), severity: Type.String(), status: Type.String() })),
    shares: Type.Array(Type.Object({
      personId: Type.Integer(), personName: Type.String(), area: Type.Number(), cap: Nullable(Type.Number()), rooms: Type.String(),
    }), { description: '现使用人的人均办公面积（含其全部主办公室，合用按标准比例分摊）与标准' }),
});

export const AssignInput = Type.Object(
  {
    personId: Type.Integer({ minimum: 1 }),
    from: Day,
    to: Type.Optional(Nullable(Day)),
    isPrimary: Type.Optional(Type.Boolean({ default: true })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);

export const EndInput = Type.Object({ to: Day }, { additionalProperties: false });

export const FloorGrid = Type.Object({
  building: Building,
  floors: Type.Array(Type.Object({
    floorNo: Type.Integer(),
    label: Type.String(),
    rooms: Type.Array(Room),
    usableArea: Type.Number(),
  })),
});

export const TreeNode = Type.Object({
  key: Type.String(),
  kind: Type.Union([Type.Literal('compound'), Type.Literal('building'), Type.Literal('floor')]),
  id: Type.Integer(),
  title: Type.String(),
  isLeaf: Type.Boolean(),
  extra: Type.Optional(Type.String()),
});

export const Dicts = Type.Object({
  useClasses: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), category: Type.String(), categoryName: Type.String() })),
  structures: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), depreciationYears: Type.Integer(), source: Type.String() })),
  assetClasses: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() })),
  roomStatuses: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
});

export const CATEGORY_NAMES: Record<string, string> = { office: '办公室用房', service: '服务用房', equipment: '设备用房', ancillary: '附属用房' };

export const floorLabel = (n: number) => (n < 0 ? `地下${-n}层` : `${n}层`);
