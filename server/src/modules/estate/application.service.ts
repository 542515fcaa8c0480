import { type DataScope, regionCodePath } from '../../platform/access/scope.js';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.js';
import { findOrgInScope } from '../../platform/org/org.repository.js';
import { type Env, startInstance } from '../../platform/workflow/workflow.engine.js';
import type { Db } from '../../db/connection.js';
import { type CardRow, findCardInScope, insertEvent, lockCard, setCardStatus } from './asset.repository.js';
import { CARD_STATUS_NAMES, LIVE_FOR_APPLICATION, withEstateErrors } from './asset.service.js';
import {
  type ApplicationKind,
  claimRooms,
  disposeRooms,
  findBuildYear,
  findCurrentOccupants,
  findIdleRoomsInScope,
  findOpenClaims,
  findRoomsOfCard,
  finishApplication,
  insertApplication,
  type LockedApplication,
  lockApplication,
  lockRooms,
  patchApplicationForm,
  setApplicationInstance,
} from './application.repository.js';
import { DISPOSAL_FORMS, KIND_NAMES, KIND_TYPES, WEAR_GRADES } from './application.workflow.js';

export interface Caller {
  userId: number;
  unitId: number;
  scope: DataScope;
}

interface Common {
  requestKey: string;
  reason: string;
  title?: string;
}
export interface AllocationInput extends Common {
  unitId?: number;
  roomIds?: number[];
  cardId?: number;
}
export interface ExchangeInput extends Common {
  cardId: number;
  counterpartCardId: number;
}
export interface LeaseInInput extends Common {
  unitId?: number;
  lessor: string;
  address: string;
  area: number;
  annualRent: number;
  termFrom: string;
  termTo: string;
}
export interface RepairInput extends Common {
  cardId: number;
  budget: number;
  scope: string;
  wearGrade: string;
  lastRepairYear?: number | null;
  energyUse?: number | null;
}
export interface DisposalInput extends Common {
  cardId: number;
  disposalForm: string;
  appraisedValue?: number | null;
}

async function applicantUnit(tx: Db, caller: Caller, unitId: number | undefined) {
  const id = unitId ?? caller.unitId;
  const unit = await findOrgInScope(tx, caller.scope, id);
  if (!unit || unit.kind !== 'unit') throw invalid('申请单位不存在或不在您的管理范围内', [{ field: 'unitId', message: '请选择管理范围内的单位' }]);
  return unit;
}

/**
 * Another unit's card may be asked for (调剂) or offered in exchange (置换) when it lies in the applicant unit's region
 * tree, even if the caller's own scope (e.g. 本单位) does not show it.
 */
const withUnitRegion = (scope: DataScope, unit: { region_code: string }): DataScope => ({ ...scope, regionPaths: [...scope.regionPaths, regionCodePath(unit.region_code)] });

/** A card the caller sees, free for a new life-cycle application (not disposed, not already in one). */
async function liveCard(tx: Db, caller: Caller, cardId: number, field = 'cardId', scope: DataScope = caller.scope): Promise<CardRow> {
  const card = await findCardInScope(tx, scope, cardId);
  if (!card) throw notFound('资产卡片');
  if (card.status === 'disposed') throw new AppError('ASSET_STATE', `资产 ${card.card_no} 已处置核销，不能再申请`, 409, [{ field, message: '资产已处置' }]);
  if (card.open_application_id !== null)
    throw new AppError('APPLICATION_OPEN', `资产 ${card.card_no} 已有正在办理的申请（#${card.open_application_id}），办结后才能再次申请`, 409, [{ field, message: '已有正在办理的申请' }]);
  if (!LIVE_FOR_APPLICATION.includes(card.status))
    throw new AppError('ASSET_STATE', `资产 ${card.card_no} 当前为“${CARD_STATUS_NAMES[card.status]}”，不能申请`, 409, [{ field, message: '当前状态不能申请' }]);
  return card;
}

interface Filed {
  kind: ApplicationKind;
  unitId: number;
  unitLevel: string;
  card: CardRow | null;
  title: string;
  form: Record<string, unknown>;
  wfForm: Record<string, unknown>;
  roomIds?: number[];
  /** the card's status while the application runs (disposal: pending_disposal) */
  cardStatusWhilePending?: string;
  extraCardEvents?: { cardId: number; summary: string }[];
}

