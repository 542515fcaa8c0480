// Chinese wording of the designer's choices, and one-line summaries of a node for its card.
import type { LabelMap } from '../../../labels';
import type { ApprovalNode, Strategy } from './tree';

export const strategyKindLabels = {
  users: '指定成员',
  role: '按角色',
  dept_head: '部门负责人',
  starter_chosen: '发起人自选',
} as const satisfies LabelMap;

export const strategyAtLabels = {
  starter_unit: '发起人单位',
  supervising_unit: '主管单位',
  bureau: '机关事务管理局',
} as const satisfies LabelMap;

export const bureauLevelLabels = { own: '本级', county: '县级', city: '市级', province: '省级' } as const satisfies LabelMap;

export const modeLabels = { sequential: '依次审批', all: '会签', any: '或签' } as const satisfies LabelMap;

export const modeHelp = {
  sequential: '按顺序依次审批，全部同意才通过',
  all: '同时审批，须全部（或达到通过比例）同意',
  any: '同时审批，一人同意即通过',
} as const satisfies LabelMap;

export const noApproverLabels = { skip: '自动通过', admin: '转交流程管理员', refuse: '自动拒绝' } as const satisfies LabelMap;

export const selfApproveLabels = { skip: '自动跳过', keep: '仍由其审批' } as const satisfies LabelMap;

export const timeoutActionLabels = { none: '不自动处理', approve: '自动同意', reject: '自动拒绝' } as const satisfies LabelMap;

export const versionStatusLabels = { draft: '草稿', published: '当前版本', retired: '历史版本' } as const satisfies LabelMap;

/** "发起人单位的 单位管理员、…", "指定成员 3 人" … ; `roleName` maps a role code to its name. */
export function describeStrategy(s: Strategy, roleName: (code: string) => string): string {
  switch (s.kind) {
    case 'users':
      return s.userIds.length ? `指定成员 ${s.userIds.length} 人` : '';
    case 'starter_chosen':
      return s.max ? `发起人自选（最多 ${s.max} 人）` : '发起人自选';
    case 'dept_head':
      return s.levels === 1 ? '发起人所在部门负责人' : `发起人部门起逐级向上 ${s.levels} 级负责人`;
    case 'role': {
      if (!s.roleCodes.length) return '';
      const roles = s.roleCodes.map(roleName).join('、');
      const where =
        s.at === 'bureau'
          ? `${bureauLevelLabels[s.bureauLevel ?? 'own']}机关事务管理局${s.nearest ? '（无人时逐级向上）' : ''}`
          : strategyAtLabels[s.at];
      return `${where}的${roles}`;
    }
  }
}

/** The secondary line of an approval card: mode, deadline. */
export function describeApprovalRules(node: ApprovalNode): string {
  const parts: string[] = [modeLabels[node.mode]];
  if (node.mode === 'all' && node.passRatio !== undefined && node.passRatio < 1) parts[0] += `（${Math.round(node.passRatio * 100)}% 通过）`;
  if (node.deadlineHours !== undefined || node.deadlineWorkingDays !== undefined) {
    let text = node.deadlineWorkingDays !== undefined ? `时限 ${node.deadlineWorkingDays} 个工作日` : `时限 ${node.deadlineHours} 小时`;
    if (node.timeoutAction && node.timeoutAction !== 'none') text += `，超时${timeoutActionLabels[node.timeoutAction]}`;
    parts.push(text);
  }
  return parts.join(' · ');
}
