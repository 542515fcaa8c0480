import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { toQueryString } from '../../api/query-string';
import { buildListQuery, exportQueryOf } from './list-query';

describe('buildListQuery', () => {
  it('maps ProTable paging to page/pageSize and drops bookkeeping keys', () => {
    expect(buildListQuery({ current: 3, pageSize: 50, _timestamp: 1 })).toEqual({ page: 3, pageSize: 50 });
  });

  it('passes a search-form field named keyword to the server', () => {
    expect(buildListQuery({ current: 1, pageSize: 20, keyword: ' 张三 ' })).toEqual({ page: 1, pageSize: 20, keyword: '张三' });
  });

  it('defaults to the first page of 20', () => {
    expect(buildListQuery({})).toEqual({ page: 1, pageSize: 20 });
    expect(buildListQuery({ current: 0, pageSize: -5 })).toEqual({ page: 1, pageSize: 20 });
  });

  it('keeps filters, trims text and leaves out empty values', () => {
    expect(
      buildListQuery({ current: 1, pageSize: 20, name: '  财政厅 ', kind: 'unit', level: '', unitType: undefined, ancestorId: 12, regionCode: null, tags: [] }),
    ).toEqual({ page: 1, pageSize: 20, name: '财政厅', kind: 'unit', ancestorId: 12 });
  });

  it('turns the active sorter into sort/order', () => {
    expect(buildListQuery({ current: 1, pageSize: 20 }, { name: 'ascend' })).toMatchObject({ sort: 'name', order: 'asc' });
    expect(buildListQuery({ current: 1, pageSize: 20 }, { name: null, createdAt: 'descend' })).toMatchObject({
      sort: 'createdAt',
      order: 'desc',
    });
    expect(buildListQuery({ current: 1, pageSize: 20 }, { name: null })).not.toHaveProperty('sort');
  });

  it('merges column-header filters (one value flat, several as a list)', () => {
    expect(buildListQuery({ current: 1, pageSize: 20 }, {}, { status: ['active'], gender: ['M', 'F'], level: null })).toEqual({
      page: 1,
      pageSize: 20,
      status: 'active',
      gender: ['M', 'F'],
    });
  });

  it('formats dates as ISO 8601 with offset', () => {
    const from = dayjs('2025-03-01T08:00:00+08:00');
    const query = buildListQuery({ current: 1, pageSize: 20, from });
    expect(dayjs(query.from as string).valueOf()).toBe(from.valueOf());
    expect(query.from).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  });
});

describe('export query', () => {
  it('keeps filters and sort, drops paging, and serialises like the list', () => {
    const list = buildListQuery({ current: 2, pageSize: 50, name: '山东省 机关', level: 'province' }, { name: 'descend' });
    expect(toQueryString(exportQueryOf(list))).toBe('?name=%E5%B1%B1%E4%B8%9C%E7%9C%81+%E6%9C%BA%E5%85%B3&level=province&sort=name&order=desc');
  });

  it('repeats array values and yields nothing for an empty query', () => {
    expect(toQueryString({ gender: ['M', 'F'], x: undefined })).toBe('?gender=M&gender=F');
    expect(toQueryString({})).toBe('');
  });
});