/**
 * Files the application and starts its approval in the caller's transaction: the row, the claims on rooms, the
 * card's status (a disposal puts it in pending_disposal, the prior status kept for a refusal), the 'applied' event
 * and the workflow instance commit together. The engine may decide at once (no approver needed): the handlers find
 * the row already there.
 */
async function file(env: Env, caller: Caller, body: Common, f: Filed): Promise<number> {
  const { tx } = env;
  if (f.card) {
    const locked = await lockCard(tx, f.card.id);
    if (!locked || locked.status !== f.card.status) throw conflict('资产状态已变化，请刷新后重试', 'ASSET_STATE');
  }
  const app = await withEstateErrors(() =>
    insertApplication(tx, {
      kind: f.kind,
      card_id: f.card?.id ?? null,
      unit_id: f.unitId,
      title: (body.title?.trim() || f.title).slice(0, 100),
      reason: body.reason.trim(),
      form: f.form,
      prior_status: f.card?.status ?? null,
      request_key: body.requestKey,
      created_by: caller.userId,
    }),
  );
  if (f.roomIds?.length) await withEstateErrors(() => claimRooms(tx, app.id, f.roomIds!));
  if (f.card) {
    if (f.cardStatusWhilePending) await withEstateErrors(() => setCardStatus(tx, f.card!.id, f.cardStatusWhilePending!));
    await insertEvent(tx, {
      card_id: f.card.id,
      kind: f.kind,
      phase: 'applied',
      application_id: app.id,
      summary: `申请${KIND_NAMES[f.kind]}：${body.reason.trim()}`,
      detail: f.form,
      actor_id: caller.userId,
    });
  }
  for (const e of f.extraCardEvents ?? [])
    await insertEvent(tx, { card_id: e.cardId, kind: f.kind, phase: 'applied', application_id: app.id, summary: e.summary, detail: f.form, actor_id: caller.userId });
  const inst = await startInstance(env, {
    businessType: KIND_TYPES[f.kind],
    businessKey: String(app.id),
    title: (body.title?.trim() || f.title).slice(0, 100),
    form: { unitLevel: f.unitLevel, ...f.wfForm },
    starterId: caller.userId,
  });
  await setApplicationInstance(tx, app.id, inst.id);
  return app.id;
}

export async function applyAllocation(env: Env, caller: Caller, body: AllocationInput): Promise<number> {
  const { tx } = env;
  const unit = await applicantUnit(tx, caller, body.unitId);
  const roomIds = [...new Set(body.roomIds ?? [])];
  if (!roomIds.length === !body.cardId) throw invalid('请选择闲置房间，或选择其他单位的一张资产卡片（二选一）', [{ field: 'roomIds', message: '闲置房间与资产卡片二选一' }]);
  if (body.cardId) {
    const card = await liveCard(tx, caller, body.cardId, 'cardId', withUnitRegion(caller.scope, unit));
    if (card.unit_id === unit.id) throw invalid('该资产已由申请单位使用，无需调剂', [{ field: 'cardId', message: '资产已属于申请单位' }]);
    return file(env, caller, body, {
      kind: 'allocation',
      unitId: unit.id,
      unitLevel: unit.level,
      card,
      title: `${unit.name}申请调剂 ${card.name}`,
      form: { source: 'card', fromUnitId: card.unit_id, fromUnitName: card.unit_name, area: card.area === null ? null : Number(card.area) },
      wfForm: { source: 'card', roomCount: 0, area: card.area === null ? 0 : Number(card.area) },
    });
  }
  const visible = new Set((await findIdleRoomsInScope(tx, caller.scope, unit.id, roomIds)).map((r) => r.id));
  const rooms = await lockRooms(tx, roomIds);
  const bad = roomIds.filter((id) => !visible.has(id) || !rooms.some((r) => r.id === id && r.status === 'idle'));
  if (bad.length) throw new AppError('ROOM_NOT_IDLE', '所选房间不存在、不在闲置用房中或不在您的管理范围内', 409, [{ field: 'roomIds', message: `不可申请的房间：${bad.join('、')}` }]);
  const claimed = await findOpenClaims(tx, roomIds);
  if (claimed.length) {
    const names = claimed.map((c) => rooms.find((r) => r.id === c.room_id)).map((r) => `${r!.building_name} ${r!.room_no}`);
    throw new AppError('ROOM_CLAIMED', `房间已被其他调剂申请占用：${names.join('、')}`, 409, [{ field: 'roomIds', message: '房间已被其他申请占用' }]);
  }
  const area = Math.round(rooms.reduce((s, r) => s + Number(r.usable_area), 0) * 100) / 100;
  return file(env, caller, body, {
    kind: 'allocation',
    unitId: unit.id,
    unitLevel: unit.level,
    card: null,
    roomIds,
    title: `${unit.name}申请调剂闲置用房 ${rooms.length} 间`,
    form: { source: 'idle_rooms', roomIds, rooms: rooms.map((r) => `${r.building_name} ${r.room_no}`), area },
    wfForm: { source: 'idle_rooms', roomCount: rooms.length, area },
  });
}

