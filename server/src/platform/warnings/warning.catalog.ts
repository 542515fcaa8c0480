/**
 * Names of warning kinds, modules, statuses and severities: the one place the UI's labels come from (each row
 * carries its `kindName`, so the web never hard-codes them). Modules add their kinds here as their rules arrive.
 */
export const WARNING_KIND_NAMES: Record<string, string> = {
  'estate.over-standard': '办公室超标',
  'estate.rest-room': '违规设置休息室',
  'estate.multiple-offices': '多处占用办公室',
  'estate.vacate-overdue': '调离退休未腾退',
  'estate.no-office': '未安排办公室',
  'estate.use-mismatch': '擅自改变用途',
  'estate.unit-over-quota': '单位超核定面积',
  'estate.area-mismatch': '面积不符',
  'fleet.over-quota': '超编制配备车辆',
  'fleet.terminal-missing': '未按期安装北斗终端',
  'fleet.insurance-expiring': '保险即将到期',
  'fleet.insurance-expired': '保险已到期',
  'fleet.inspection-expiring': '年检即将到期',
  'fleet.inspection-expired': '年检已过期',
  'fleet.licence-expiring': '驾驶证即将到期',
  'fleet.licence-expired': '驾驶证已过期',
  'fleet.late-emergency-entry': '紧急用车逾期补录',
  'fleet.non-designated': '非定点或合同期外消费',
  'fleet.off-hours': '非工作时间用车',
  'fleet.geofence': '越界行驶（电子围栏）',
  'fleet.no-dispatch': '非调度用车（无派车单出行）',
  'fleet.speeding': '超速行驶',
  'fleet.idling': '长时间怠速',
  'fleet.power-cut': '终端断电或拆除',
  'fleet.sealed-moving': '封存期间车辆移动',
  'fleet.offline': '终端长时间离线',
};

export const WARNING_MODULE_NAMES: Record<string, string> = { estate: '办公用房', fleet: '公务用车' };

export const WARNING_STATUS_NAMES: Record<string, string> = {
  open: '待处理',
  acknowledged: '已确认',
  resolved: '已办结',
  dismissed: '已忽略',
};

export const WARNING_SEVERITY_NAMES: Record<string, string> = { high: '严重', medium: '一般', low: '轻微' };

export const WARNING_STATUSES = ['open', 'acknowledged', 'resolved', 'dismissed'] as const;
export const WARNING_SEVERITIES = ['high', 'medium', 'low'] as const;
/** Open or acknowledged: still to be dealt with. */
export const ACTIVE_STATUSES = ['open', 'acknowledged'] as const;

export const warningKindName = (kind: string) => WARNING_KIND_NAMES[kind] ?? kind;

/** The kinds of one module (or all), in catalog order, with their names. */
export function warningKinds(module?: string): { code: string; name: string; module: string }[] {
  return Object.entries(WARNING_KIND_NAMES)
    .filter(([k]) => !module || k.startsWith(`${module}.`))
    .map(([code, name]) => ({ code, name, module: code.split('.')[0]! }));
}
