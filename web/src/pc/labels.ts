// Chinese labels of every enumeration the admin screens show. One file, so wording stays consistent.

export type LabelMap = Readonly<Record<string, string>>;

export const orgKindLabels = { unit: '单位', department: '内设机构' } as const satisfies LabelMap;

export const levelLabels = { province: '省级', city: '市级', county: '县级', township: '乡级' } as const satisfies LabelMap;

/** Region levels read better as 省/市/县/乡 in the region tree. */
export const regionLevelLabels = {
  province: '省',
  city: '市',
  county: '县（市、区）',
  township: '乡镇（街道）',
} as const satisfies LabelMap;

export const unitTypeLabels = {
  party_gov: '党政机关',
  institution: '事业单位',
  social_org: '社会团体',
  state_enterprise: '国有企业',
  other: '其他',
} as const satisfies LabelMap;

export const genderLabels = { M: '男', F: '女' } as const satisfies LabelMap;

export const personStatusLabels = {
  active: '在职',
  transferred: '调离',
  retired: '退休',
  left: '离职',
} as const satisfies LabelMap;

export const userStatusLabels = { active: '正常', disabled: '停用' } as const satisfies LabelMap;

export const orgStatusLabels = { active: '正常', revoked: '已撤销' } as const satisfies LabelMap;

export const dataScopeLabels = {
  all: '全部数据',
  region: '本地区及以下',
  unit_tree: '本单位及下级',
  own_unit: '本单位',
  self: '仅本人',
  custom: '自定义',
  none: '无数据权限',
} as const satisfies LabelMap;

export const adminKindLabels = {
  none: '业务角色',
  system: '系统管理员',
  security: '安全管理员',
  audit: '审计管理员',
} as const satisfies LabelMap;

export const loginResultLabels = {
  success: '成功',
  bad_password: '密码错误',
  unknown_user: '用户不存在',
  locked: '账号锁定',
  disabled: '账号停用',
  totp_required: '需要动态口令',
  totp_invalid: '动态口令错误',
  logout: '退出',
  forced_logout: '强制下线',
} as const satisfies LabelMap;

export const auditResultLabels = { success: '成功', failure: '失败' } as const satisfies LabelMap;

/** The label of a value, or the value itself when the map does not know it; "-" for empty. */
export function labelOf(map: LabelMap, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return map[value] ?? value;
}

/** Options for antd/ProForm selects. */
export function optionsOf(map: LabelMap): Array<{ label: string; value: string }> {
  return Object.entries(map).map(([value, label]) => ({ label, value }));
}

/** ProTable `valueEnum` (filter select + cell text). */
export function valueEnumOf(map: LabelMap): Record<string, { text: string }> {
  return Object.fromEntries(Object.entries(map).map(([value, text]) => [value, { text }]));
}

/** Narrows a server string to one of the map's keys (undefined when it is not one). */
export function keyIn<M extends LabelMap>(map: M, value: string | null | undefined): (keyof M & string) | undefined {
  return value !== null && value !== undefined && Object.hasOwn(map, value) ? (value as keyof M & string) : undefined;
}

/** Approval (instance) status, as the server names it in statusName. */
export const workflowStatusLabels = {
  running: '审批中',
  approved: '审批通过',
  rejected: '审批未通过',
  withdrawn: '已撤回',
  cancelled: '已取消',
} as const satisfies LabelMap;

/** My part in an approval (the task's status) in the 已办 / 抄送 lists. */
export const workflowTaskStatusLabels = {
  pending: '待办',
  waiting: '等待中',
  approved: '已同意',
  rejected: '已拒绝',
  transferred: '已转办',
  delegated: '已委派',
  done: '已办理',
  cancelled: '已取消',
  unread: '未读',
  read: '已读',
} as const satisfies LabelMap;
