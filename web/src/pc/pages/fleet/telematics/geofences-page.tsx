// 电子围栏: permitted areas and no-go areas (the province or a city from the shipped outline, polygons, circles, route
// corridors; WGS-84), each for a unit's cars or for all cars of the unit's region. The list with filters and export;
// the selected fence drawn on the map of Shandong; a form to add one and a switch to stop one.
import { ModalForm, PageContainer, ProFormDigit, ProFormRadio, ProFormSelect, ProFormText, ProFormTextArea, type ActionType } from '@ant-design/pro-components';
import { App, Card, Col, Empty, Form, Row, Switch, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo, useRef, useState } from 'react';
import { api, attempt, unwrap } from '../../../../api/client';
import type { ApiBody } from '../../../../api/types';
import { EChart } from '../../../components/echart';
import { ServerTable, type Row as TableRow, type TableColumns } from '../../../components/server-table';
import { OrgTreeSelect } from '../../../components/tree-selects';
import { usePermission } from '../../../me';
import { SHANDONG_MAPS, shandongGeo } from './telematics-map';

type Fence = TableRow<'/api/telematics/geofences'>;
type FenceInput = ApiBody<'/api/telematics/geofences', 'post'>;

const SHAPES = [
  { value: 'region', label: '行政区域' },
  { value: 'polygon', label: '多边形' },
  { value: 'circle', label: '圆形' },
  { value: 'corridor', label: '路线走廊' },
];
const RULES = [
  { value: 'stay_inside', label: '只许在内（驶出报警）' },
  { value: 'keep_out', label: '禁止驶入（驶入报警）' },
];
const REGIONS = [
  ['37', '山东省（全省）'], ['3701', '济南市'], ['3702', '青岛市'], ['3703', '淄博市'], ['3704', '枣庄市'], ['3705', '东营市'], ['3706', '烟台市'],
  ['3707', '潍坊市'], ['3708', '济宁市'], ['3709', '泰安市'], ['3710', '威海市'], ['3711', '日照市'], ['3713', '临沂市'], ['3714', '德州市'],
  ['3715', '聊城市'], ['3716', '滨州市'], ['3717', '菏泽市'],
].map(([value, label]) => ({ value: value!, label: label! }));
const CITY_NAMES = REGIONS.slice(1).map((r) => r.label);

/** "117.0,36.6" per line → [[lon, lat] …]; undefined when a line does not parse. */
export function parsePoints(text: string): [number, number][] | undefined {
  const lines = text.split(/\n+/).map((l) => l.trim()).filter(Boolean);
  const out: [number, number][] = [];
  for (const l of lines) {
    const m = /^(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)$/.exec(l);
    if (!m) return undefined;
    out.push([Number(m[1]), Number(m[2])]);
  }
  return out;
}

/** A circle as a ring of points, for drawing. */
function ring(lon: number, lat: number, radiusM: number, n = 64): [number, number][] {
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.cos((lat * Math.PI) / 180));
  return Array.from({ length: n + 1 }, (_, i) => [lon + dLon * Math.cos((2 * Math.PI * i) / n), lat + dLat * Math.sin((2 * Math.PI * i) / n)]);
}

function fenceOption(f: Fence | undefined): EChartsOption {
  const color = f?.rule === 'keep_out' ? '#f5222d' : '#1677ff';
  const g = f?.geometry as { lon?: number; lat?: number; radiusM?: number; line?: [number, number][]; widthM?: number } | [number, number][] | null | undefined;
  let path: [number, number][] = [];
  if (f?.shape === 'polygon' && Array.isArray(g)) path = [...g, g[0]!];
  if (f?.shape === 'circle' && g && !Array.isArray(g) && g.lon !== undefined) path = ring(g.lon, g.lat!, g.radiusM!);
  if (f?.shape === 'corridor' && g && !Array.isArray(g) && g.line) path = g.line;
  const regionNames = f?.shape === 'region' ? (f.regionCode === '37' ? CITY_NAMES : f.regionName ? [f.regionName] : []) : [];
  const lons = path.map((p) => p[0]);
  const lats = path.map((p) => p[1]);
  const view =
    path.length > 1
      ? { center: [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2], zoom: Math.max(1, Math.min(40, 2.2 / Math.max(Math.max(...lons) - Math.min(...lons), Math.max(...lats) - Math.min(...lats), 0.05))) }
      : {};
  return {
    geo: shandongGeo(undefined, { ...view, regions: regionNames.map((name) => ({ name, itemStyle: { areaColor: f?.rule === 'keep_out' ? '#fff1f0' : '#e6f4ff', borderColor: color } })) }),
    series: [
      {
        type: 'lines',
        coordinateSystem: 'geo',
        polyline: true,
        silent: true,
        lineStyle: { color, width: f?.shape === 'corridor' ? 6 : 2, opacity: f?.shape === 'corridor' ? 0.5 : 1 },
        data: path.length > 1 ? [{ coords: path }] : [],
      },
    ],
  } as EChartsOption;
}

