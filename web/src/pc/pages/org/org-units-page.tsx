// 组织机构: the org tree of the caller's data scope on the left (lazy), the list of the selected subtree on the right.
import { PageContainer, type ActionType } from '@ant-design/pro-components';
import { App, Card, Space, Tag, Tree, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, attempt, unwrap } from '../../../api/client';
import { actionsColumn } from '../../components/row-actions';
import { ServerTable, type TableColumns } from '../../components/server-table';
import { orgTreeKey, RegionTreeSelect, useOrgTree, type OrgTreeItem } from '../../components/tree-selects';
import { formatInteger } from '../../format';
import { keyIn, labelOf, levelLabels, orgKindLabels, orgStatusLabels, unitTypeLabels, valueEnumOf } from '../../labels';
import { OrgFormModal, type OrgFormModalProps, type OrgRow } from './org-form-modal';

type Editing = Pick<OrgFormModalProps, 'row' | 'defaults'>;

export function OrgUnitsPage() {
  const { message } = App.useApp();
  const tree = useOrgTree({ regionSelectable: true });
  const actionRef = useRef<ActionType>();
  const [selected, setSelected] = useState<OrgTreeItem | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);

  const afterChange = async (parentId: number | null) => {
    void actionRef.current?.reload();
    if (parentId === null) await tree.reload();
    else await tree.refreshNode(String(parentId));
  };

  const revoke = (row: OrgRow) =>
    attempt(async () => {
      await unwrap(api.DELETE('/api/orgs/{id}', { params: { path: { id: row.id } } }));
      message.success(`已撤销：${row.name}`);
      await afterChange(row.parentId);
    });

  const columns: TableColumns<'/api/orgs'> = [
    {
      title: '名称',
      dataIndex: 'name',
      sorter: true,
      fixed: 'left',
      render: (_, row) => (
        <Space size={4} wrap>
          <span>{row.name}</span>
          {row.isBureau && <Tag color="gold">机关事务局</Tag>}
          {row.status === 'revoked' && <Tag>{labelOf(orgStatusLabels, row.status)}</Tag>}
        </Space>
      ),
    },
    { title: '简称', dataIndex: 'shortName', hideInSearch: true },
    { title: '类型', dataIndex: 'kind', valueEnum: valueEnumOf(orgKindLabels) },
    { title: '级别', dataIndex: 'level', valueEnum: valueEnumOf(levelLabels), sorter: true },
    { title: '单位性质', dataIndex: 'unitType', valueEnum: valueEnumOf(unitTypeLabels) },
    {
      title: '行政区划',
      dataIndex: 'regionCode',
      sorter: true,
      render: (_, row) => row.regionName,
      renderFormItem: () => <RegionTreeSelect />,
    },
    { title: '上级', dataIndex: 'parentName', hideInSearch: true },
    { title: '统一社会信用代码', dataIndex: 'creditCode', hideInSearch: true, copyable: true },
    {
      title: '编制数',
      dataIndex: 'staffingQuota',
      hideInSearch: true,
      sorter: true,
      align: 'right',
      render: (_, row) => formatInteger(row.staffingQuota),
    },
    { title: '创建时间', dataIndex: 'createdAt', valueType: 'dateTime', hideInSearch: true, sorter: true },
    actionsColumn((row) => [
      { action: 'update', label: '编辑', onClick: () => setEditing({ row }) },
      {
        action: 'create-child',
        label: '新建下级',
        onClick: () =>
          setEditing({
            defaults: {
              kind: 'department',
              parentId: row.id,
              parentName: row.name,
              level: keyIn(levelLabels, row.level),
              regionCode: row.regionCode,
              regionName: row.regionName,
            },
          }),
      },
      {
        action: 'delete',
        label: '撤销',
        danger: true,
        confirm: `确定撤销“${row.name}”吗？撤销后不再出现在组织树中。`,
        onClick: () => revoke(row),
      },
    ]),
  ];

  const newDefaults = (): Editing['defaults'] =>
    selected?.kind === 'region'
      ? { kind: 'unit', regionCode: selected.regionCode }
      : selected && selected.id !== null
      ? {
          kind: 'department',
          parentId: selected.id,
          parentName: selected.name,
          level: keyIn(levelLabels, selected.level),
          regionCode: selected.regionCode,
        }
      : { kind: 'unit' };

  return (
    <PageContainer title="组织机构" subTitle="单位与内设机构">
      <div className="steward-split">
        <Card
          className="steward-split-side"
          size="small"
          title="组织树"
          extra={selected ? <a onClick={() => setSelected(null)}>查看全部</a> : undefined}
          loading={tree.loading && tree.treeData.length === 0}
        >
          <div className="steward-tree-scroll">
            {tree.treeData.length === 0 && !tree.loading ? (
              <Typography.Text type="secondary">暂无可见的组织，请联系管理员分配数据权限。</Typography.Text>
            ) : (
              <Tree
                blockNode
                treeData={tree.treeData}
                loadData={tree.loadData}
                selectedKeys={selected ? [orgTreeKey(selected)] : []}
                onSelect={(_keys, info) => {
                  const node = info.node as unknown as { data: OrgTreeItem };
                  setSelected(info.selected ? node.data : null);
                }}
              />
            )}
          </div>
        </Card>
        <div className="steward-split-main">
          <ServerTable
            path="/api/orgs"
            exportPermission="org:unit:export"
            exportName="组织机构"
            headerTitle={selected ? `${selected.name}${selected.kind === 'region' ? '（本区划及下级）' : ' 及下级'}` : '全部组织'}
            actionRef={actionRef}
            params={selected?.kind === 'region' ? { regionCode: selected.regionCode } : selected?.id ? { ancestorId: selected.id } : {}}
            columns={columns}
            create={{ permission: 'org:unit:create', onClick: () => setEditing({ defaults: newDefaults() }) }}
          />
        </div>
      </div>
      {editing && (
        <OrgFormModal
          row={editing.row}
          defaults={editing.defaults}
          onClose={() => setEditing(null)}
          onSaved={({ parentId }) => {
            const previousParent = editing.row?.parentId ?? null;
            setEditing(null);
            void afterChange(parentId).then(() =>
              previousParent !== parentId ? afterChange(previousParent) : undefined,
            );
          }}
        />
      )}
    </PageContainer>
  );
}
