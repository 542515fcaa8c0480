// 行政区划: the region tree (GB/T 2260) on the left, loaded level by level; the selected region's children on the right.
import { PageContainer } from '@ant-design/pro-components';
import { Breadcrumb, Card, Empty, Table, Tag, Tree } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { findNode } from '../../components/lazy-tree';
import { useRegionTree, type RegionItem } from '../../components/tree-selects';
import { labelOf, regionLevelLabels } from '../../labels';

export function RegionsPage() {
  const tree = useRegionTree();
  const [selected, setSelected] = useState<RegionItem | null>(null);
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);

  // Start with the province selected.
  const first = tree.treeData[0];
  useEffect(() => {
    if (!selected && first) {
      setSelected(first.data);
      setExpandedKeys([first.key]);
    }
  }, [first, selected]);

  const children = useQuery({
    queryKey: ['regions', selected?.code],
    enabled: selected !== null,
    queryFn: async () =>
      (await unwrap(api.GET('/api/regions', { params: { query: { parentCode: selected?.code ?? '' } } }))).items,
  });

  const path: RegionItem[] = [];
  for (let code: string | null | undefined = selected?.code; code; ) {
    const node = findNode(tree.treeData, (n) => n.key === code);
    if (!node) break;
    path.unshift(node.data);
    code = node.data.parentCode;
  }

  const open = async (region: RegionItem) => {
    setSelected(region);
    // load and expand it in the tree too, so the tree follows the table
    if (region.parentCode) await tree.loadData({ key: region.parentCode });
    await tree.loadData({ key: region.code });
    const keys = [region.parentCode, region.code].filter((k): k is string => Boolean(k));
    setExpandedKeys((current) => Array.from(new Set([...current, ...keys])));
  };

  return (
    <PageContainer title="行政区划" subTitle="依据 GB/T 2260，省、市、县、乡四级">
      <div className="steward-split">
        <Card className="steward-split-side" title="区划树" size="small" loading={tree.loading && tree.treeData.length === 0}>
          <div className="steward-tree-scroll">
            <Tree
              blockNode
              treeData={tree.treeData}
              loadData={tree.loadData}
              expandedKeys={expandedKeys}
              onExpand={(keys) => setExpandedKeys(keys.map(String))}
              selectedKeys={selected ? [selected.code] : []}
              onSelect={(_keys, info) => setSelected((info.node as unknown as { data: RegionItem }).data)}
            />
          </div>
        </Card>
        <Card
          className="steward-split-main"
          size="small"
          title={
            <Breadcrumb
              items={path.map((p) => ({
                title: p.code === selected?.code ? p.name : <a onClick={() => void open(p)}>{p.name}</a>,
              }))}
            />
          }
        >
          {selected ? (
            <Table<RegionItem>
              rowKey="code"
              size="middle"
              loading={children.isFetching}
              dataSource={children.data ?? []}
              scroll={{ x: 'max-content' }}
              pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (t) => `共 ${t} 个下级区划` }}
              locale={{ emptyText: <Empty description="该区划没有下级区划" /> }}
              columns={[
                { title: '区划代码', dataIndex: 'code', sorter: (a, b) => a.code.localeCompare(b.code), defaultSortOrder: 'ascend' },
                {
                  title: '名称',
                  dataIndex: 'name',
                  render: (name: string, row) => (row.hasChildren ? <a onClick={() => void open(row)}>{name}</a> : name),
                },
                { title: '级别', dataIndex: 'level', render: (v: string) => <Tag>{labelOf(regionLevelLabels, v)}</Tag> },
                { title: '下级', dataIndex: 'hasChildren', render: (v: boolean) => (v ? '有' : '无') },
              ]}
            />
          ) : (
            <Empty description="请在左侧选择一个区划" />
          )}
        </Card>
      </div>
    </PageContainer>
  );
}
