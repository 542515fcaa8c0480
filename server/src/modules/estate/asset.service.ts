import type { Db } from '../../db/connection.js';
import type { DataScope } from '../../platform/access/scope.js';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.js';
import { findOrgInScope } from '../../platform/org/org.repository.js';
import {
  type CardRow,
  type CardUpdate,
  claimUpload,
  findAssetClass,
  findBuildingWithStructure,
  findCompoundInScope,
  findRoomBasics,
  insertCard,
  insertCardFile,
  insertEvent,
  lockCard,
  updateCard,
} from './asset.repository.js';

// ------------------------------------------------------------------ labels (GB/T 43243-2023 enumerations, the part used here)

export const CARD_KIND_NAMES: Record<string, string> = { land: '土地', building: '房屋', room: '房间（分户）' };
export const CARD_STATUS_NAMES: Record<string, string> = {
  in_use: '在用',
  idle: '闲置',
  under_repair: '维修中',
  pending_disposal: '待处置',
  disposed: '已处置',
};
export const ACQUISITION_NAMES: Record<string, string> = {
  build: '新建',
  purchase: '购置',
  transfer_in: '调拨（划入）',
  exchange: '置换换入',
  donation: '接受捐赠',
  other: '其他',
};
export const EVENT_KIND_NAMES: Record<string, string> = {
  register: '登记入账',
  update: '信息变更',
  attachment: '上传附件',
  allocation: '调剂',
  exchange: '置换',
  lease_in: '租用',
  repair: '维修',
  disposal: '处置',
  status: '状态变更',
};
export const EVENT_PHASE_NAMES: Record<string, string> = {
  recorded: '已记录',
  applied: '已申请',
  approved: '审批通过',
  rejected: '审批未通过',
  cancelled: '已撤销',
  executed: '已执行',
  accepted: '已验收',
  written_off: '已核销',
};
export const FILE_CATEGORY_NAMES: Record<string, string> = { certificate: '权证', photo: '照片', contract: '合同', other: '其他' };

// ------------------------------------------------------------------ database refusals → stable codes

const STATE_MESSAGES: Record<string, string> = {
  asset_card_transition: '资产卡片当前状态不允许此操作',
  asset_card_disposed_frozen: '资产已处置核销，卡片不能再变更或申请',
};
const UNIQUE_MESSAGES: Record<string, [string, string]> = {
  asset_card_card_no_key: ['CARD_NO_TAKEN', '卡片编号已被使用'],
  asset_card_one_building: ['ASSET_CARD_EXISTS', '该楼座已有在账的资产卡片'],
  asset_card_one_room: ['ASSET_CARD_EXISTS', '该房间已有在账的资产卡片'],
  asset_card_one_land: ['ASSET_CARD_EXISTS', '该院落的土地已有在账的资产卡片'],
  estate_application_one_open: ['APPLICATION_OPEN', '该资产已有正在办理的申请，办结后才能再次申请'],
  estate_application_room_claim: ['ROOM_CLAIMED', '所选房间已被其他调剂申请占用'],
};

/**
 * The guard trigger and the unique indexes refuse forbidden moves in the database too (SQLSTATE 23514 / 23505 with
 * the constraint's name); this turns those refusals into the module's 409 codes with a Chinese message.
 */
export function mapEstateDbError(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string };
  if (e?.code === '23514' && e.constraint && STATE_MESSAGES[e.constraint]) return new AppError('ASSET_STATE', STATE_MESSAGES[e.constraint]!, 409);
  if (e?.code === '23505' && e.constraint && UNIQUE_MESSAGES[e.constraint]) {
    const [code, message] = UNIQUE_MESSAGES[e.constraint]!;
    return new AppError(code, message, 409);
  }
  return err;
}

export async function withEstateErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapEstateDbError(err);
  }
}

// ------------------------------------------------------------------ what a caller may do with a card

/** Statuses from which a life-cycle application may start (the guard allows under_repair / pending_disposal from these). */
export const LIVE_FOR_APPLICATION = ['in_use', 'idle'];

