// Labels of the vehicle archive (the server also sends *Name fields; these serve filters and forms).
export const energyLabels: Record<string, string> = {
  petrol: '汽油',
  diesel: '柴油',
  hybrid: '油电混合',
  phev: '插电式混合动力',
  bev: '纯电动',
  fcev: '燃料电池',
};
export const NEW_ENERGY = ['phev', 'bev', 'fcev'];
export const NO_ENGINE = ['bev', 'fcev'];

export const vehicleStatusEnum = {
  in_use: { text: '在用', status: 'Success' },
  repair: { text: '维修', status: 'Processing' },
  sealed: { text: '封存', status: 'Default' },
  pending_disposal: { text: '待处置', status: 'Warning' },
  disposed: { text: '已处置', status: 'Error' },
} as const;

export const acquisitionLabels: Record<string, string> = { purchase: '购置', transfer_in: '调拨（划入）', donation: '接受捐赠', other: '其他' };
export const driverStatusEnum = {
  active: { text: '在岗', status: 'Success' },
  suspended: { text: '暂停', status: 'Warning' },
  left: { text: '离岗', status: 'Default' },
} as const;
export const LICENCE_CLASSES = ['A1', 'A2', 'A3', 'B1', 'B2', 'C1', 'C2'] as const;
export const costCategoryLabels: Record<string, string> = { fuel: '燃油/充电', repair: '维修', insurance: '保险', toll: '通行费', parking: '停车费', other: '其他' };
export const dispatchStatusLabels: Record<string, string> = { assigned: '已派车', started: '已出车', finished: '已收车', cancelled: '已取消', no_show: '未出车' };

export const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** ¥ with two decimals and grouping; '-' for empty. */
export function formatYuan(v: number | null | undefined): string {
  return v === null || v === undefined ? '-' : `¥${v.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`;
}
/** 12 万元 for caps. */
export function formatCap(v: number | null | undefined): string {
  if (v === null || v === undefined) return '不设上限';
  return v >= 10000 ? `${(v / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元` : `${v} 元`;
}

/** Same rule as the server: 鲁 + issuing letter + 5 (ordinary) or 6 (new energy) letters/digits, no I or O. */
export const PLATE_RE = /^鲁[A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}$/;
export const VIN_RE = /^[A-HJ-NPR-Z0-9]{17}$/;
