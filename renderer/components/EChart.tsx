import { useEffect, useRef, type JSX } from 'react';
import { init, type ECharts } from '../charts/echarts.ts';
import { optionSize, type ChartOption } from '../charts/options.ts';

interface EChartProps {
  option: ChartOption;
  height: number;
  /** Accessible name of the chart (the panel title). */
  label: string;
}

/**
 * The one ECharts wrapper: creates the chart on mount, replaces its option when it changes, follows the size of
 * its box and disposes of the chart on unmount. data-series / data-points say what is drawn.
 */
export function EChart({ option, height, label }: EChartProps): JSX.Element {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = init(element, null, { renderer: 'canvas' });
    chart.current = instance;
    // Resizing inside the observer callback can trigger another observation in the same frame.
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => instance.resize());
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  const size = optionSize(option);
  return <div ref={container} className="echart" style={{ height }} role="img" aria-label={label} data-series={size.series} data-points={size.points} />;
}
