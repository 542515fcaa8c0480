// Picks a person by name (optionally within a unit), searching the server as the user types.
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useDebounced } from '../use-debounced';
import { usePermission } from '../me';

export interface PersonSelectProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  unitId?: number | null;
  initialLabel?: string | null;
  placeholder?: string;
  disabled?: boolean;
}

export function PersonSelect({ value, onChange, unitId, initialLabel, placeholder, disabled }: PersonSelectProps) {
  const [search, setSearch] = useState('');
  const name = useDebounced(search.trim(), 300);
  const can = usePermission();
  const allowed = can('org:person:read');
  const persons = useQuery({
    queryKey: ['person-options', unitId ?? null, name],
    enabled: allowed && !disabled,
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/persons', {
            params: { query: { page: 1, pageSize: 20, ...(name ? { name } : {}), ...(unitId ? { unitId } : {}) } },
            lookup: true,
          }),
        )
      ).items,
  });
  const options = (persons.data ?? []).map((p) => ({
    value: p.id,
    label: `${p.name}（${p.departmentName ?? p.unitName}）`,
  }));
  if (value !== undefined && value !== null && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: initialLabel ?? `#${value}` });
  }
  return (
    <Select<number>
      showSearch
      allowClear
      style={{ width: '100%' }}
      filterOption={false}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      onSearch={setSearch}
      options={options}
      loading={persons.isFetching}
      disabled={disabled || !allowed}
      placeholder={allowed ? (placeholder ?? '输入姓名查找') : '无人员查看权限'}
      notFoundContent={persons.isFetching ? '查找中…' : '没有匹配的人员'}
    />
  );
}