export async function applyExchange(env: Env, caller: Caller, body: ExchangeInput): Promise<number> {
  const { tx } = env;
  if (body.cardId === body.counterpartCardId) throw invalid('置换的两项资产不能相同', [{ field: 'counterpartCardId', message: '不能与本单位资产相同' }]);
  const card = await liveCard(tx, caller, body.cardId);
  const unit = await applicantUnit(tx, caller, card.unit_id);
  const other = await liveCard(tx, caller, body.counterpartCardId, 'counterpartCardId', withUnitRegion(caller.scope, unit));
  if (other.unit_id === card.unit_id) throw invalid('置换对象须是其他单位的资产', [{ field: 'counterpartCardId', message: '须是其他单位的资产' }]);
  await lockCard(tx, other.id);
  return file(env, caller, body, {
    kind: 'exchange',
    unitId: unit.id,
    unitLevel: unit.level,
    card,
    title: `${unit.name}申请以 ${card.name} 置换 ${other.name}`,
    form: { counterpartCardId: other.id, counterpartCardNo: other.card_no, counterpartUnitId: other.unit_id, counterpartUnitName: other.unit_name },
    wfForm: { cardNo: card.card_no, counterpartCardNo: other.card_no },
    extraCardEvents: [{ cardId: other.id, summary: `${unit.name}申请以 ${card.card_no} 与本资产置换` }],
  });
}

export async function applyLeaseIn(env: Env, caller: Caller, body: LeaseInInput): Promise<number> {
  const { tx } = env;
  const unit = await applicantUnit(tx, caller, body.unitId);
  if (body.termTo < body.termFrom) throw invalid('租期结束日期不能早于开始日期', [{ field: 'termTo', message: '不能早于开始日期' }]);
  return file(env, caller, body, {
    kind: 'lease_in',
    unitId: unit.id,
    unitLevel: unit.level,
    card: null,
    title: `${unit.name}申请租用办公用房 ${body.area} ㎡`,
    form: { lessor: body.lessor.trim(), address: body.address.trim(), area: body.area, annualRent: body.annualRent, termFrom: body.termFrom, termTo: body.termTo },
    wfForm: { area: body.area, annualRent: body.annualRent, lessor: body.lessor.trim() },
  });
}

