import type { Db } from '../../db/connection.js';
import { conflict } from '../../platform/errors.js';
import { type BusinessType, type DecisionContext, defineBusinessType } from '../../platform/workflow/business-type.js';
import type { FormField, ProcessTree } from '../../platform/workflow/definition.js';
import { type EventInsert, findLiveRoomCards, insertEvent, lockCard, setCardStatus, setCardUnit } from './asset.repository.js';
import { withEstateErrors } from './asset.service.js';
import { evaluateOffices } from './evaluation.service.js';
import {
  type ApplicationKind,
  closeClaims,
  decideApplication,
  findApplicationRooms,
  giveRoomsTo,
  type LockedApplication,
  lockApplication,
  lockRooms,
  setRoomUnit,
  unitsTouchedBy,
} from './application.repository.js';

export const KIND_NAMES: Record<ApplicationKind, string> = {
  allocation: '调剂',
  exchange: '置换',
  lease_in: '租用',
  repair: '维修',
  disposal: '处置',
};

/** Business type code of each kind: estate.<kind> with kebab-case. */
export const KIND_TYPES: Record<ApplicationKind, string> = {
  allocation: 'estate.allocation',
  exchange: 'estate.exchange',
  lease_in: 'estate.lease-in',
  repair: 'estate.repair',
  disposal: 'estate.disposal',
};

/** One approval at the 机关事务管理局 of the applicant's region, climbing to the nearest bureau that has a manager. */
const BUREAU_TREE: ProcessTree = {
  nodes: [
    {
      id: 'bureau',
      type: 'approval',
      name: '机关事务管理局审批',
      strategy: { kind: 'role', roleCodes: ['province_manager', 'region_manager'], at: 'bureau', bureauLevel: 'own', nearest: true },
      mode: 'any',
      noApprover: 'refuse',
      selfApprove: 'skip',
      deadlineWorkingDays: 5,
      remindBeforeHours: 8,
      timeoutAction: 'none',
    },
  ],
};

const UNIT_LEVEL: FormField = {
  key: 'unitLevel',
  label: '申请单位层级',
  type: 'string',
  options: [
    { value: 'province', label: '省级' },
    { value: 'city', label: '市级' },
    { value: 'county', label: '县级' },
    { value: 'township', label: '乡镇' },
  ],
};

export const WEAR_GRADES: Record<string, string> = { intact: '完好', basically_intact: '基本完好', damaged: '一般损坏', severely_damaged: '严重损坏' };
/** 处置形式 (GB/T 43243-2023). */
export const DISPOSAL_FORMS: Record<string, string> = {
  scrap: '报废',
  demolish: '拆除',
  free_transfer: '无偿划转',
  donation: '对外捐赠',
  sale: '出售',
  exchange: '置换',
};

const FIELDS: Record<ApplicationKind, FormField[]> = {
  allocation: [
    UNIT_LEVEL,
    { key: 'source', label: '调剂来源', type: 'string', options: [{ value: 'idle_rooms', label: '闲置用房' }, { value: 'card', label: '其他单位资产' }] },
    { key: 'roomCount', label: '房间数', type: 'number' },
    { key: 'area', label: '使用面积（㎡）', type: 'number' },
  ],
  exchange: [UNIT_LEVEL, { key: 'cardNo', label: '本单位资产', type: 'string' }, { key: 'counterpartCardNo', label: '置换对象资产', type: 'string' }],
  lease_in: [
    UNIT_LEVEL,
    { key: 'area', label: '租用面积（㎡）', type: 'number' },
    { key: 'annualRent', label: '年租金（元）', type: 'number' },
    { key: 'lessor', label: '出租方', type: 'string' },
  ],
  repair: [
    UNIT_LEVEL,
    { key: 'budget', label: '预算（元）', type: 'number' },
    { key: 'wearGrade', label: '完损等级', type: 'string', options: Object.entries(WEAR_GRADES).map(([value, label]) => ({ value, label })) },
    { key: 'buildYear', label: '建成年份', type: 'number' },
    { key: 'energyUse', label: '单位面积能耗（kWh/㎡·年）', type: 'number' },
  ],
  disposal: [
    UNIT_LEVEL,
    { key: 'disposalForm', label: '处置形式', type: 'string', options: Object.entries(DISPOSAL_FORMS).map(([value, label]) => ({ value, label })) },
    { key: 'appraisedValue', label: '评估价值（元）', type: 'number' },
    { key: 'originalValue', label: '原值（元）', type: 'number' },
  ],
};

