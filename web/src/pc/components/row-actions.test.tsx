import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RowActions } from './row-actions';

afterEach(cleanup);

describe('RowActions', () => {
  it('enables only the buttons named in _actions and hides the ones marked hideWhenDenied', () => {
    const onEdit = vi.fn();
    render(
      <RowActions
        allowed={['update']}
        items={[
          { action: 'update', label: '编辑', onClick: onEdit },
          { action: 'delete', label: '撤销', onClick: vi.fn() },
          { action: 'reveal', label: '查看', hideWhenDenied: true, onClick: vi.fn() },
        ]}
      />,
    );
    const edit = screen.getByRole<HTMLButtonElement>('button', { name: '编辑' });
    const revoke = screen.getByRole<HTMLButtonElement>('button', { name: '撤销' });
    expect(edit.disabled).toBe(false);
    expect(revoke.disabled).toBe(true);
    expect(screen.queryByRole('button', { name: '查看' })).toBeNull();
    fireEvent.click(edit);
    expect(onEdit).toHaveBeenCalledTimes(1);
  });

  it('shows the reveal button when allowed', () => {
    render(<RowActions allowed={['reveal']} items={[{ action: 'reveal', label: '查看', hideWhenDenied: true, onClick: vi.fn() }]} />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: '查看' }).disabled).toBe(false);
  });
});