function NewFence({ onSaved }: { onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const shape = Form.useWatch('shape', form) as string | undefined;
  return (
    <ModalForm
      title="新增电子围栏"
      form={form}
      trigger={<Typography.Link>新增电子围栏</Typography.Link>}
      modalProps={{ destroyOnHidden: true }}
      initialValues={{ shape: 'region', rule: 'stay_inside', appliesTo: 'unit', regionCode: '37', widthM: 200, radiusM: 1000 }}
      onFinish={async (v: Record<string, unknown>) => {
        const pts = parsePoints(String(v.points ?? ''));
        const body: FenceInput = { name: String(v.name), shape: v.shape as FenceInput['shape'], rule: v.rule as FenceInput['rule'], appliesTo: v.appliesTo as FenceInput['appliesTo'], unitId: Number(v.unitId) };
        if (v.shape === 'region') body.regionCode = String(v.regionCode);
        if (v.shape === 'polygon' || v.shape === 'corridor') {
          if (!pts || pts.length < (v.shape === 'polygon' ? 3 : 2)) {
            form.setFields([{ name: 'points', errors: [v.shape === 'polygon' ? '至少 3 个顶点，每行“经度,纬度”' : '至少 2 个点，每行“经度,纬度”'] }]);
            return false;
          }
          body.geometry = v.shape === 'polygon' ? pts : { line: pts, widthM: Number(v.widthM) };
        }
        if (v.shape === 'circle') body.geometry = { lon: Number(v.lon), lat: Number(v.lat), radiusM: Number(v.radiusM) };
        const r = await attempt(() => unwrap(api.POST('/api/telematics/geofences', { body })));
        if (!r) return false;
        message.success(`已新增电子围栏 ${r.name}`);
        onSaved();
        return true;
      }}
    >
      <ProFormText name="name" label="名称" rules={[{ required: true, min: 2, max: 60 }]} placeholder="如：省内公务活动范围" />
      <Form.Item name="unitId" label="设置单位" rules={[{ required: true, message: '请选择单位' }]}>
        <OrgTreeSelect selectableKind="unit" placeholder="适用于该单位（及下级）车辆" />
      </Form.Item>
      <ProFormRadio.Group name="appliesTo" label="适用车辆" options={[{ value: 'unit', label: '本单位及下级单位车辆' }, { value: 'region', label: '本单位所在地区全部车辆' }]} />
      <ProFormRadio.Group name="rule" label="规则" options={RULES} />
      <ProFormRadio.Group name="shape" label="形状" options={SHAPES} />
      {shape === 'region' && <ProFormSelect name="regionCode" label="行政区域" options={REGIONS} rules={[{ required: true }]} />}
      {(shape === 'polygon' || shape === 'corridor') && (
        <ProFormTextArea name="points" label={shape === 'polygon' ? '顶点（每行 经度,纬度；WGS-84）' : '路线（每行 经度,纬度；WGS-84）'} fieldProps={{ rows: 6 }} placeholder={'117.0,36.6\n117.2,36.6\n117.1,36.8'} rules={[{ required: true }]} />
      )}
      {shape === 'corridor' && <ProFormDigit name="widthM" label="允许偏离（米）" min={20} max={5000} />}
      {shape === 'circle' && (
        <>
          <ProFormDigit name="lon" label="圆心经度" min={-180} max={180} fieldProps={{ precision: 6 }} rules={[{ required: true }]} />
          <ProFormDigit name="lat" label="圆心纬度" min={-90} max={90} fieldProps={{ precision: 6 }} rules={[{ required: true }]} />
          <ProFormDigit name="radiusM" label="半径（米）" min={50} max={200000} />
        </>
      )}
    </ModalForm>
  );
}

export function GeofencesPage() {
  const can = usePermission();
  const actionRef = useRef<ActionType>();
  const [picked, setPicked] = useState<Fence | undefined>();
  const option = useMemo(() => fenceOption(picked), [picked]);
  const toggle = async (f: Fence, active: boolean) => {
    const r = await attempt(() => unwrap(api.PUT('/api/telematics/geofences/{id}', { params: { path: { id: f.id } }, body: { active } })));
    if (r) {
      void actionRef.current?.reload();
      if (picked?.id === f.id) setPicked(r as Fence);
    }
  };

  const columns: TableColumns<'/api/telematics/geofences'> = [
    { title: '名称', dataIndex: 'q', render: (_, r) => <Typography.Link onClick={() => setPicked(r)}>{r.name}</Typography.Link>, fieldProps: { placeholder: '名称包含' } },
    { title: '形状', dataIndex: 'shape', valueType: 'select', fieldProps: { options: SHAPES }, render: (_, r) => (r.shape === 'region' ? `${r.shapeName}：${r.regionName ?? r.regionCode}` : r.shapeName) },
    { title: '规则', dataIndex: 'rule', valueType: 'select', fieldProps: { options: RULES }, render: (_, r) => <Tag color={r.rule === 'keep_out' ? 'red' : 'blue'}>{r.ruleName}</Tag> },
    { title: '设置单位', dataIndex: 'unitId', ellipsis: true, width: 200, render: (_, r) => r.unitName, renderFormItem: () => <OrgTreeSelect selectableKind="unit" placeholder="单位（含下级）" /> },
    { title: '适用车辆', dataIndex: 'appliesToName', search: false },
    {
      title: '启用',
      dataIndex: 'active',
      valueType: 'select',
      fieldProps: { options: [{ value: true, label: '启用' }, { value: false, label: '停用' }] },
      render: (_, r) => <Switch size="small" checked={r.active} disabled={!r._actions.includes('update')} onChange={(v) => void toggle(r, v)} aria-label={`启用 ${r.name}`} />,
    },
  ];

  return (
    <PageContainer title="电子围栏" content="车辆驶出允许区域或驶入禁入区域时，报警中心生成“越界行驶”报警；坐标为 WGS-84。" extra={can('fleet:geofence:write') ? [<NewFence key="new" onSaved={() => void actionRef.current?.reload()} />] : []}>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <ServerTable path="/api/telematics/geofences" columns={columns} actionRef={actionRef} exportPermission="fleet:track:read" exportName="电子围栏" onRow={(r) => ({ onClick: () => setPicked(r) })} />
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={picked ? `${picked.name}（${picked.ruleName}）` : '围栏范围'}>
            {picked ? <EChart option={option} height={460} maps={SHANDONG_MAPS} ariaLabel="电子围栏范围" /> : <Empty description="点击列表中的围栏查看范围" />}
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
