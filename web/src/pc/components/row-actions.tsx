// Row buttons enabled from the row's `_actions` (the server decides; the UI never re-derives permissions).
import { Button, Popconfirm, Space, Tooltip } from 'antd';
import { useState, type ReactNode } from 'react';

export interface RowAction {
  /** The `_actions` entry that enables the button, e.g. 'update', 'delete', 'reveal'. */
  action: string;
  label: ReactNode;
  onClick: () => unknown;
  danger?: boolean;
  /** Asks before running. */
  confirm?: ReactNode;
  /** Hide instead of showing it disabled when not allowed. */
  hideWhenDenied?: boolean;
  /** Not applicable to this row at all (e.g. 解锁 on an unlocked user). */
  hidden?: boolean;
}

export interface RowActionsProps {
  allowed: readonly string[] | null | undefined;
  items: RowAction[];
}

function ActionButton({ item, enabled }: { item: RowAction; enabled: boolean }) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await item.onClick();
    } finally {
      setBusy(false);
    }
  };
  const button = (
    <Button
      type="link"
      size="small"
      danger={item.danger}
      disabled={!enabled}
      loading={busy && !item.confirm}
      onClick={item.confirm ? undefined : () => void run()}
      style={{ paddingInline: 4 }}
    >
      {item.label}
    </Button>
  );
  if (!enabled) {
    return (
      <Tooltip title="无权限或当前状态不允许此操作">
        <span>{button}</span>
      </Tooltip>
    );
  }
  if (item.confirm) {
    return (
      <Popconfirm title={item.confirm} okText="确定" cancelText="取消" onConfirm={run} okButtonProps={{ danger: item.danger }}>
        {button}
      </Popconfirm>
    );
  }
  return button;
}

export function RowActions({ allowed, items }: RowActionsProps) {
  const granted = new Set(allowed ?? []);
  const visible = items.filter((item) => !item.hidden && (granted.has(item.action) || !item.hideWhenDenied));
  if (visible.length === 0) return <span>-</span>;
  return (
    <Space size={0} wrap>
      {visible.map((item, index) => (
        <ActionButton key={`${item.action}-${index}`} item={item} enabled={granted.has(item.action)} />
      ))}
    </Space>
  );
}

export function can(row: { _actions?: readonly string[] | null }, action: string): boolean {
  return row._actions?.includes(action) ?? false;
}

/**
 * The 操作 column every list ends with: buttons from `itemsFor(row)`, enabled by the row's `_actions`.
 * Typed loosely on the row so it fits any ServerTable's columns.
 */
export function actionsColumn<R extends { _actions: readonly string[] }>(itemsFor: (row: R) => RowAction[], width?: number) {
  return {
    title: '操作',
    valueType: 'option' as const,
    fixed: 'right' as const,
    width,
    render: (_: unknown, row: R) => <RowActions allowed={row._actions} items={itemsFor(row)} />,
  };
}
