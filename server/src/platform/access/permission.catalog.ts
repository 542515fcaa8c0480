/**
 * The permission codes of the platform. Synced into the `permission` table on migrate; roles reference them
 * by foreign key. Modules add their own codes here as they arrive.
 */
export interface PermissionDef {
  code: string;
  name: string;
  group: string;
}

export const PERMISSIONS = [
  { code: 'system:region:read', name: '查看行政区划', group: '系统管理' },
  { code: 'org:unit:read', name: '查看单位与内设机构', group: '组织机构' },
  { code: 'org:unit:create', name: '新增单位与内设机构', group: '组织机构' },
  { code: 'org:unit:update', name: '修改单位与内设机构', group: '组织机构' },
  { code: 'org:unit:delete', name: '撤销单位与内设机构', group: '组织机构' },
  { code: 'org:unit:export', name: '导出单位', group: '组织机构' },
  { code: 'org:person:read', name: '查看人员', group: '组织机构' },
  { code: 'org:person:create', name: '新增人员', group: '组织机构' },
  { code: 'org:person:update', name: '修改人员', group: '组织机构' },
  { code: 'org:person:delete', name: '删除人员', group: '组织机构' },
  { code: 'org:person:reveal', name: '查看人员完整身份证号与手机号', group: '组织机构' },
  { code: 'org:person:export', name: '导出人员', group: '组织机构' },
  { code: 'system:user:read', name: '查看用户', group: '系统管理' },
  { code: 'system:user:create', name: '新增用户', group: '系统管理' },
  { code: 'system:user:update', name: '修改用户与分配角色', group: '系统管理' },
  { code: 'system:user:reset-password', name: '重置密码', group: '系统管理' },
  { code: 'system:user:export', name: '导出用户', group: '系统管理' },
  { code: 'system:role:read', name: '查看角色', group: '系统管理' },
  { code: 'system:role:write', name: '新增、修改、删除角色', group: '系统管理' },
  { code: 'system:setting:read', name: '查看系统参数', group: '系统管理' },
  { code: 'security:setting:update', name: '修改安全参数', group: '安全管理' },
  { code: 'security:session:read', name: '查看在线会话', group: '安全管理' },
  { code: 'security:session:kick', name: '强制下线', group: '安全管理' },
  { code: 'security:account:read', name: '查看账号安全状态（锁定、动态口令、密码期限）', group: '安全管理' },
  { code: 'security:user:unlock', name: '解锁账号', group: '安全管理' },
  { code: 'security:login-log:read', name: '查看登录日志', group: '安全管理' },
  { code: 'security:login-log:export', name: '导出登录日志', group: '安全管理' },
  { code: 'audit:log:read', name: '查看审计日志', group: '安全审计' },
  { code: 'audit:log:verify', name: '校验审计链', group: '安全审计' },
  { code: 'audit:log:export', name: '导出审计日志', group: '安全审计' },
  { code: 'workflow:task:handle', name: '办理审批（待办、已办、我发起的、抄送我的）', group: '审批' },
  { code: 'workflow:instance:read', name: '查看本范围内全部审批（流程监控）', group: '审批' },
  { code: 'workflow:instance:manage', name: '干预审批（取消、转交他人的待办）', group: '审批' },
  { code: 'workflow:instance:export', name: '导出审批', group: '审批' },
  { code: 'workflow:definition:read', name: '查看审批流程', group: '审批' },
  { code: 'workflow:definition:manage', name: '设计与发布审批流程', group: '审批' },
  { code: 'system:job:read', name: '查看定时任务与运行记录', group: '系统管理' },
  { code: 'system:job:run', name: '立即运行、启停定时任务', group: '系统管理' },
  { code: 'system:calendar:read', name: '查看工作日历（节假日与调休）', group: '系统管理' },
  { code: 'system:calendar:write', name: '维护工作日历', group: '系统管理' },
  { code: 'system:account-request:create', name: '申请开设账号', group: '系统管理' },
  { code: 'system:account-request:read', name: '查看账号申请', group: '系统管理' },
  { code: 'warning:item:read', name: '查看预警（发现的问题）', group: '预警' },
  { code: 'warning:item:handle', name: '处理预警（确认、办结、忽略）', group: '预警' },
  { code: 'warning:item:export', name: '导出预警', group: '预警' },
  { code: 'estate:space:read', name: '查看院落、楼座、房间与使用人', group: '办公用房' },
  { code: 'estate:space:write', name: '维护院落、楼座、房间，分配使用人', group: '办公用房' },
  { code: 'estate:space:import', name: '从 Excel 导入办公用房', group: '办公用房' },
  { code: 'estate:space:export', name: '导出办公用房台账', group: '办公用房' },
  { code: 'estate:standard:read', name: '查看办公用房面积标准', group: '办公用房' },
  { code: 'estate:standard:write', name: '维护办公用房面积标准', group: '办公用房' },
  { code: 'estate:quota:write', name: '核定单位办公用房面积与编制', group: '办公用房' },
  { code: 'estate:evaluate:run', name: '立即复核超标与违规使用', group: '办公用房' },
  { code: 'estate:asset:read', name: '查看资产卡片与履历', group: '办公用房' },
  { code: 'estate:asset:write', name: '登记资产卡片、上传附件', group: '办公用房' },
  { code: 'estate:asset:export', name: '导出资产卡片', group: '办公用房' },
  { code: 'estate:application:create', name: '申请调剂、置换、租用、维修、处置', group: '办公用房' },
  { code: 'estate:application:read', name: '查看办公用房申请', group: '办公用房' },
  { code: 'estate:application:execute', name: '执行已批准的申请（维修验收、处置核销）', group: '办公用房' },
  { code: 'estate:filing:read', name: '查看领导干部办公用房备案', group: '办公用房' },
  { code: 'estate:filing:write', name: '填报领导干部办公用房备案与年度公示', group: '办公用房' },
  { code: 'fleet:vehicle:read', name: '查看车辆档案、编制、驾驶员、保险与年检', group: '公务用车' },
  { code: 'fleet:vehicle:write', name: '维护车辆档案、驾驶员、保险与年检', group: '公务用车' },
  { code: 'fleet:vehicle:export', name: '导出车辆档案', group: '公务用车' },
  { code: 'fleet:quota:write', name: '核定单位车辆编制与车型标准', group: '公务用车' },
  { code: 'fleet:request:create', name: '申请用车、评价', group: '公务用车' },
  { code: 'fleet:request:read', name: '查看用车申请', group: '公务用车' },
  { code: 'fleet:dispatch:manage', name: '派车、调度、取消、登记紧急派车与租车', group: '公务用车' },
  { code: 'fleet:dispatch:drive', name: '驾驶员：查看本人任务、出车与收车', group: '公务用车' },
  { code: 'fleet:provider:read', name: '查看定点服务商与交易', group: '公务用车' },
  { code: 'fleet:provider:write', name: '维护定点服务商、录入与导入交易、管理接入凭证', group: '公务用车' },
  { code: 'fleet:analysis:read', name: '查看费用台账与“双费双率”分析', group: '公务用车' },
  { code: 'fleet:track:read', name: '查看车辆实时位置、轨迹回放与行程', group: '公务用车' },
  { code: 'fleet:track:command', name: '向车载终端下发位置查询与临时跟踪指令', group: '公务用车' },
  { code: 'fleet:geofence:write', name: '维护电子围栏', group: '公务用车' },
  { code: 'fleet:overlap:read', name: '查看轨迹重叠率与重叠车辆', group: '公务用车' },
] as const satisfies readonly PermissionDef[];

