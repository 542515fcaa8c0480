// The one list component: ProTable over a typed list endpoint with server-side paging, sorting and filters, and an
// "导出Excel" button that downloads GET <export path> with the same filters and sort.
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { ProTable, type ActionType, type ProColumns, type ProTableProps } from '@ant-design/pro-components';
import { Button } from 'antd';
import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { api, unwrap } from '../../api/client';
import { downloadExport } from '../../api/download';
import type { ApiQuery, ExportPath, ListItem, ListPath } from '../../api/types';
import { usePermission } from '../me';
import { buildListQuery, DEFAULT_PAGE_SIZE, exportQueryOf, type FilterState, type SortState } from './list-query';

/** A row as the table sees it (ProTable wants an indexable record). */
export type Row<P extends ListPath> = ListItem<P> & Record<string, unknown>;

/** Columns of a ServerTable over `P`: `const columns: TableColumns<'/api/orgs'> = [...]`. */
export type TableColumns<P extends ListPath> = ProColumns<Row<P>>[];

interface ListResult<P extends ListPath> {
  items: ListItem<P>[];
  total: number;
}

/** GET a list endpoint. The path is a run-time value here, so openapi-fetch's per-path typing is bridged once. */
async function fetchList<P extends ListPath>(path: P, query: Record<string, unknown>): Promise<ListResult<P>> {
  const get = api.GET as unknown as (
    url: string,
    init: { params: { query: Record<string, unknown> } },
  ) => Promise<{ data?: { items: ListItem<P>[]; total: number }; error?: unknown; response: Response }>;
  const data = await unwrap(get(path, { params: { query } }));
  return { items: data.items, total: data.total };
}

export interface ServerTableProps<P extends ListPath>
  extends Omit<
    ProTableProps<Row<P>, Record<string, unknown>>,
    'request' | 'params' | 'toolBarRender' | 'actionRef' | 'columns' | 'dataSource'
  > {
  /** The list endpoint, e.g. '/api/orgs'. */
  path: P;
  columns: TableColumns<P>;
  /** Fixed filters added to every request (e.g. the node selected in a tree); changing them goes back to page 1. */
  params?: Partial<ApiQuery<P>>;
  /** The permission the export needs; with it the 导出Excel button downloads `<path>/export` (every server list has one). */
  exportPermission?: string;
  /** File name prefix used when the server sends no Content-Disposition. */
  exportName?: string;
  /** The 新建 button: shown enabled only to holders of `permission`. */
  create?: { permission: string; label?: string; onClick: () => void };
  actionRef?: MutableRefObject<ActionType | undefined>;
}

export function ServerTable<P extends ListPath>({
  path,
  columns,
  params,
  exportPermission,
  exportName = '导出',
  create,
  actionRef: outerRef,
  ...rest
}: ServerTableProps<P>) {
  const innerRef = useRef<ActionType>();
  const actionRef = outerRef ?? innerRef;
  const lastQuery = useRef<Record<string, unknown>>({});
  const [exporting, setExporting] = useState(false);

  const paramsKey = JSON.stringify(params ?? {});
  const firstParams = useRef(paramsKey);
  useEffect(() => {
    if (paramsKey === firstParams.current) return;
    firstParams.current = paramsKey;
    actionRef.current?.setPageInfo?.({ current: 1 });
  }, [paramsKey, actionRef]);

  const request = async (
    tableParams: Record<string, unknown>,
    sort: Record<string, unknown>,
    filter: Record<string, unknown>,
  ) => {
    const query = buildListQuery(tableParams, sort as SortState, filter as FilterState);
    lastQuery.current = query;
    try {
      const result = await fetchList(path, query);
      return { data: result.items as Row<P>[], total: result.total, success: true };
    } catch {
      // the API layer has already told the user why
      return { data: [], total: 0, success: false };
    }
  };

  const exportPath = `${path}/export` as ExportPath;
  const runExport = async () => {
    setExporting(true);
    try {
      await downloadExport(exportPath, exportQueryOf(lastQuery.current), exportName);
    } finally {
      setExporting(false);
    }
  };

  const can = usePermission();
  const showExport = exportPermission !== undefined && can(exportPermission);

  // On a phone, pinned columns would leave no room for the others: let everything scroll together.
  // Decided once at mount, because ProTable keeps the first `fixed` it sees in its column settings.
  const [narrow] = useState(() => typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 767.98px)').matches);
  const shownColumns = narrow ? columns.map((c) => ({ ...c, fixed: undefined })) : columns;

  return (
    <ProTable<Row<P>, Record<string, unknown>>
      rowKey="id"
      cardBordered
      columns={shownColumns}
      params={params as Record<string, unknown> | undefined}
      request={request}
      actionRef={actionRef}
      dateFormatter={(value) => value.format()}
      search={{ labelWidth: 'auto', defaultCollapsed: true }}
      scroll={{ x: 'max-content' }}
      pagination={{
        defaultPageSize: DEFAULT_PAGE_SIZE,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (total) => `共 ${total} 条`,
      }}
      options={{ density: true, reload: true, setting: true, fullScreen: false }}
      toolBarRender={() => [
        ...(create
          ? [
              <Button key="create" type="primary" icon={<PlusOutlined />} disabled={!can(create.permission)} onClick={create.onClick}>
                {create.label ?? '新建'}
              </Button>,
            ]
          : []),
        ...(showExport
          ? [
              <Button
                key="export"
                icon={<DownloadOutlined />}
                loading={exporting}
                onClick={() => void runExport()}
              >
                导出Excel
              </Button>,
            ]
          : []),
      ]}
      {...rest}
    />
  );
}