export async function applyRepair(env: Env, caller: Caller, body: RepairInput): Promise<number> {
  const { tx } = env;
  if (!WEAR_GRADES[body.wearGrade]) throw invalid('完损等级不正确', [{ field: 'wearGrade', message: '请选择完损等级' }]);
  const card = await liveCard(tx, caller, body.cardId);
  if (card.kind === 'land') throw invalid('土地不能申请维修', [{ field: 'cardId', message: '请选择房屋或房间资产' }]);
  const unit = await applicantUnit(tx, caller, card.unit_id);
  const buildYear = await findBuildYear(tx, card.building_id);
  const year = new Date().getFullYear();
  if (body.lastRepairYear && (body.lastRepairYear > year || (buildYear && body.lastRepairYear < buildYear)))
    throw invalid('上次维修年份应在建成年份与今年之间', [{ field: 'lastRepairYear', message: '应在建成年份与今年之间' }]);
  return file(env, caller, body, {
    kind: 'repair',
    unitId: unit.id,
    unitLevel: unit.level,
    card,
    title: `${unit.name}申请维修 ${card.name}`,
    form: {
      budget: body.budget,
      scope: body.scope.trim(),
      wearGrade: body.wearGrade,
      lastRepairYear: body.lastRepairYear ?? null,
      energyUse: body.energyUse ?? null,
      buildYear,
    },
    wfForm: { budget: body.budget, wearGrade: body.wearGrade, buildYear: buildYear ?? 0, energyUse: body.energyUse ?? 0 },
  });
}

export async function applyDisposal(env: Env, caller: Caller, body: DisposalInput): Promise<number> {
  const { tx } = env;
  if (!DISPOSAL_FORMS[body.disposalForm]) throw invalid('处置形式不正确', [{ field: 'disposalForm', message: '请选择处置形式' }]);
  const card = await liveCard(tx, caller, body.cardId);
  const unit = await applicantUnit(tx, caller, card.unit_id);
  return file(env, caller, body, {
    kind: 'disposal',
    unitId: unit.id,
    unitLevel: unit.level,
    card,
    title: `${unit.name}申请${DISPOSAL_FORMS[body.disposalForm]} ${card.name}`,
    form: { disposalForm: body.disposalForm, appraisedValue: body.appraisedValue ?? null, originalValue: Number(card.original_value), netValue: Number(card.net_value) },
    wfForm: { disposalForm: body.disposalForm, appraisedValue: body.appraisedValue ?? 0, originalValue: Number(card.original_value) },
    cardStatusWhilePending: 'pending_disposal',
  });
}

// ------------------------------------------------------------------ execution steps after approval

async function approvedOf(tx: Db, id: number, kind: ApplicationKind): Promise<LockedApplication> {
  const a = await lockApplication(tx, id);
  if (!a) throw notFound('申请');
  if (a.kind !== kind) throw invalid(`只有${KIND_NAMES[kind]}申请可以办理此步骤`);
  if (a.status !== 'approved') throw conflict('申请未处于“已批准待执行”状态，不能办理此步骤', 'APPLICATION_STATE');
  return a;
}

export interface AcceptanceInput {
  actualCost: number;
  acceptedOn: string;
  contractor: string;
  note?: string;
}

/** 维修验收: the card returns to its status before the repair, the application is done. */
export async function acceptRepair(tx: Db, actorId: number, id: number, input: AcceptanceInput) {
  const a = await approvedOf(tx, id, 'repair');
  const acceptance = { actualCost: input.actualCost, acceptedOn: input.acceptedOn, contractor: input.contractor.trim(), note: input.note?.trim() ?? '' };
  await withEstateErrors(() => setCardStatus(tx, a.card_id!, a.prior_status ?? 'in_use'));
  await finishApplication(tx, a.id, { acceptance });
  await insertEvent(tx, {
    card_id: a.card_id!,
    kind: 'repair',
    phase: 'accepted',
    application_id: a.id,
    summary: `维修验收：实际费用 ${input.actualCost.toFixed(2)} 元，施工单位 ${acceptance.contractor}`,
    detail: acceptance,
    actor_id: actorId,
  });
  return acceptance;
}

export interface ExecutionInput {
  executedOn: string;
  counterparty?: string;
  documentNo?: string;
  note?: string;
}

/** 处置执行: records how the disposal was carried out; the card stays pending_disposal until the write-off. */
export async function executeDisposal(tx: Db, actorId: number, id: number, input: ExecutionInput) {
  const a = await approvedOf(tx, id, 'disposal');
  if ((a.form as { execution?: unknown }).execution) throw conflict('该处置已登记执行，请办理核销', 'APPLICATION_STATE');
  const execution = { executedOn: input.executedOn, counterparty: input.counterparty?.trim() ?? '', documentNo: input.documentNo?.trim() ?? '', note: input.note?.trim() ?? '' };
  await patchApplicationForm(tx, a.id, { execution });
  const formName = DISPOSAL_FORMS[String((a.form as { disposalForm?: string }).disposalForm)] ?? '处置';
  await insertEvent(tx, {
    card_id: a.card_id!,
    kind: 'disposal',
    phase: 'executed',
    application_id: a.id,
    summary: `${formName}已执行（${input.executedOn}）${execution.counterparty ? `，接收方 ${execution.counterparty}` : ''}`,
    detail: execution,
    actor_id: actorId,
  });
  return execution;
}