export type PermissionCode = (typeof PERMISSIONS)[number]['code'];

const P = (prefix: string) => PERMISSIONS.map((p) => p.code).filter((c) => c.startsWith(prefix));

/** Opening and maintaining accounts of one's own scope; roles handed out never exceed the granter's own. */
const USER_ADMIN = ['system:user:read', 'system:user:create', 'system:user:update', 'system:user:reset-password', 'system:user:export', 'system:role:read'];

/** A unit's own office space: keep the rooms and occupants, apply for changes, file leaders' offices, act on findings. */
const UNIT_ESTATE = [
  'warning:item:read', 'warning:item:handle', 'warning:item:export', 'estate:space:read', 'estate:space:write', 'estate:space:import',
  'estate:space:export', 'estate:standard:read', 'estate:asset:read', 'estate:asset:export', 'estate:application:create',
  'estate:application:read', 'estate:filing:read', 'estate:filing:write',
];

/** What everybody who does business work gets: their own approvals. */
const HANDLE = ['workflow:task:handle'];

/** Built-in roles. The three administrators see no business data (scope none). */
export const BUILTIN_ROLES = [
  {
    code: 'sysadmin',
    name: '系统管理员',
    description: '三员之一：账号、角色、组织机构维护；不查看业务数据',
    dataScope: 'all',
    adminKind: 'system',
    permissions: [
      'system:region:read', 'org:unit:read', 'org:unit:create', 'org:unit:update', 'org:unit:delete', 'org:unit:export', ...P('system:'),
      ...HANDLE, 'workflow:definition:read', 'workflow:definition:manage',
    ],
  },
  {
    code: 'secadmin',
    name: '安全管理员',
    description: '三员之一：安全策略、会话、登录日志、账号解锁',
    dataScope: 'none',
    adminKind: 'security',
    permissions: [...P('security:'), 'system:setting:read'],
  },
  {
    code: 'auditor',
    name: '安全审计员',
    description: '三员之一：审计日志查看、校验与导出',
    dataScope: 'none',
    adminKind: 'audit',
    permissions: P('audit:'),
  },
  {
    code: 'province_manager',
    name: '省局管理员',
    description: '省机关事务管理局业务管理，全省数据；可为本范围内单位开设账号',
    dataScope: 'all',
    adminKind: 'none',
    permissions: [
      'system:region:read', ...P('org:'), ...USER_ADMIN, 'system:account-request:read', ...P('workflow:'), 'system:calendar:read',
      ...P('warning:'), ...P('estate:'), ...P('fleet:').filter((c) => c !== 'fleet:dispatch:drive'),
    ],
  },
  {
    code: 'region_manager',
    name: '市县局管理员',
    description: '市、县机关事务管理局业务管理，本地区及以下；可为本地区单位开设账号',
    dataScope: 'region',
    adminKind: 'none',
    permissions: [
      'system:region:read', ...P('org:'), ...USER_ADMIN, 'system:account-request:read',
      ...HANDLE, 'workflow:instance:read', 'workflow:instance:export', 'workflow:definition:read', 'system:calendar:read',
      ...P('warning:'), ...P('estate:').filter((c) => c !== 'estate:standard:write'),
      ...P('fleet:').filter((c) => c !== 'fleet:dispatch:drive' && c !== 'fleet:quota:write'),
    ],
  },
  {
    code: 'unit_admin',
    name: '单位管理员',
    description: '本单位的机构与人员维护',
    dataScope: 'own_unit',
    adminKind: 'none',
    permissions: [
      'system:region:read', 'org:unit:read', 'org:person:read', 'org:person:create', 'org:person:update', 'org:person:export',
      'system:account-request:create', 'system:account-request:read', ...HANDLE, 'workflow:instance:read',
      ...UNIT_ESTATE, 'fleet:vehicle:read', 'fleet:vehicle:export', 'fleet:request:create', 'fleet:request:read', 'fleet:analysis:read',
    ],
  },
  {
    code: 'staff',
    name: '干部职工',
    description: '普通工作人员，仅本人数据',
    dataScope: 'self',
    adminKind: 'none',
    permissions: ['org:person:read', ...HANDLE, 'fleet:request:create', 'fleet:request:read'],
  },
  {
    code: 'driver',
    name: '驾驶员',
    description: '公务用车驾驶员，仅本人数据',
    dataScope: 'self',
    adminKind: 'none',
    permissions: ['org:person:read', ...HANDLE, 'fleet:dispatch:drive'],
  },
  {
    code: 'fleet_manager',
    name: '公务用车管理员',
    description: '车辆档案、派车调度、定点服务商与费用，本地区及以下',
    dataScope: 'region',
    adminKind: 'none',
    permissions: ['org:unit:read', 'org:person:read', ...HANDLE, 'workflow:instance:read', ...P('fleet:').filter((c) => c !== 'fleet:dispatch:drive'), 'warning:item:read', 'warning:item:handle', 'warning:item:export', 'system:calendar:read'],
  },
] as const;
