import { describe, expect, it } from 'vitest';
import { ACTION_BUTTONS, ACTION_VERBS, actionButtons, describeEntry, formatFileSize, phoneActionBar, type TimelineEntry } from './instance-actions';

const labels = (defs: { label: string }[]) => defs.map((d) => d.label);

describe('actionButtons', () => {
  it('shows exactly the allowed actions, in a fixed order', () => {
    expect(labels(actionButtons(['comment', 'reject', 'approve', 'transfer'], 7))).toEqual(['同意', '拒绝', '转办', '评论']);
  });

  it('maps every action the server can send to a button', () => {
    const all = ['approve', 'reject', 'return', 'transfer', 'delegate', 'add_before', 'add_after', 'withdraw', 'urge', 'cancel', 'comment'];
    expect(actionButtons(all, 1).map((b) => b.action)).toEqual(all);
    expect(labels(actionButtons(all, 1))).toEqual(['同意', '拒绝', '退回', '转办', '委派', '前加签', '后加签', '撤回', '催办', '取消审批', '评论']);
  });

  it('ignores unknown actions and shows nothing when nothing is allowed', () => {
    expect(actionButtons(['fly', 'comment'], null)).toEqual([ACTION_BUTTONS.find((b) => b.action === 'comment')]);
    expect(actionButtons([], 1)).toEqual([]);
    expect(actionButtons(undefined)).toEqual([]);
    expect(labels(actionButtons(['approve', 'comment'], 1, 'delegate'))).toEqual(['办理', '评论']);
  });

  it('leaves out task actions when there is no task of mine', () => {
    expect(labels(actionButtons(['approve', 'reject', 'urge', 'withdraw', 'cancel'], null))).toEqual(['撤回', '催办', '取消审批']);
  });

  it('marks 同意 primary and 拒绝/取消审批 dangerous', () => {
    const defs = actionButtons(['approve', 'reject', 'cancel', 'comment'], 1);
    expect(defs.map((d) => d.type)).toEqual(['primary', 'danger', 'danger', 'default']);
  });
});

describe('phoneActionBar', () => {
  it('puts 同意 and 拒绝 on the bar and the rest under 更多', () => {
    const bar = phoneActionBar(['approve', 'reject', 'return', 'transfer', 'add_after', 'comment'], 3);
    expect(labels(bar.main)).toEqual(['同意', '拒绝']);
    expect(labels(bar.more)).toEqual(['退回', '转办', '后加签', '评论']);
  });

  it('a delegated task only approves', () => {
    const bar = phoneActionBar(['comment', 'approve'], 3);
    expect(labels(bar.main)).toEqual(['同意']);
    expect(labels(bar.more)).toEqual(['评论']);
  });
});

describe('timeline words', () => {
  it('has a Chinese verb for every engine action', () => {
    const actions = ['start', 'approve', 'reject', 'return', 'transfer', 'delegate', 'resolve', 'add_before', 'add_after', 'withdraw', 'cancel', 'urge', 'comment', 'skip', 'fallback', 'cc', 'remind', 'timeout', 'finish'];
    for (const a of actions) expect(ACTION_VERBS[a]).toMatch(/^[\u4e00-\u9fa5]+$/);
    expect(ACTION_VERBS.resolve).toBe('委派办理完成');
    expect(ACTION_VERBS.timeout).toBe('超时自动处理');
  });

  it('describes who did what to whom', () => {
    const entry = (action: string, actorName: string | null, targetName: string | null = null): TimelineEntry => ({
      id: 1,
      action,
      nodeId: null,
      actorName,
      targetName,
      comment: '',
      at: '2026-11-26T01:00:00Z',
      files: [],
    });
    expect(describeEntry(entry('transfer', '张三', '李四'))).toBe('张三 转办给 李四');
    expect(describeEntry(entry('add_before', '张三', '王五'))).toBe('张三 前加签：王五');
    expect(describeEntry(entry('skip', null))).toBe('系统 自动跳过');
    expect(describeEntry(entry('approve', '赵六'))).toBe('赵六 同意');
  });

  it('formats file sizes', () => {
    expect(formatFileSize(512)).toBe('512 B');
    expect(formatFileSize(2048)).toBe('2.0 KB');
    expect(formatFileSize(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
