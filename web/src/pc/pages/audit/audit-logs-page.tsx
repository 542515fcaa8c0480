// 审计日志: the append-only, hash-chained audit log, with the chain's verification status on top.
import { ReloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Skeleton } from 'antd';
import { api, unwrap } from '../../../api/client';
import { ServerTable, type Row, type TableColumns } from '../../components/server-table';
import { timeRangeColumn } from '../../date-range';
import { auditResultLabels } from '../../labels';
import { usePermission } from '../../me';

type AuditRow = Row<'/api/audit'>;

function ChainStatus() {
  const verify = useQuery({
    queryKey: ['audit-verify'],
    staleTime: 0,
    queryFn: () => unwrap(api.GET('/api/audit/verify', { lookup: true })),
  });
  const recheck = (
    <Button size="small" icon={<ReloadOutlined />} loading={verify.isFetching} onClick={() => void verify.refetch()}>
      重新校验
    </Button>
  );
  if (verify.isPending) return <Skeleton.Input active block style={{ marginBottom: 16 }} />;
  if (verify.isError) {
    return <Alert type="warning" showIcon message="审计链校验失败，请稍后重试" action={recheck} style={{ marginBottom: 16 }} />;
  }
  const { ok, checked, firstBroken } = verify.data;
  return ok ? (
    <Alert type="success" showIcon message={`审计链完整，已校验 ${checked} 条`} action={recheck} style={{ marginBottom: 16 }} />
  ) : (
    <Alert
      type="error"
      showIcon
      message={`审计链在第 ${firstBroken?.seq ?? '?'} 条断开：${firstBroken?.reason ?? '原因未知'}`}
      description="审计记录可能被篡改或删除，请立即报告安全管理员并保全数据库。"
      action={recheck}
      style={{ marginBottom: 16 }}
    />
  );
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span>-</span>;
  return <pre className="steward-json">{JSON.stringify(value, null, 2)}</pre>;
}

const columns: TableColumns<'/api/audit'> = [
  { title: '序号', dataIndex: 'seq', hideInSearch: true, sorter: true, defaultSortOrder: 'descend', fixed: 'left' },
  { title: '时间', dataIndex: 'at', valueType: 'dateTime', hideInSearch: true, sorter: true },
  timeRangeColumn<AuditRow>('时间范围'),
  { title: '用户', dataIndex: 'username' },
  { title: 'IP 地址', dataIndex: 'ip', hideInSearch: true },
  { title: '操作', dataIndex: 'action', render: (_, row) => row.actionName },
  { title: '对象类型', dataIndex: 'objectType' },
  { title: '对象', dataIndex: 'objectId', hideInSearch: true },
  {
    title: '结果',
    dataIndex: 'result',
    valueEnum: {
      success: { text: auditResultLabels.success, status: 'Success' },
      failure: { text: auditResultLabels.failure, status: 'Error' },
    },
  },
  { title: '详情', dataIndex: 'detail', hideInSearch: true, ellipsis: true, width: 260 },
];

export function AuditLogsPage() {
  const can = usePermission();
  return (
    <PageContainer title="审计日志" subTitle="只增不改，逐条哈希链接（HMAC-SM3），防篡改">
      {can('audit:log:verify') && <ChainStatus />}
      <ServerTable
        path="/api/audit"
        rowKey="seq"
        exportPermission="audit:log:export"
        exportName="审计日志"
        columns={columns}
        expandable={{
          expandedRowRender: (row: AuditRow) => (
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label="详情" span={2}>
                {row.detail || '-'}
              </Descriptions.Item>
              <Descriptions.Item label="变更前">
                <Json value={row.before} />
              </Descriptions.Item>
              <Descriptions.Item label="变更后">
                <Json value={row.after} />
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
      />
    </PageContainer>
  );
}
