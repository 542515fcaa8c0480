import type { Db } from '../../db/connection.js';
import { AppError } from '../errors.js';
import {
  findActiveUserIds,
  findBureauOfRegion,
  findHeadsUpward,
  findStarterFacts,
  findUsersWithRolesInUnit,
  type StarterFacts,
} from './approver.repository.js';
import type { ApprovalNode, ProcessTree, Strategy } from './definition.js';

export interface ResolveInput {
  starterId: number;
  /** starter-chosen approvers, per node id */
  chosen: Record<string, number[]>;
  includeDemo: boolean;
}

const LEVEL_DIGITS = { province: 2, city: 4, county: 6 } as const;

/** The region codes to look for a bureau in, from the requested level upward (own region first for 'own'). */
export function bureauRegions(regionCode: string, level: 'own' | 'county' | 'city' | 'province', nearest: boolean): string[] {
  const ladder = [regionCode, ...[6, 4, 2].filter((n) => n < regionCode.length).map((n) => regionCode.slice(0, n))];
  const startLen = level === 'own' ? regionCode.length : Math.min(LEVEL_DIGITS[level], regionCode.length);
  const from = ladder.findIndex((c) => c.length <= startLen);
  const out = ladder.slice(from < 0 ? ladder.length - 1 : from);
  return nearest ? out : out.slice(0, 1);
}

async function facts(db: Db, starterId: number): Promise<StarterFacts> {
  const f = await findStarterFacts(db, starterId);
  if (!f) throw new AppError('WF_STARTER_UNKNOWN', '发起人账号不存在', 400);
  return f;
}

/** The users a strategy names for this starter, in order, before the self and empty rules. */
export async function resolveStrategy(db: Db, nodeId: string, strategy: Strategy, input: ResolveInput): Promise<number[]> {
  switch (strategy.kind) {
    case 'users':
      return findActiveUserIds(db, strategy.userIds);
    case 'starter_chosen': {
      const ids = input.chosen[nodeId] ?? [];
      return findActiveUserIds(db, ids.slice(0, strategy.max ?? 20));
    }
    case 'dept_head': {
      const f = await facts(db, input.starterId);
      const heads = await findHeadsUpward(db, f.departmentId ?? f.unitId, strategy.levels, input.includeDemo);
      return heads.flatMap((h) => (h.userId ? [h.userId] : []));
    }
    case 'role': {
      const f = await facts(db, input.starterId);
      if (strategy.at === 'starter_unit') return findUsersWithRolesInUnit(db, f.unitId, strategy.roleCodes, input.includeDemo);
      if (strategy.at === 'supervising_unit')
        return f.unitParentId ? findUsersWithRolesInUnit(db, f.unitParentId, strategy.roleCodes, input.includeDemo) : [];
      for (const code of bureauRegions(f.regionCode, strategy.bureauLevel ?? 'own', strategy.nearest ?? false)) {
        const bureau = await findBureauOfRegion(db, code);
        if (!bureau) continue;
        const users = await findUsersWithRolesInUnit(db, bureau, strategy.roleCodes, input.includeDemo);
        if (users.length) return users;
      }
      return [];
    }
  }
}

export interface Resolution {
  userIds: number[];
  /** what happened, for the timeline and the flowchart: '', '发起人本人，已跳过', '未找到审批人，已跳过', '未找到审批人，转交流程管理员' */
  note: string;
  outcome: 'tasks' | 'skipped';
}

/** An approval node's approvers after the self rule and the no-approver rule. Refusal throws. */
export async function resolveApprovers(db: Db, tree: ProcessTree, node: ApprovalNode, input: ResolveInput): Promise<Resolution> {
  const found = [...new Set(await resolveStrategy(db, node.id, node.strategy, input))];
  let ids = found;
  let note = '';
  if (node.selfApprove === 'skip' && ids.includes(input.starterId)) {
    ids = ids.filter((id) => id !== input.starterId);
    note = '审批人为发起人本人，已自动跳过';
  }
  if (ids.length) return { userIds: ids, note, outcome: 'tasks' };
  if (found.length) return { userIds: [], note, outcome: 'skipped' };
  switch (node.noApprover) {
    case 'skip':
      return { userIds: [], note: '未找到审批人，已自动跳过', outcome: 'skipped' };
    case 'admin': {
      const admins = await findActiveUserIds(db, node.adminUserIds?.length ? node.adminUserIds : (tree.adminUserIds ?? []));
      if (admins.length) return { userIds: admins, note: '未找到审批人，已转交流程管理员', outcome: 'tasks' };
      throw new AppError('WF_NO_APPROVER', `“${node.name}”找不到审批人，流程管理员也未设置，请联系管理员`, 409);
    }
    case 'refuse':
      throw new AppError('WF_NO_APPROVER', `“${node.name}”找不到审批人，无法提交，请联系管理员`, 409);
  }
}
