// Lazy tree selects for organisations and regions. The value is the plain id/code; the label of a value that has
// not been loaded yet comes from `initialLabel` (the row being edited knows it).
import { TreeSelect, type TreeSelectProps } from 'antd';
import { useCallback } from 'react';
import { api, unwrap } from '../../api/client';
import type { ApiResponse } from '../../api/types';
import { usePermission } from '../me';
import { findNode, useLazyTree, type LazyTree, type NodeOf } from './lazy-tree';

export type OrgTreeItem = ApiResponse<'/api/orgs/tree'>['items'][number];
export type RegionItem = ApiResponse<'/api/regions'>['items'][number];

type PassThrough = Pick<TreeSelectProps, 'placeholder' | 'disabled' | 'allowClear' | 'style' | 'status' | 'id'>;

interface LazyTreeSelectProps<T, V extends string | number> extends PassThrough {
  tree: LazyTree<T>;
  value?: V | null;
  onChange?: (value: V | null) => void;
  initialLabel?: string | null;
}

function LazyTreeSelect<T, V extends string | number>({
  tree,
  value,
  onChange,
  initialLabel,
  ...rest
}: LazyTreeSelectProps<T, V>) {
  const known = value === undefined || value === null ? undefined : findNode(tree.treeData, (n) => n.value === value);
  const labelled =
    value === undefined || value === null
      ? undefined
      : { value, label: typeof known?.title === 'string' ? known.title : (initialLabel ?? String(value)) };
  return (
    <TreeSelect
      style={{ width: '100%' }}
      {...rest}
      labelInValue
      showSearch
      treeNodeFilterProp="title"
      treeData={tree.treeData}
      loadData={tree.loadData}
      loading={tree.loading}
      value={labelled}
      onChange={(next: { value: V } | undefined) => onChange?.(next?.value ?? null)}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto', minWidth: 260 } } }}
      notFoundContent={tree.loading ? '加载中…' : '暂无数据'}
    />
  );
}

/** Loads /api/orgs/tree lazily; `rootId` starts below that node (e.g. a unit's departments). */
/** Tree key of a node: org id, or `r:<code>` for a region grouping node. */
export const orgTreeKey = (item: Pick<OrgTreeItem, 'id' | 'kind' | 'regionCode'>) =>
  item.kind === 'region' || item.id === null ? `r:${item.regionCode}` : String(item.id);

export function useOrgTree(options: {
  rootId?: number | null;
  selectableKind?: 'unit' | 'department';
  valueFor?: (item: OrgTreeItem) => string | number;
  /** Region grouping nodes can be selected (browsing pages); pickers of a unit leave this off. */
  regionSelectable?: boolean;
} = {}): LazyTree<OrgTreeItem> {
  const { rootId, selectableKind, valueFor, regionSelectable = false } = options;
  const enabled = usePermission()('org:unit:read');
  const load = useCallback(
    async (parent: OrgTreeItem | undefined) => {
      // Region nodes group the units seated in them; unit and department nodes open their children.
      const query =
        parent?.kind === 'region'
          ? { regionCode: parent.regionCode }
          : (parent?.id ?? rootId ?? undefined) !== undefined
            ? { parentId: (parent?.id ?? rootId)! }
            : {};
      const data = await unwrap(api.GET('/api/orgs/tree', { params: { query }, lookup: true }));
      return data.items;
    },
    [rootId],
  );
  const toNode = (item: OrgTreeItem): NodeOf<OrgTreeItem> => ({
    key: orgTreeKey(item),
    value: valueFor ? valueFor(item) : (item.id ?? orgTreeKey(item)),
    title: item.name,
    isLeaf: !item.hasChildren,
    selectable: item.kind === 'region' ? regionSelectable : selectableKind === undefined || item.kind === selectableKind,
    data: item,
  });
  return useLazyTree(load, toNode, [rootId], enabled);
}

export function useRegionTree(): LazyTree<RegionItem> {
  const enabled = usePermission()('system:region:read');
  const load = useCallback(async (parent: RegionItem | undefined) => {
    const data = await unwrap(
      api.GET('/api/regions', { params: { query: parent ? { parentCode: parent.code } : {} }, lookup: true }),
    );
    return data.items;
  }, []);
  const toNode = (item: RegionItem): NodeOf<RegionItem> => ({
    key: item.code,
    value: item.code,
    title: item.name,
    isLeaf: !item.hasChildren,
    data: item,
  });
  return useLazyTree(load, toNode, [], enabled);
}

export interface OrgTreeSelectProps extends PassThrough {
  value?: number | null;
  onChange?: (value: number | null) => void;
  initialLabel?: string | null;
  /** Show only the subtree below this node (e.g. departments of a unit). */
  rootId?: number | null;
  /** Only nodes of this kind can be picked; the others stay expandable. */
  selectableKind?: 'unit' | 'department';
}

export function OrgTreeSelect({ rootId, selectableKind, ...props }: OrgTreeSelectProps) {
  const tree = useOrgTree({ rootId, selectableKind });
  return <LazyTreeSelect<OrgTreeItem, number> placeholder="请选择组织" allowClear {...props} tree={tree} />;
}

export interface RegionTreeSelectProps extends PassThrough {
  value?: string | null;
  onChange?: (value: string | null) => void;
  initialLabel?: string | null;
}

export function RegionTreeSelect(props: RegionTreeSelectProps) {
  const tree = useRegionTree();
  return <LazyTreeSelect<RegionItem, string> placeholder="请选择行政区划" allowClear {...props} tree={tree} />;
}
