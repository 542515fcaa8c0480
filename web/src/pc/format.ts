import dayjs from 'dayjs';

/** "YYYY-MM-DD HH:mm:ss" in local time (tables use ProTable's dateTime, which formats the same way); "-" for empty. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : '-';
}

/** Integers with Chinese digit grouping (12,345). */
export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : value.toLocaleString('zh-CN');
}
