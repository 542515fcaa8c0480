// Picks people for 转办 / 委派 / 加签 from GET /api/workflow/users, searching as the user types.
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useRef, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useDebounced } from '../use-debounced';
import type { ApiResponse } from '../../api/types';

export type PickableUser = ApiResponse<'/api/workflow/users'>[number];

function useUserSearch(keyword: string) {
  return useQuery({
    queryKey: ['workflow-users', keyword],
    staleTime: 60_000,
    queryFn: () =>
      unwrap(api.GET('/api/workflow/users', { params: { query: { limit: 30, ...(keyword ? { keyword } : {}) } }, lookup: true })),
  });
}

const labelOf = (u: PickableUser) => `${u.name}（${u.unitName}）`;

interface BaseProps {
  placeholder?: string;
  /** user ids not offered (e.g. the current user) */
  exclude?: readonly number[];
}

export interface WorkflowUserSelectProps extends BaseProps {
  value?: number;
  onChange?: (value: number | undefined) => void;
  /** the picked person (for messages such as "已转办给 张三") */
  onPick?: (user: PickableUser | undefined) => void;
}

export interface WorkflowUsersSelectProps extends BaseProps {
  value?: number[];
  onChange?: (value: number[]) => void;
  max?: number;
}

/** Names of people already chosen (a saved process), fetched by id once. */
function useUsersByIds(ids: readonly number[]) {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  return useQuery({
    queryKey: ['workflow-users-by-id', sorted],
    enabled: sorted.length > 0,
    staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/workflow/users', { params: { query: { ids: sorted } }, lookup: true })),
  });
}

/** Options from the search, keeping the labels of users picked earlier (they may not be in the current results). */
function useOptions(search: string, exclude: readonly number[] | undefined, selected: readonly number[]) {
  const keyword = useDebounced(search.trim(), 300);
  const users = useUserSearch(keyword);
  const known = useRef(new Map<number, PickableUser>());
  for (const u of users.data ?? []) known.current.set(u.id, u);
  const chosen = useUsersByIds(selected.filter((id) => !known.current.has(id)));
  for (const u of chosen.data ?? []) known.current.set(u.id, u);
  const options = (users.data ?? [])
    .filter((u) => !exclude?.includes(u.id))
    .map((u) => ({ value: u.id, label: labelOf(u), username: u.username }));
  const labelFor = (id: number) => {
    const u = known.current.get(id);
    return u ? labelOf(u) : `#${id}`;
  };
  const userOf = (id: number | undefined) => (id === undefined ? undefined : known.current.get(id));
  return { options, loading: users.isFetching, labelFor, userOf };
}

function withSelected(options: { value: number; label: string }[], selected: readonly number[], labelFor: (id: number) => string) {
  const missing = selected.filter((id) => !options.some((o) => o.value === id)).map((id) => ({ value: id, label: labelFor(id) }));
  return [...missing, ...options];
}

/** One person (转办, 委派). */
export function WorkflowUserSelect({ value, onChange, onPick, placeholder, exclude }: WorkflowUserSelectProps) {
  const [search, setSearch] = useState('');
  const { options, loading, labelFor, userOf } = useOptions(search, exclude, value === undefined ? [] : [value]);
  return (
    <Select<number>
      showSearch
      allowClear
      style={{ width: '100%' }}
      filterOption={false}
      value={value}
      onChange={(next) => {
        onChange?.(next ?? undefined);
        onPick?.(userOf(next ?? undefined));
      }}
      onSearch={setSearch}
      options={withSelected(options, value === undefined ? [] : [value], labelFor)}
      loading={loading}
      placeholder={placeholder ?? '输入姓名或用户名查找'}
      notFoundContent={loading ? '查找中…' : '没有匹配的人员'}
    />
  );
}

/** Several people (加签). */
export function WorkflowUsersSelect({ value, onChange, placeholder, exclude, max = 10 }: WorkflowUsersSelectProps) {
  const [search, setSearch] = useState('');
  const selected = value ?? [];
  const { options, loading, labelFor } = useOptions(search, exclude, selected);
  return (
    <Select<number[]>
      mode="multiple"
      showSearch
      allowClear
      style={{ width: '100%' }}
      filterOption={false}
      value={selected}
      onChange={(next) => {
        onChange?.(next.slice(0, max));
        setSearch('');
      }}
      onSearch={setSearch}
      options={withSelected(options, selected, labelFor)}
      loading={loading}
      maxCount={max}
      placeholder={placeholder ?? `输入姓名或用户名查找，最多 ${max} 人`}
      notFoundContent={loading ? '查找中…' : '没有匹配的人员'}
    />
  );
}
