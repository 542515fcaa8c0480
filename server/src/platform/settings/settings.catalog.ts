/**
 * Every rule number used by the platform, with its default and the source of that default.
 * Stored in the `setting` table (defaults inserted on migrate; administrators may change the values).
 */
export interface SettingDef {
  key: string;
  value: number | boolean | string;
  description: string;
  source: string;
  /** for text settings: what a value must look like, and the message when it does not */
  pattern?: RegExp;
  patternMessage?: string;
}

const DJBH = 'GB/T 22239-2019 等保2.0 第三级 身份鉴别/访问控制 (DOMAIN.md 安全合规)';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

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
  { key: 'telematics.stop_radius_m', value: 200, description: '停车判定半径（米）：在此范围内停留即视为停车', source: 'DOMAIN.md 行程识别：参照开源定位平台 Traccar 的默认做法（约 200 米）' },
  { key: 'telematics.stop_seconds', value: 180, description: '停车判定时长（秒）：在停车半径内停留超过该时长即结束行程', source: 'DOMAIN.md 行程识别：约 180 秒' },
  { key: 'telematics.gap_seconds', value: 3600, description: '数据中断超过该时长（秒）即拆分行程', source: 'DOMAIN.md 行程识别：数据中断超过 1 小时拆分行程' },
  { key: 'telematics.use_acc', value: true, description: '终端上报点火（ACC）状态时，以熄火作为行程结束依据', source: 'DOMAIN.md 行程识别：可使用 ACC' },
  { key: 'telematics.speed_limit_kmh', value: 120, description: '超速报警阈值（公里/小时），持续超过下一项时长即报警', source: '道路交通安全法实施条例第七十八条：高速公路最高车速不得超过每小时 120 公里' },
  { key: 'telematics.speeding_seconds', value: 30, description: '超速持续时长（秒）', source: '产品约定' },
  { key: 'telematics.idle_minutes', value: 15, description: '怠速报警：点火且车速为零持续超过该分钟数', source: '产品约定，待各地核定' },
  { key: 'telematics.offline_minutes', value: 120, description: '终端离线超过该分钟数报警（车辆在用时）', source: '产品约定，待各地核定' },
  { key: 'telematics.heartbeat_timeout_seconds', value: 180, description: '超过该秒数未收到任何报文即判定终端离线', source: 'JT/T 808 终端心跳默认间隔 60 秒的 3 倍' },
  { key: 'telematics.work_start', value: '07:00', pattern: HHMM, patternMessage: '请按 HH:MM 填写时刻，例如 07:00', description: '工作日用车时段开始（北京时间），此前出行为非工作时间用车', source: '产品约定，待各地核定' },
  { key: 'telematics.work_end', value: '20:00', pattern: HHMM, patternMessage: '请按 HH:MM 填写时刻，例如 20:00', description: '工作日用车时段结束（北京时间），此后出行为非工作时间用车', source: '产品约定，待各地核定' },
  { key: 'telematics.overlap_h3_resolution', value: 10, description: '轨迹重叠率：H3 网格分辨率（10 级边长约 66 米）', source: 'DOMAIN.md 轨迹重叠率（集合法）' },
  { key: 'telematics.overlap_bucket_minutes', value: 15, description: '轨迹重叠率：时间分桶（分钟）', source: 'DOMAIN.md 轨迹重叠率：10–15 分钟' },
  { key: 'telematics.overlap_direction_degrees', value: 45, description: '轨迹重叠率：方向分桶（度）', source: 'DOMAIN.md 轨迹重叠率：45°' },
  { key: 'telematics.overlap_pair_min_keys', value: 10, description: '重叠车辆对：至少共享的时空键数', source: 'DOMAIN.md 轨迹重叠率：候选车辆对共享 ≥ m 个键' },
  { key: 'telematics.basemap_tile_url', value: '', pattern: /^$|^(?=.*\{x\})(?=.*\{y\})(?=.*\{z\})https?:\/\/[^\s"'<>]+$/, patternMessage: '请填写 http(s) 瓦片地址，须含 {x}、{y}、{z} 占位符；留空表示不用底图', description: '官方底图瓦片地址（如天地图，含密钥）；为空时只显示行政区划边界', source: '地图管理条例：互联网地图须使用审图号底图' },
  { key: 'telematics.basemap_review_no', value: '', pattern: /^$|^[^\s"'<>]{2,40}$/, patternMessage: '审图号为 2–40 个字符，如 GS(2024)0650号', description: '底图审图号，显示在地图角落', source: '地图管理条例第十五条：公开地图应当标注审图号' },
] as const satisfies readonly SettingDef[];

export type SettingKey = (typeof SETTING_DEFS)[number]['key'];
export type SettingValues = { [K in SettingKey]: Extract<(typeof SETTING_DEFS)[number], { key: K }>['value'] extends number ? number : boolean };
