import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FlowChart, STATE_LABELS, isBranchDimmed, type FlowNode, type FlowTask } from './flow-chart';

afterEach(cleanup);

function task(name: string, status: string, extra: Partial<FlowTask> = {}): FlowTask {
  return { id: 1, assigneeId: 1, assigneeName: name, status, origin: 'assigned', actedAt: null, dueAt: null, comment: null, ...extra };
}

function approval(id: string, name: string, state: string, tasks: FlowTask[] = [], extra: Partial<FlowNode> = {}): FlowNode {
  return { id, type: 'approval', name, state, note: '', mode: '或签', strategy: '发起人单位的单位管理员', tasks, branches: [], ...extra };
}

function card(name: string): HTMLElement {
  const el = screen.getByText(name).closest<HTMLElement>('.wf-card');
  if (!el) throw new Error(`no card for ${name}`);
  return el;
}

function branch(id: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-branch-id="${id}"]`);
  if (!el) throw new Error(`no branch ${id}`);
  return el;
}

describe('FlowChart', () => {
  it('draws start, the nodes in order and end, with each node state and person status', () => {
    render(
      <FlowChart
        nodes={[
          approval('a', '科室审核', 'approved', [task('张三', 'approved', { actedAt: '2026-11-20T02:00:00Z', comment: '同意办理' })]),
          approval('b', '分管领导审批', 'active', [task('李四', 'pending'), task('王五', 'rejected')], { mode: '会签', note: '已转交管理员' }),
          approval('c', '局长审批', 'skipped', [], { note: '审批人与发起人相同，自动跳过' }),
          approval('d', '备案', 'waiting'),
        ]}
      />,
    );
    const chart = screen.getByRole('group', { name: '审批流程图' });
    const text = chart.textContent ?? '';
    expect(text.indexOf('发起')).toBeLessThan(text.indexOf('科室审核'));
    expect(text.indexOf('科室审核')).toBeLessThan(text.indexOf('分管领导审批'));
    expect(text.lastIndexOf('结束')).toBeGreaterThan(text.indexOf('备案'));

    const first = card('科室审核');
    expect(first.className).toContain('wf-card--approved');
    expect(within(first).getByText(STATE_LABELS.approved!)).toBeTruthy();
    expect(within(first).getByText('同意').className).toContain('wf-tone-green');
    expect(within(first).getByText('“同意办理”')).toBeTruthy();

    const active = card('分管领导审批');
    expect(active.className).toContain('wf-card--active');
    expect(within(active).getByText('进行中')).toBeTruthy();
    expect(within(active).getByText('待处理').className).toContain('wf-tone-blue');
    expect(within(active).getByText('拒绝').className).toContain('wf-tone-red');
    expect(within(active).getByText(/会签/)).toBeTruthy();
    expect(within(active).getByText('已转交管理员')).toBeTruthy();

    const skipped = card('局长审批');
    expect(skipped.className).toContain('wf-card--skipped');
    expect(within(skipped).getByText('已跳过')).toBeTruthy();
    expect(card('备案').className).toContain('wf-card--waiting');
  });

  it('dims the untaken branch of a decided condition and shows its condition text', () => {
    const condition: FlowNode = {
      id: 'cond',
      type: 'condition',
      name: '按金额',
      state: 'done',
      note: '大额',
      mode: null,
      strategy: '',
      tasks: [],
      branches: [
        { id: 'big', name: '大额', when: 'amount > 10000', taken: true, nodes: [approval('x', '局长审批', 'active', [task('赵六', 'pending')])] },
        { id: 'small', name: '小额', when: null, taken: false, nodes: [approval('y', '科长审批', 'not_taken')] },
      ],
    };
    render(<FlowChart nodes={[condition]} />);
    expect(branch('big').className).not.toContain('wf-branch--dimmed');
    expect(branch('small').className).toContain('wf-branch--dimmed');
    expect(within(branch('big')).getByText('当 amount > 10000')).toBeTruthy();
    expect(within(branch('small')).getByText('其他情况')).toBeTruthy();
    expect(card('科长审批').className).toContain('wf-card--not_taken');
    expect(within(card('科长审批')).getByText('未走此分支')).toBeTruthy();
  });

  it('does not dim the branches of a condition that has not been reached', () => {
    const condition: FlowNode = {
      id: 'cond',
      type: 'condition',
      name: '按金额',
      state: 'waiting',
      note: '',
      mode: null,
      strategy: '',
      tasks: [],
      branches: [
        { id: 'big', name: '大额', when: 'amount > 10000', taken: false, nodes: [] },
        { id: 'small', name: '小额', when: null, taken: false, nodes: [] },
      ],
    };
    render(<FlowChart nodes={[condition]} />);
    expect(branch('big').className).not.toContain('wf-branch--dimmed');
    expect(branch('small').className).not.toContain('wf-branch--dimmed');
    expect(isBranchDimmed(condition, condition.branches[0]!)).toBe(false);
  });

  it('shows parallel branches side by side, none dimmed, without condition text', () => {
    const parallel: FlowNode = {
      id: 'par',
      type: 'parallel',
      name: '会同审核',
      state: 'active',
      note: '',
      mode: null,
      strategy: '',
      tasks: [],
      branches: [
        { id: 'p1', name: '财务', when: null, taken: true, nodes: [approval('f', '财务审核', 'approved', [task('钱七', 'approved')])] },
        { id: 'p2', name: '资产', when: null, taken: true, nodes: [approval('g', '资产审核', 'active', [task('孙八', 'pending')])] },
      ],
    };
    render(<FlowChart nodes={[parallel]} />);
    expect(screen.getByText(/并行分支/)).toBeTruthy();
    const branches = document.querySelectorAll('.wf-branches > .wf-branch');
    expect(branches).toHaveLength(2);
    for (const b of branches) expect(b.className).not.toContain('wf-branch--dimmed');
    expect(within(branch('p1')).getByText('财务审核')).toBeTruthy();
    expect(within(branch('p2')).getByText('资产审核')).toBeTruthy();
    expect(document.querySelector('.wf-branch-when')).toBeNull();
  });

  it('has a Chinese label for every node state', () => {
    for (const state of ['waiting', 'active', 'approved', 'rejected', 'skipped', 'done', 'cancelled', 'not_taken', 'preview', 'error', 'superseded']) {
      expect(STATE_LABELS[state]).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
