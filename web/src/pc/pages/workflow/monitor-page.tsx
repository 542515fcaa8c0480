// 流程监控: every approval within the user's data scope, with its status and current node.
import { PageContainer } from '@ant-design/pro-components';
import { useState } from 'react';
import { ServerTable } from '../../components/server-table';
import { useBusinessTypeOptions, workflowColumns, workflowRowKey, type WorkflowRow } from './workflow-columns';

export function MonitorPage() {
  const [seen, setSeen] = useState<ReadonlyMap<string, string>>(new Map());
  const typeOptions = useBusinessTypeOptions(seen);
  const collect = <R extends WorkflowRow>(rows: R[]): R[] => {
    if (rows.some((r) => !seen.has(r.businessType))) {
      setSeen((prev) => new Map([...prev, ...rows.map((r): [string, string] => [r.businessType, r.businessTypeName])]));
    }
    return rows;
  };
  return (
    <PageContainer title="流程监控" content="本数据范围内的全部审批：进度、当前节点与结果。">
      <ServerTable
        path="/api/workflow/instances"
        columns={workflowColumns('monitor', typeOptions)}
        rowKey={workflowRowKey}
        exportPermission="workflow:instance:export"
        exportName="审批监控"
        postData={collect}
        locale={{ emptyText: '本范围内暂无审批' }}
      />
    </PageContainer>
  );
}
