// 院落地图: compounds of the caller's scope as points on the outline of Shandong's 16 cities (web/src/pc/maps, from
// echarts@4.9.0, Apache-2.0, 莱芜 merged into 济南). Point size follows usable area; red points have open findings.
// A click opens the compound in the space browser.
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Statistic } from 'antd';
import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, unwrap } from '../../../../api/client';
import type { ApiResponse } from '../../../../api/types';
import type { EChartsOption } from 'echarts';
import { EChart } from '../../../components/echart';

type Compound = ApiResponse<'/api/estate/map'>['items'][number];

const MAPS = { shandong: () => import('../../../maps/shandong.json').then((m) => m.default) };

export function MapPage() {
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['estate-map'], queryFn: () => unwrap(api.GET('/api/estate/map')) });
  const items = q.data?.items;

  const option = useMemo(() => {
    if (!items) return null;
    const size = (c: Compound) => Math.max(6, Math.min(28, Math.sqrt(c.usableArea) / 6));
    const point = (c: Compound) => ({ value: [c.lng, c.lat], name: c.name, id: c.id, c });
    const tooltip = (p: { data?: { c?: Compound } }) => {
      const c = p.data?.c;
      if (!c) return '';
      return [
        `<b>${c.name}</b>`,
        c.address,
        `产权单位：${c.ownerName}`,
        `楼座 ${c.buildings} 栋，房间 ${c.rooms} 间（闲置 ${c.idleRooms}）`,
        `使用面积 ${c.usableArea.toLocaleString('zh-CN')} m²`,
        `未关闭问题 ${c.findings} 项`,
      ].join('<br/>');
    };
    const opt: EChartsOption = {
      tooltip: { trigger: 'item', formatter: tooltip as never },
      legend: { top: 0, left: 0 },
      geo: {
        map: 'shandong',
        roam: true,
        label: { show: true, color: '#8c8c8c', fontSize: 11 },
        itemStyle: { areaColor: '#f5f7fa', borderColor: '#bfbfbf' },
        emphasis: { itemStyle: { areaColor: '#e6f4ff' }, label: { color: '#595959' } },
      },
      series: [
        {
          name: '院落',
          type: 'scatter' as const,
          coordinateSystem: 'geo',
          symbolSize: (_: unknown, p: { data: { c: Compound } }) => size(p.data.c),
          itemStyle: { color: '#1677ff', opacity: 0.75 },
          data: items.filter((c) => c.findings === 0).map(point),
          z: 2,
        },
        {
          name: '有未关闭问题的院落',
          type: 'scatter' as const,
          coordinateSystem: 'geo',
          symbolSize: (_: unknown, p: { data: { c: Compound } }) => size(p.data.c),
          itemStyle: { color: '#ff4d4f', opacity: 0.85 },
          data: items.filter((c) => c.findings > 0).map(point),
          z: 3,
        },
      ],
    } as EChartsOption;
    return opt;
  }, [items]);

  const totals = useMemo(
    () =>
      (items ?? []).reduce(
        (s, c) => ({ compounds: s.compounds + 1, buildings: s.buildings + c.buildings, area: s.area + c.usableArea, findings: s.findings + c.findings }),
        { compounds: 0, buildings: 0, area: 0, findings: 0 },
      ),
    [items],
  );

  return (
    <PageContainer title="院落地图" subTitle="本范围内已登记坐标的院落；点击院落打开房产浏览">
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}><Card size="small"><Statistic title="院落" value={totals.compounds} suffix="处" /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="楼座" value={totals.buildings} suffix="栋" /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="使用面积" value={Math.round(totals.area)} suffix="m²" /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="未关闭问题" value={totals.findings} suffix="项" valueStyle={totals.findings ? { color: '#cf1322' } : undefined} /></Card></Col>
      </Row>
      {q.data?.truncated && <Alert style={{ marginBottom: 16 }} type="warning" message="院落过多，仅显示前 20,000 处" />}
      <Card size="small" loading={q.isLoading}>
        {option && items!.length > 0 ? (
          <EChart
            option={option}
            height={620}
            maps={MAPS}
            ariaLabel="院落分布图"
            onItemClick={(p) => {
              const c = (p.data as { c?: Compound } | undefined)?.c;
              if (c) navigate(`/estate/space?compoundId=${c.id}`);
            }}
          />
        ) : (
          <Empty description="本范围内没有登记坐标的院落。请在房产浏览中为院落填写经纬度。" />
        )}
      </Card>
    </PageContainer>
  );
}