export interface WriteOffInput {
  writtenOffOn: string;
  proceeds: number;
  remittanceNo?: string;
  note?: string;
}

/**
 * 核销: the card is disposed (and frozen by the guard), its rooms leave the register (status disposed, no unit).
 * Refused while somebody still sits in one of its rooms, or a room is claimed by an allocation application.
 * Proceeds go to the treasury (行政事业性国有资产管理条例): a remittance number is required when there are any.
 */
export async function writeOffDisposal(tx: Db, actorId: number, id: number, input: WriteOffInput) {
  const a = await approvedOf(tx, id, 'disposal');
  if (!(a.form as { execution?: unknown }).execution) throw conflict('请先登记处置执行情况，再办理核销', 'APPLICATION_STATE');
  if (input.proceeds > 0 && !input.remittanceNo?.trim())
    throw invalid('处置收入须上缴国库，请填写缴款凭证号', [{ field: 'remittanceNo', message: '有处置收入时必填' }]);
  const card = await lockCard(tx, a.card_id!);
  if (!card) throw notFound('资产卡片');
  const rooms = await findRoomsOfCard(tx, card);
  const roomIds = rooms.map((r) => r.id);
  const occupants = await findCurrentOccupants(tx, roomIds);
  if (occupants.length) {
    const byRoom = new Map<string, string[]>();
    for (const o of occupants) byRoom.set(`${o.building_name} ${o.room_no}`, [...(byRoom.get(`${o.building_name} ${o.room_no}`) ?? []), o.person_name]);
    throw new AppError(
      'ROOM_OCCUPIED',
      `以下房间仍有在用人员，请先办理腾退后再核销：${[...byRoom].map(([room, names]) => `${room}（${names.join('、')}）`).join('；')}`,
      409,
    );
  }
  const claims = await findOpenClaims(tx, roomIds);
  if (claims.length) throw new AppError('ROOM_CLAIMED', `房间正在调剂申请中（申请 #${claims.map((c) => c.application_id).join('、#')}），请先办结后再核销`, 409);
  const writeOff = { writtenOffOn: input.writtenOffOn, proceeds: input.proceeds, remittanceNo: input.remittanceNo?.trim() ?? '', note: input.note?.trim() ?? '' };
  await withEstateErrors(async () => {
    await setCardStatus(tx, card.id, 'disposed', input.writtenOffOn);
    await disposeRooms(tx, roomIds.filter((rid) => rooms.find((r) => r.id === rid)!.status !== 'disposed'));
  });
  await finishApplication(tx, a.id, { writeOff });
  await insertEvent(tx, {
    card_id: card.id,
    kind: 'disposal',
    phase: 'written_off',
    application_id: a.id,
    summary: `核销：${input.writtenOffOn} 注销卡片${input.proceeds > 0 ? `，处置收入 ${input.proceeds.toFixed(2)} 元已上缴国库（${writeOff.remittanceNo}）` : ''}${roomIds.length ? `，${roomIds.length} 间房间同时注销` : ''}`,
    detail: { ...writeOff, roomIds },
    actor_id: actorId,
  });
  return writeOff;
}

/** What the caller may do now with an application (the UI shows these buttons). */
export function applicationActions(a: { kind: string; status: string; form: unknown }, permissions: Set<string>): string[] {
  const out: string[] = [];
  if (a.status !== 'approved' || !permissions.has('estate:application:execute')) return out;
  if (a.kind === 'repair') out.push('accept');
  if (a.kind === 'disposal') out.push((a.form as { execution?: unknown })?.execution ? 'write_off' : 'execute');
  return out;
}
