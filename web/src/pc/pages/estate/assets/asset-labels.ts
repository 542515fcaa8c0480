// Chinese labels of the asset-card and application enumerations (GB/T 43243-2023 where it has them).
import type { LabelMap } from '../../../labels';

export const cardKindLabels = { land: '土地', building: '房屋', room: '房间（分户）' } as const satisfies LabelMap;

export const cardStatusEnum = {
  in_use: { text: '在用', status: 'Success' },
  idle: { text: '闲置', status: 'Default' },
  under_repair: { text: '维修中', status: 'Processing' },
  pending_disposal: { text: '待处置', status: 'Warning' },
  disposed: { text: '已处置', status: 'Error' },
} as const;

export const acquisitionLabels = {
  build: '新建',
  purchase: '购置',
  transfer_in: '调拨（划入）',
  exchange: '置换换入',
  donation: '接受捐赠',
  other: '其他',
} as const satisfies LabelMap;

export const applicationKindLabels = { allocation: '调剂', exchange: '置换', lease_in: '租用', repair: '维修', disposal: '处置' } as const satisfies LabelMap;

/** The `kind` query parameter of the new-application page → the API path segment. */
export const applicationKindPaths = { allocation: 'allocation', exchange: 'exchange', lease_in: 'lease-in', repair: 'repair', disposal: 'disposal' } as const;
export type ApplicationKind = keyof typeof applicationKindPaths;

export const applicationStatusEnum = {
  pending: { text: '审批中', status: 'Processing' },
  approved: { text: '已批准待执行', status: 'Warning' },
  rejected: { text: '未通过', status: 'Error' },
  cancelled: { text: '已撤销', status: 'Default' },
  done: { text: '已办结', status: 'Success' },
} as const;

export const wearGradeLabels = { intact: '完好', basically_intact: '基本完好', damaged: '一般损坏', severely_damaged: '严重损坏' } as const satisfies LabelMap;

export const disposalFormLabels = {
  scrap: '报废',
  demolish: '拆除',
  free_transfer: '无偿划转',
  donation: '对外捐赠',
  sale: '出售',
  exchange: '置换',
} as const satisfies LabelMap;

export const fileCategoryLabels = { certificate: '权证', photo: '照片', contract: '合同', other: '其他' } as const satisfies LabelMap;

export const options = (m: LabelMap) => Object.entries(m).map(([value, label]) => ({ value, label }));

/** Money in yuan with two decimals and Chinese grouping. */
export function formatMoney(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  return `${v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
}

/** Which `_actions` entry opens which application kind, and the button's label. */
export const applyActions: { action: string; kind: ApplicationKind; label: string }[] = [
  { action: 'apply_disposal', kind: 'disposal', label: '申请处置' },
  { action: 'apply_repair', kind: 'repair', label: '申请维修' },
  { action: 'apply_exchange', kind: 'exchange', label: '申请置换' },
  { action: 'apply_allocation', kind: 'allocation', label: '申请调剂' },
];
