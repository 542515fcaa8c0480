// A hidden ProTable column that searches a time range and sends it as from/to.
import type { ProColumns } from '@ant-design/pro-components';

export function timeRangeColumn<T extends Record<string, unknown>>(title: string, dataIndex = 'range'): ProColumns<T> {
  return {
    title,
    dataIndex,
    valueType: 'dateTimeRange',
    hideInTable: true,
    search: {
      transform: (value: unknown) => {
        const [from, to] = Array.isArray(value) ? (value as unknown[]) : [];
        return { from, to };
      },
    },
  };
}