const event = (a: LockedApplication, cardId: number, phase: EventInsert['phase'], summary: string, actorId: number | null, detail: Record<string, unknown> = {}): EventInsert => ({
  card_id: cardId,
  kind: a.kind as EventInsert['kind'],
  phase,
  application_id: a.id,
  summary,
  detail,
  actor_id: actorId,
});

async function pending(tx: Db, ctx: DecisionContext) {
  const a = await lockApplication(tx, Number(ctx.instance.businessKey));
  if (!a || a.status !== 'pending') throw conflict('该申请已处理', 'APPLICATION_DECIDED');
  return a;
}

/** 调剂 approved: idle rooms (and their room cards) or another unit's card go to the applicant; claims close. */
async function approveAllocation(tx: Db, a: LockedApplication, actorId: number | null) {
  const claimed = (await findApplicationRooms(tx, a.id)).filter((r) => r.open).map((r) => r.id);
  if (claimed.length) {
    const rooms = await lockRooms(tx, claimed);
    const gone = rooms.filter((r) => r.status !== 'idle');
    if (gone.length) throw conflict(`房间已不再闲置，请拒绝该申请：${gone.map((r) => `${r.building_name} ${r.room_no}`).join('、')}`, 'ROOM_NOT_IDLE');
    await giveRoomsTo(tx, claimed, a.unit_id);
    for (const c of await findLiveRoomCards(tx, claimed)) {
      await setCardUnit(tx, c.id, a.unit_id);
      if (c.status === 'idle') await setCardStatus(tx, c.id, 'in_use');
      await insertEvent(tx, event(a, c.id, 'approved', `调剂给申请单位：${a.title}`, actorId, { toUnitId: a.unit_id, fromUnitId: c.unit_id }));
    }
    await closeClaims(tx, a.id);
  }
  if (a.card_id) {
    const card = await lockCard(tx, a.card_id);
    if (!card) throw conflict('资产卡片不存在');
    await setCardUnit(tx, card.id, a.unit_id);
    if (card.status === 'idle') await setCardStatus(tx, card.id, 'in_use');
    if (card.kind === 'room' && card.room_id) await setRoomUnit(tx, card.room_id, a.unit_id);
    await insertEvent(tx, event(a, card.id, 'approved', `调剂审批通过，资产转由申请单位使用`, actorId, { toUnitId: a.unit_id, fromUnitId: card.unit_id }));
  }
  await decideApplication(tx, a.id, 'done');
}

/** 置换 approved: the two cards (and their rooms, for room cards) swap their units. */
async function approveExchange(tx: Db, a: LockedApplication, actorId: number | null) {
  const counterpartId = Number((a.form as { counterpartCardId?: number }).counterpartCardId);
  const [first, second] = [a.card_id!, counterpartId].sort((x, y) => x - y);
  const x = await lockCard(tx, first!);
  const y = await lockCard(tx, second!);
  if (!x || !y) throw conflict('资产卡片不存在');
  const mine = x.id === a.card_id ? x : y;
  const theirs = x.id === a.card_id ? y : x;
  await setCardUnit(tx, mine.id, theirs.unit_id);
  await setCardUnit(tx, theirs.id, mine.unit_id);
  if (mine.kind === 'room' && mine.room_id) await setRoomUnit(tx, mine.room_id, theirs.unit_id);
  if (theirs.kind === 'room' && theirs.room_id) await setRoomUnit(tx, theirs.room_id, mine.unit_id);
  await insertEvent(tx, event(a, mine.id, 'approved', `置换审批通过，与 ${theirs.card_no} 互换使用单位`, actorId, { fromUnitId: mine.unit_id, toUnitId: theirs.unit_id }));
  await insertEvent(tx, event(a, theirs.id, 'approved', `置换审批通过，与 ${mine.card_no} 互换使用单位`, actorId, { fromUnitId: theirs.unit_id, toUnitId: mine.unit_id }));
  await decideApplication(tx, a.id, 'done');
}

