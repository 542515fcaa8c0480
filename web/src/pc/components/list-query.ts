// Turns ProTable's request arguments into the server's list query:
// page (1-based), pageSize, sort=<field>&order=asc|desc, and the filters with empty values left out.
import dayjs from 'dayjs';

export type SortState = Record<string, 'ascend' | 'descend' | null | undefined>;
export type FilterState = Record<string, ReadonlyArray<string | number | boolean> | null | undefined>;

export const DEFAULT_PAGE_SIZE = 20;

/**
 * ProTable bookkeeping keys that are not filters. ('keyword' is ProTable's toolbar search, which ServerTable does not
 * turn on, so a search-form field named keyword — the approval lists' filter — goes to the server as is.)
 */
const RESERVED = new Set(['current', 'pageSize', '_timestamp']);

type Scalar = string | number | boolean;

function normalize(value: unknown): Scalar | Scalar[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value;
  if (dayjs.isDayjs(value)) return value.isValid() ? value.format() : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : dayjs(value).format();
  if (Array.isArray(value)) {
    const items = value.map(normalize).filter((v): v is Scalar => v !== undefined && !Array.isArray(v));
    if (items.length === 0) return undefined;
    return items.length === 1 ? items[0] : items;
  }
  return undefined;
}

function positiveInt(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * @param params ProTable `params`: current, pageSize, search-form values and the table's fixed `params`
 * @param sort ProTable sorter state ({field: 'ascend'|'descend'}); the first active one wins
 * @param filter ProTable column-header filters
 */
export function buildListQuery(
  params: Readonly<Record<string, unknown>>,
  sort: Readonly<SortState> = {},
  filter: Readonly<FilterState> = {},
): Record<string, Scalar | Scalar[]> {
  const query: Record<string, Scalar | Scalar[]> = {
    page: positiveInt(params.current, 1),
    pageSize: positiveInt(params.pageSize, DEFAULT_PAGE_SIZE),
  };
  for (const [key, raw] of Object.entries(params)) {
    if (RESERVED.has(key)) continue;
    const value = normalize(raw);
    if (value !== undefined) query[key] = value;
  }
  for (const [key, raw] of Object.entries(filter)) {
    const value = normalize(raw);
    if (value !== undefined) query[key] = value;
  }
  const active = Object.entries(sort).find(([, order]) => order === 'ascend' || order === 'descend');
  if (active) {
    query.sort = active[0];
    query.order = active[1] === 'ascend' ? 'asc' : 'desc';
  }
  return query;
}

/** The export carries the same filters and sort as the list, without paging. */
export function exportQueryOf(listQuery: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { page: _page, pageSize: _pageSize, ...rest } = listQuery;
  return rest;
}