export function cardActions(card: Pick<CardRow, 'status' | 'kind' | 'open_application_id'>, permissions: Set<string>): string[] {
  const a: string[] = [];
  const frozen = card.status === 'disposed';
  if (permissions.has('estate:asset:write') && !frozen) a.push('update', 'attach');
  const free = LIVE_FOR_APPLICATION.includes(card.status) && card.open_application_id === null;
  if (permissions.has('estate:application:create') && free) {
    a.push('apply_disposal', 'apply_exchange', 'apply_allocation');
    if (card.kind !== 'land') a.push('apply_repair');
  }
  return a;
}

// ------------------------------------------------------------------ register, edit, attach

export interface CardInput {
  cardNo: string;
  kind: 'land' | 'building' | 'room';
  classCode: string;
  name: string;
  compoundId: number;
  buildingId?: number | null;
  roomId?: number | null;
  unitId: number;
  acquisitionMethod: string;
  acquiredOn: string;
  originalValue: number;
  area?: number | null;
  certNo?: string | null;
}

interface Caller {
  userId: number;
  scope: DataScope;
}

/**
 * Registers a card (登记入账). The depreciation years are copied from the structure table for the building's
 * structure; land has neither. Writes the 'register' event.
 */
export async function registerCard(tx: Db, caller: Caller, input: CardInput): Promise<number> {
  const cls = await findAssetClass(tx, input.classCode);
  if (!cls) throw invalid('资产分类不存在', [{ field: 'classCode', message: '资产分类不存在' }]);
  if (cls.kind !== input.kind) throw invalid('资产分类与卡片类别不一致', [{ field: 'classCode', message: `应选择“${CARD_KIND_NAMES[input.kind]}”类的分类` }]);
  const compound = await findCompoundInScope(tx, caller.scope, input.compoundId);
  if (!compound) throw notFound('院落');
  const unit = await findOrgInScope(tx, caller.scope, input.unitId);
  if (!unit || unit.kind !== 'unit') throw invalid('使用单位不存在或不在您的管理范围内', [{ field: 'unitId', message: '请选择管理范围内的单位' }]);
  let buildingId: number | null = null;
  let roomId: number | null = null;
  let structure: string | null = null;
  let years: number | null = null;
  if (input.kind !== 'land') {
    if (!input.buildingId) throw invalid('房屋、房间卡片须选择楼座', [{ field: 'buildingId', message: '请选择楼座' }]);
    const b = await findBuildingWithStructure(tx, input.buildingId);
    if (!b || b.compound_id !== compound.id) throw invalid('楼座不属于所选院落', [{ field: 'buildingId', message: '楼座不属于所选院落' }]);
    buildingId = b.id;
    structure = b.structure_code;
    years = b.depreciation_years;
    if (input.kind === 'room') {
      if (!input.roomId) throw invalid('房间卡片须选择房间', [{ field: 'roomId', message: '请选择房间' }]);
      const r = await findRoomBasics(tx, input.roomId);
      if (!r || r.building_id !== b.id) throw invalid('房间不属于所选楼座', [{ field: 'roomId', message: '房间不属于所选楼座' }]);
      roomId = r.id;
    }
  }
  if (input.kind !== 'room' && input.roomId) throw invalid('只有房间卡片可以选择房间', [{ field: 'roomId', message: '只有房间卡片可以选择房间' }]);
  const card = await withEstateErrors(() =>
    insertCard(tx, {
      card_no: input.cardNo.toUpperCase(),
      kind: input.kind,
      class_code: input.classCode,
      name: input.name.trim(),
      compound_id: compound.id,
      building_id: buildingId,
      room_id: roomId,
      unit_id: input.unitId,
      acquisition_method: input.acquisitionMethod,
      acquired_on: input.acquiredOn,
      original_value: input.originalValue,
      area: input.area ?? null,
      structure_code: structure,
      depreciation_years: years,
      cert_no: input.certNo?.trim() || null,
    }),
  );
  await insertEvent(tx, {
    card_id: card.id,
    kind: 'register',
    phase: 'recorded',
    summary: `登记入账：${input.cardNo.toUpperCase()} ${input.name.trim()}，原值 ${input.originalValue.toFixed(2)} 元`,
    detail: { acquisitionMethod: input.acquisitionMethod, acquiredOn: input.acquiredOn, originalValue: input.originalValue, depreciationYears: years },
    actor_id: caller.userId,
  });
  return card.id;
}

