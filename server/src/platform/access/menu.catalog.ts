/** The menu tree; the server hands each user the items whose permission they hold. */
export interface MenuItem {
  key: string;
  name: string;
  path: string;
  icon?: string;
  permission?: string;
  children?: MenuItem[];
}

export const MENU: MenuItem[] = [
  {
    key: 'workflow',
    name: '审批中心',
    path: '/workflow',
    icon: 'AuditOutlined',
    children: [
      { key: 'workflow-inbox', name: '我的审批', path: '/workflow/inbox', permission: 'workflow:task:handle' },
      { key: 'workflow-monitor', name: '流程监控', path: '/workflow/monitor', permission: 'workflow:instance:read' },
      { key: 'workflow-definitions', name: '流程设计', path: '/workflow/definitions', permission: 'workflow:definition:read' },
    ],
  },
  {
    key: 'estate',
    name: '办公用房',
    path: '/estate',
    icon: 'BankOutlined',
    children: [
      { key: 'estate-space', name: '房产浏览', path: '/estate/space', permission: 'estate:space:read' },
      { key: 'estate-map', name: '院落地图', path: '/estate/map', permission: 'estate:space:read' },
      { key: 'estate-units', name: '单位用房汇总', path: '/estate/units', permission: 'estate:space:read' },
      { key: 'estate-idle', name: '闲置用房', path: '/estate/idle', permission: 'estate:space:read' },
      { key: 'estate-findings', name: '超标与违规', path: '/estate/findings', permission: 'warning:item:read' },
      { key: 'estate-assets', name: '资产卡片', path: '/estate/assets', permission: 'estate:asset:read' },
      { key: 'estate-applications', name: '用房申请', path: '/estate/applications', permission: 'estate:application:read' },
      { key: 'estate-filings', name: '领导办公用房备案', path: '/estate/filings', permission: 'estate:filing:read' },
      { key: 'estate-imports', name: '导入导出', path: '/estate/imports', permission: 'estate:space:import' },
      { key: 'estate-standards', name: '面积标准', path: '/estate/standards', permission: 'estate:standard:read' },
    ],
  },
  {
    key: 'fleet',
    name: '公务用车',
    path: '/fleet',
    icon: 'CarOutlined',
    children: [
      { key: 'fleet-vehicles', name: '车辆档案', path: '/fleet/vehicles', permission: 'fleet:vehicle:read' },
      { key: 'fleet-quotas', name: '编制与车型标准', path: '/fleet/quotas', permission: 'fleet:vehicle:read' },
      { key: 'fleet-drivers', name: '驾驶员', path: '/fleet/drivers', permission: 'fleet:vehicle:read' },
      { key: 'fleet-requests', name: '用车申请', path: '/fleet/requests', permission: 'fleet:request:read' },
      { key: 'fleet-board', name: '派车调度', path: '/fleet/board', permission: 'fleet:dispatch:manage' },
      { key: 'fleet-rentals', name: '租车登记', path: '/fleet/rentals', permission: 'fleet:dispatch:manage' },
      { key: 'fleet-providers', name: '定点服务商', path: '/fleet/providers', permission: 'fleet:provider:read' },
      { key: 'fleet-transactions', name: '费用台账', path: '/fleet/transactions', permission: 'fleet:provider:read' },
      { key: 'fleet-analysis', name: '双费双率', path: '/fleet/analysis', permission: 'fleet:analysis:read' },
      { key: 'fleet-live', name: '实时监控', path: '/fleet/live', permission: 'fleet:track:read' },
      { key: 'fleet-tracks', name: '轨迹回放', path: '/fleet/tracks', permission: 'fleet:track:read' },
      { key: 'fleet-trips', name: '行程记录', path: '/fleet/trips', permission: 'fleet:track:read' },
      { key: 'fleet-alerts', name: '报警中心', path: '/fleet/alerts', permission: 'fleet:track:read' },
      { key: 'fleet-geofences', name: '电子围栏', path: '/fleet/geofences', permission: 'fleet:track:read' },
      { key: 'fleet-overlap', name: '轨迹重叠', path: '/fleet/overlap', permission: 'fleet:overlap:read' },
      { key: 'fleet-my-tasks', name: '我的出车任务', path: '/m/fleet', permission: 'fleet:dispatch:drive' },
    ],
  },
  {
    key: 'org',
    name: '组织机构',
    path: '/org',
    icon: 'ApartmentOutlined',
    children: [
      { key: 'org-units', name: '单位与内设机构', path: '/org/units', permission: 'org:unit:read' },
      { key: 'org-persons', name: '人员管理', path: '/org/persons', permission: 'org:person:read' },
    ],
  },
  {
    key: 'system',
    name: '系统管理',
    path: '/system',
    icon: 'SettingOutlined',
    children: [
      { key: 'system-regions', name: '行政区划', path: '/system/regions', permission: 'system:region:read' },
      { key: 'system-users', name: '用户管理', path: '/system/users', permission: 'system:user:read' },
      { key: 'system-roles', name: '角色与数据权限', path: '/system/roles', permission: 'system:role:read' },
      { key: 'system-account-requests', name: '账号申请', path: '/system/account-requests', permission: 'system:account-request:read' },
      { key: 'system-calendar', name: '工作日历', path: '/system/calendar', permission: 'system:calendar:read' },
      { key: 'system-jobs', name: '定时任务', path: '/system/jobs', permission: 'system:job:read' },
    ],
  },
  {
    key: 'security',
    name: '安全管理',
    path: '/security',
    icon: 'SafetyCertificateOutlined',
    children: [
      { key: 'security-accounts', name: '账号安全', path: '/security/accounts', permission: 'security:account:read' },
      { key: 'security-sessions', name: '在线会话', path: '/security/sessions', permission: 'security:session:read' },
      { key: 'security-login-log', name: '登录日志', path: '/security/login-log', permission: 'security:login-log:read' },
    ],
  },
  {
    key: 'audit',
    name: '安全审计',
    path: '/audit',
    icon: 'AuditOutlined',
    children: [{ key: 'audit-logs', name: '审计日志', path: '/audit/logs', permission: 'audit:log:read' }],
  },
  { key: 'messages', name: '消息中心', path: '/messages', icon: 'BellOutlined' },
  { key: 'profile', name: '个人中心', path: '/profile', icon: 'UserOutlined' },
];

export function menusFor(perms: ReadonlySet<string>, items: MenuItem[] = MENU): Omit<MenuItem, 'permission'>[] {
  const out: Omit<MenuItem, 'permission'>[] = [];
  for (const { permission, children, ...rest } of items) {
    if (permission && !perms.has(permission)) continue;
    if (children) {
      const kids = menusFor(perms, children);
      if (kids.length) out.push({ ...rest, children: kids });
    } else out.push(rest);
  }
  return out;
}