async function onApproved(ctx: DecisionContext) {
  const { tx, actorId } = ctx;
  await withEstateErrors(async () => {
    const a = await pending(tx, ctx);
    switch (a.kind as ApplicationKind) {
      case 'allocation':
      case 'exchange': {
        await (a.kind === 'allocation' ? approveAllocation(tx, a, actorId) : approveExchange(tx, a, actorId));
        // space changed hands: the rules see both sides in the same transaction (quota, use, vacancies)
        return evaluateOffices(ctx.platform, { unitIds: await unitsTouchedBy(tx, a.id, a.unit_id) }, tx);
      }
      case 'lease_in':
        return decideApplication(tx, a.id, 'done');
      case 'repair': {
        // the works start: the card is under repair until the acceptance
        await setCardStatus(tx, a.card_id!, 'under_repair');
        await insertEvent(tx, event(a, a.card_id!, 'approved', '维修审批通过，资产进入维修', actorId));
        return decideApplication(tx, a.id, 'approved');
      }
      case 'disposal': {
        // stays pending_disposal until executed and written off
        await insertEvent(tx, event(a, a.card_id!, 'approved', '处置审批通过，待执行处置并核销', actorId));
        return decideApplication(tx, a.id, 'approved');
      }
    }
  });
}

/** Refused or withdrawn: claims close; a disposal gives the card back its status from before the application. */
async function onEnded(ctx: DecisionContext, status: 'rejected' | 'cancelled') {
  const { tx, actorId } = ctx;
  await withEstateErrors(async () => {
    const a = await pending(tx, ctx);
    await closeClaims(tx, a.id);
    const word = status === 'rejected' ? '审批未通过' : '申请已撤销';
    if (a.card_id) {
      if (a.kind === 'disposal' && a.prior_status) {
        await setCardStatus(tx, a.card_id, a.prior_status);
        await insertEvent(tx, event(a, a.card_id, status, `处置${word}，资产恢复为原状态`, actorId, { restoredStatus: a.prior_status }));
      } else {
        await insertEvent(tx, event(a, a.card_id, status, `${KIND_NAMES[a.kind as ApplicationKind]}${word}`, actorId));
      }
    }
    if (a.kind === 'exchange') {
      const other = Number((a.form as { counterpartCardId?: number }).counterpartCardId);
      if (other) await insertEvent(tx, event(a, other, status, `置换${word}`, actorId));
    }
    await decideApplication(tx, a.id, status);
  });
}

function typeOf(kind: ApplicationKind): BusinessType {
  return defineBusinessType({
    code: KIND_TYPES[kind],
    name: `办公用房${KIND_NAMES[kind]}申请`,
    module: 'estate',
    fields: FIELDS[kind],
    defaultTree: BUREAU_TREE,
    link: (key) => `/estate/applications/${key}`,
    onApproved,
    onRejected: (ctx) => onEnded(ctx, 'rejected'),
    onCancelled: (ctx) => onEnded(ctx, 'cancelled'),
  });
}

export const ESTATE_ALLOCATION = typeOf('allocation');
export const ESTATE_EXCHANGE = typeOf('exchange');
export const ESTATE_LEASE_IN = typeOf('lease_in');
export const ESTATE_REPAIR = typeOf('repair');
export const ESTATE_DISPOSAL = typeOf('disposal');

/** The five life-cycle business types, for the catalog. */
export const ESTATE_APPLICATION_TYPES = [ESTATE_ALLOCATION, ESTATE_EXCHANGE, ESTATE_LEASE_IN, ESTATE_REPAIR, ESTATE_DISPOSAL];