export interface CardEdit {
  name?: string;
  classCode?: string;
  acquisitionMethod?: string;
  acquiredOn?: string;
  originalValue?: number;
  area?: number | null;
  certNo?: string | null;
}

const EDIT_FIELD_NAMES: Record<keyof CardEdit, string> = {
  name: '资产名称',
  classCode: '资产分类',
  acquisitionMethod: '取得方式',
  acquiredOn: '取得日期',
  originalValue: '原值',
  area: '面积',
  certNo: '权证号',
};

/** Edits descriptive fields; the status only moves through applications. Returns the fields changed. */
export async function editCard(tx: Db, caller: Caller, card: CardRow, input: CardEdit): Promise<string[]> {
  const locked = await lockCard(tx, card.id);
  if (!locked) throw notFound('资产卡片');
  if (locked.status === 'disposed') throw new AppError('ASSET_STATE', STATE_MESSAGES.asset_card_disposed_frozen!, 409);
  if (input.classCode !== undefined) {
    const cls = await findAssetClass(tx, input.classCode);
    if (!cls || cls.kind !== card.kind) throw invalid('资产分类与卡片类别不一致', [{ field: 'classCode', message: '资产分类与卡片类别不一致' }]);
  }
  const v: CardUpdate = {};
  if (input.name !== undefined) v.name = input.name.trim();
  if (input.classCode !== undefined) v.class_code = input.classCode;
  if (input.acquisitionMethod !== undefined) v.acquisition_method = input.acquisitionMethod;
  if (input.acquiredOn !== undefined) v.acquired_on = input.acquiredOn;
  if (input.originalValue !== undefined) v.original_value = input.originalValue;
  if (input.area !== undefined) v.area = input.area;
  if (input.certNo !== undefined) v.cert_no = input.certNo?.trim() || null;
  const changed = (Object.keys(input) as (keyof CardEdit)[]).filter((k) => input[k] !== undefined);
  if (!changed.length) return [];
  await withEstateErrors(() => updateCard(tx, card.id, v));
  await insertEvent(tx, {
    card_id: card.id,
    kind: 'update',
    phase: 'recorded',
    summary: `修改${changed.map((k) => EDIT_FIELD_NAMES[k]).join('、')}`,
    detail: { before: Object.fromEntries(changed.map((k) => [k, beforeOf(card, k)])), after: input },
    actor_id: caller.userId,
  });
  return changed;
}

function beforeOf(card: CardRow, k: keyof CardEdit) {
  switch (k) {
    case 'name':
      return card.name;
    case 'classCode':
      return card.class_code;
    case 'acquisitionMethod':
      return card.acquisition_method;
    case 'acquiredOn':
      return card.acquired_on;
    case 'originalValue':
      return Number(card.original_value);
    case 'area':
      return card.area === null ? null : Number(card.area);
    case 'certNo':
      return card.cert_no;
  }
}

/** Attaches an upload of the caller (certificate, photo, contract…) and writes the 'attachment' event. */
export async function attachCardFile(tx: Db, caller: Caller, cardId: number, fileId: string, category: string) {
  const locked = await lockCard(tx, cardId);
  if (!locked) throw notFound('资产卡片');
  if (locked.status === 'disposed') throw new AppError('ASSET_STATE', STATE_MESSAGES.asset_card_disposed_frozen!, 409);
  const f = await claimUpload(tx, fileId, caller.userId);
  if (!f) throw conflict('附件不存在、已被使用或不是您上传的', 'FILE_UNAVAILABLE');
  await insertCardFile(tx, cardId, fileId, category);
  await insertEvent(tx, {
    card_id: cardId,
    kind: 'attachment',
    phase: 'recorded',
    summary: `上传${FILE_CATEGORY_NAMES[category] ?? '附件'}：${f.name}`,
    detail: { fileId, category },
    actor_id: caller.userId,
  });
}
