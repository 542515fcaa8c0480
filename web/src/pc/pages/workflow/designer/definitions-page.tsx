// 流程设计: every approval business type with its current version, draft and running approvals; open one to design it.
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Badge, Button, Tag } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import type { ApiResponse } from '../../../../api/types';
import { formatDateTime } from '../../../format';
import { labelOf } from '../../../labels';
import { usePermission } from '../../../me';
import { useDefinitionsQuery } from './definitions-query';

type TypeRow = ApiResponse<'/api/workflow/definitions'>[number];

const moduleLabels = {
  platform: '平台',
  estate: '公物仓与房产',
  fleet: '公务用车',
  energy: '公共机构节能',
  reception: '公务接待',
  housing: '住房保障',
  services: '机关服务',
} as const;

export function DefinitionsPage() {
  const navigate = useNavigate();
  const can = usePermission();
  const canManage = can('workflow:definition:manage');
  const definitions = useDefinitionsQuery();
  const rows = definitions.data ?? [];

  const columns: ProColumns<TypeRow>[] = [
    {
      title: '业务类型',
      dataIndex: 'name',
      fixed: 'left',
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (_, row) => <Link to={`/workflow/definitions/${encodeURIComponent(row.code)}`}>{row.name}</Link>,
    },
    { title: '代码', dataIndex: 'code', copyable: true, sorter: (a, b) => a.code.localeCompare(b.code) },
    {
      title: '所属业务',
      dataIndex: 'module',
      filters: [...new Set(rows.map((r) => r.module))].map((m) => ({ text: labelOf(moduleLabels, m), value: m })),
      onFilter: (value, row) => row.module === value,
      render: (_, row) => labelOf(moduleLabels, row.module),
    },
    {
      title: '当前版本',
      dataIndex: 'version',
      sorter: (a, b) => (a.version ?? 0) - (b.version ?? 0),
      render: (_, row) => (row.version ? <Tag color="blue">V{row.version}</Tag> : <Tag>未发布</Tag>),
    },
    {
      title: '发布时间',
      dataIndex: 'publishedAt',
      sorter: (a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''),
      render: (_, row) => formatDateTime(row.publishedAt),
    },
    {
      title: '草稿',
      dataIndex: 'hasDraft',
      filters: [
        { text: '有草稿', value: true },
        { text: '无草稿', value: false },
      ],
      onFilter: (value, row) => row.hasDraft === value,
      render: (_, row) => (row.hasDraft ? <Tag color="orange">有未发布的草稿</Tag> : '-'),
    },
    {
      title: '进行中的审批',
      dataIndex: 'running',
      sorter: (a, b) => a.running - b.running,
      render: (_, row) => (row.running ? <Badge status="processing" text={`${row.running} 个`} /> : '0'),
    },
    {
      title: '操作',
      valueType: 'option',
      fixed: 'right',
      render: (_, row) => (
        <Button type="link" size="small" style={{ paddingInline: 4 }} onClick={() => navigate(`/workflow/definitions/${encodeURIComponent(row.code)}`)}>
          {canManage ? '设计' : '查看'}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer title="流程设计" content="每类审批业务一个流程。修改先保存为草稿，发布后对新发起的审批生效，进行中的审批仍按原版本运行。">
      <ProTable<TypeRow>
        rowKey="code"
        cardBordered
        columns={columns}
        dataSource={rows}
        loading={definitions.isFetching}
        search={false}
        scroll={{ x: 'max-content' }}
        options={{ density: true, reload: () => void definitions.refetch(), setting: true, fullScreen: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 类`, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无审批业务类型；业务模块接入审批后会出现在这里' }}
      />
    </PageContainer>
  );
}
