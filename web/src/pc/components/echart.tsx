// The one ECharts host of the admin web: initialises on mount, follows option changes and the container's size,
// disposes on unmount. ECharts is imported on demand so pages without charts do not load it. Pages that draw on a
// map pass `maps` (name → GeoJSON loader); they are registered before the first option is set.
import { useEffect, useRef } from 'react';
import type { EChartsOption, ECharts } from 'echarts';

export interface EChartProps {
  option: EChartsOption;
  height?: number;
  /** Clicks on a data item (series index, data index, the item's `value`/`name`). */
  onItemClick?: (params: { seriesIndex?: number; dataIndex: number; name: string; data: unknown }) => void;
  ariaLabel?: string;
  maps?: Record<string, () => Promise<unknown>>;
  /**
   * Merge option changes into the chart instead of replacing it, so that a map keeps the user's zoom and pan while
   * its data refreshes (series are matched by id or position).
   */
  merge?: boolean;
  /** The chart instance once it exists (null on unmount), for pages that follow roam events or convert coordinates. */
  onChart?: (chart: ECharts | null) => void;
}

export function EChart({ option, height = 300, onItemClick, ariaLabel, maps, merge = false, onChart }: EChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;
  // the option of the latest render: the chart may be created after a few of them (ECharts loads on demand)
  const optionRef = useRef(option);
  optionRef.current = option;
  const chartRef = useRef(onChart);
  chartRef.current = onChart;

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('echarts').then(async (echarts) => {
      for (const [name, load] of Object.entries(maps ?? {}))
        if (!echarts.getMap(name)) echarts.registerMap(name, (await load()) as never);
      if (disposed || !host.current) return;
      const c = echarts.init(host.current, undefined, { renderer: 'canvas' });
      chart.current = c;
      c.setOption(optionRef.current);
      c.on('click', (p) => clickRef.current?.(p as never));
      chartRef.current?.(c);
      if (typeof ResizeObserver === 'function') {
        observer = new ResizeObserver(() => c.resize());
        observer.observe(host.current);
      }
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
      chartRef.current?.(null);
    };
    // created once; option changes are applied by the effect below
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: !merge, lazyUpdate: merge });
  }, [option, merge]);

  return <div ref={host} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />;
}
