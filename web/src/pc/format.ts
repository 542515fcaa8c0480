import dayjs from 'dayjs';

export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** "YYYY-MM-DD HH:mm:ss", or "-" for empty or unparsable values. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  const d = dayjs(value);
  return d.isValid() ? d.format(DATE_TIME_FORMAT) : '-';
}

/** Integers with Chinese digit grouping (12,345). */
export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : value.toLocaleString('zh-CN');
}
