/**
 * Every rule number used by the platform, with its default and the source of that default.
 * Stored in the `setting` table (defaults inserted on migrate; administrators may change the values).
 */
export interface SettingDef {
  key: string;
  value: number | boolean | string;
  description: string;
  source: string;
}

const DJBH = 'GB/T 22239-2019 等保2.0 第三级 身份鉴别/访问控制 (DOMAIN.md 安全合规)';

export const SETTING_DEFS = [
  { key: 'security.password.min_length', value: 8, description: '普通用户密码最小长度', source: DJBH },
  { key: 'security.password.admin_min_length', value: 12, description: '管理员（三员）密码最小长度', source: DJBH },
  { key: 'security.password.min_classes', value: 3, description: '密码须包含的字符类别数（大写/小写/数字/符号）', source: DJBH },
  { key: 'security.password.history', value: 5, description: '不得与最近几次密码相同', source: DJBH },
  { key: 'security.password.max_age_days', value: 90, description: '密码最长使用天数', source: DJBH },
  { key: 'security.password.pbkdf2_iterations', value: 450000, description: 'PBKDF2-HMAC-SM3 迭代次数（约 200 ms）', source: 'GB/T 39786-2021；本机实测' },
  { key: 'security.lockout.max_failures', value: 5, description: '连续登录失败锁定阈值', source: DJBH },
  { key: 'security.lockout.minutes', value: 30, description: '锁定时长（分钟）', source: DJBH },
  { key: 'security.session.idle_minutes', value: 30, description: '会话空闲超时（分钟）', source: DJBH },
  { key: 'security.session.admin_idle_minutes', value: 15, description: '管理员会话空闲超时（分钟）', source: DJBH },
  { key: 'security.session.absolute_hours', value: 12, description: '会话绝对有效期（小时）', source: DJBH },
  { key: 'security.totp.required_for_admins', value: true, description: '三员必须启用动态口令（演示模式下演示账号豁免）', source: DJBH },
  { key: 'audit.retention_months', value: 6, description: '审计日志至少保存月数', source: 'GB/T 22239-2019 安全审计；《网络安全法》第二十一条' },
  { key: 'jobs.run_retention_days', value: 30, description: '定时任务运行记录保留天数（每分钟任务每天产生数千条）', source: '产品约定；审计日志另行保存，不受影响' },
  { key: 'workflow.urge_interval_minutes', value: 10, description: '同一审批两次催办的最短间隔（分钟）', source: '产品约定：防止催办骚扰（参照钉钉审批催办频率限制）' },
  { key: 'notify.sms_enabled', value: false, description: '待办、催办、超时提醒同时发送短信（须先对接政务短信平台适配器）', source: '产品约定；默认仅站内消息' },
  { key: 'notify.im_enabled', value: false, description: '待办、催办、超时提醒同时推送到政务即时通讯（须先对接适配器）', source: '产品约定；默认仅站内消息' },
  { key: 'estate.vacate_grace_days', value: 30, description: '调离、退休后腾退办公室的期限（天）', source: '党政机关办公用房管理办法（2017）第二十二条：调离或退休的应及时腾退，通行做法为 1 个月内（待核对）' },
  { key: 'estate.vacate_grace_days_second', value: 60, description: '兼职领导第二处办公室的腾退期限（天）', source: '党政机关办公用房管理办法（2017）：通行做法为 2 个月内（待核对）' },
  { key: 'estate.area_shortfall_pct', value: 35, description: '楼座登记房间使用面积合计低于楼座使用面积多少（%）时提示面积不符（走廊、楼梯等公共面积不登记为房间）', source: '产品约定；超出楼座使用面积一律提示' },
  { key: 'fleet.emergency_entry_hours', value: 24, description: '紧急用车事后补录时限（小时），超时标记为逾期补录', source: '党政机关公务用车管理办法（2017）：紧急情况先派车、后补手续，通行做法 24 小时内补录' },
  { key: 'fleet.work_hours_per_day', value: 8, description: '使用率（按行驶时长）口径下每个工作日的标准时长（小时）', source: '产品约定：国家法定标准工作时间每日 8 小时' },
  { key: 'fleet.annual_km_target', value: 20000, description: '使用率（按里程）口径下单车年度目标里程（公里）', source: '产品约定，待各地核定（DOMAIN.md 双费双率）' },
  { key: 'fleet.expiry_reminder_days', value: 30, description: '保险、年检、驾驶证到期前多少天提醒', source: '产品约定' },
  { key: 'fleet.terminal_install_working_days', value: 10, description: '新车登记后安装北斗终端的期限（工作日）', source: 'DOMAIN.md 公务用车：登记后 10 个工作日内安装' },
] as const satisfies readonly SettingDef[];

export type SettingKey = (typeof SETTING_DEFS)[number]['key'];
export type SettingValues = { [K in SettingKey]: Extract<(typeof SETTING_DEFS)[number], { key: K }>['value'] extends number ? number : boolean };
