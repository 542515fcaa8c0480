// 行程记录: the trips the platform recognised from the Beidou positions (not the dispatch slips), with filters by
// plate, unit, period and whether a dispatch covers the trip, sortable, paged and exportable to Excel. A trip opens
// in the track playback at its day.
import { PageContainer } from '@ant-design/pro-components';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { ServerTable, type TableColumns } from '../../../components/server-table';
import { OrgTreeSelect } from '../../../components/tree-selects';
import { formatDateTime } from '../../../format';

export function TripsPage() {
  const [search] = useSearchParams();
  const vehicleId = Number(search.get('vehicleId')) || undefined;

  const columns: TableColumns<'/api/telematics/trips'> = [
    { title: '出发时间', dataIndex: 'startedAt', sorter: true, hideInSearch: true, render: (_, r) => formatDateTime(r.startedAt) },
    { title: '到达时间', dataIndex: 'endedAt', sorter: true, hideInSearch: true, render: (_, r) => formatDateTime(r.endedAt) },
    {
      title: '日期',
      dataIndex: 'range',
      valueType: 'dateRange',
      hideInTable: true,
      search: {
        transform: (value: unknown) => {
          const [from, to] = Array.isArray(value) ? (value as string[]) : [];
          return { from: from ? String(from).slice(0, 10) : undefined, to: to ? String(to).slice(0, 10) : undefined };
        },
      },
    },
    { title: '车牌号', dataIndex: 'plate', sorter: true, render: (_, r) => <Link to={`/fleet/vehicles/${r.vehicleId}`}>{r.plate}</Link> },
    {
      title: '所属单位',
      dataIndex: 'unitId',
      ellipsis: true,
      width: 220,
      render: (_, r) => r.unitName,
      renderFormItem: () => <OrgTreeSelect selectableKind="unit" placeholder="单位（含下级）" />,
    },
    { title: '时长(分钟)', dataIndex: 'minutes', sorter: true, hideInSearch: true, align: 'right' },
    { title: '里程(km)', dataIndex: 'km', sorter: true, hideInSearch: true, align: 'right' },
    { title: '最高车速(km/h)', dataIndex: 'maxSpeed', sorter: true, hideInSearch: true, align: 'right', render: (_, r) => r.maxSpeed ?? '-' },
    { title: '定位点', dataIndex: 'points', hideInSearch: true, align: 'right', render: (_, r) => r.points ?? '-' },
    {
      title: '派车单',
      dataIndex: 'dispatch',
      valueType: 'select',
      fieldProps: { options: [{ value: 'linked', label: '有派车单' }, { value: 'unlinked', label: '无派车单' }] },
      render: (_, r) => (r.dispatchId ? <Tag color="green">有（{r.dispatchId}）</Tag> : <Tag color="orange">无</Tag>),
    },
    {
      title: '操作',
      valueType: 'option',
      fixed: 'right',
      render: (_, r) => [
        <Link key="track" to={`/fleet/tracks?vehicle=${r.vehicleId}&day=${dayjs(r.startedAt).format('YYYY-MM-DD')}`}>
          轨迹
        </Link>,
      ],
    },
  ];

  return (
    <PageContainer title="行程记录" content="由北斗定位自动识别的行程（停车超过设定时长或熄火即结束一段行程）；与派车单时间相符的行程关联派车单。">
      <ServerTable
        path="/api/telematics/trips"
        columns={columns}
        params={vehicleId ? { vehicleId } : undefined}
        exportPermission="fleet:track:read"
        exportName="行程记录"
      />
    </PageContainer>
  );
}
