/** ECharts options for the evaluation's bar charts, in the console's dark theme. Pure (jest). */
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

export type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

export interface BarSeries {
  name: string;
  values: number[];
}

const TEXT = '#eef3f8';
const MUTED = '#aab9c9';
const LINE = '#3a4f65';
/** This period, then the previous one (dimmer). */
const COLOURS = ['#6cbcff', '#6f8aa6'];
/** The console's font (theme.css): ECharts measures label widths with it. */
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";

/**
 * Bars per label, one series or two (this period and the previous). Horizontal for long labels
 * (categories, rooms), the first label on top.
 */
export function barOption(labels: string[], series: BarSeries[], horizontal = false): ChartOption {
  const categoryAxis = {
    type: 'category' as const,
    data: labels,
    inverse: horizontal,
    axisLabel: { color: TEXT, interval: 0, ...(horizontal ? { width: 200, overflow: 'truncate' as const } : { hideOverlap: true }) },
    axisLine: { lineStyle: { color: LINE } },
    axisTick: { show: false },
  };
  const valueAxis = {
    type: 'value' as const,
    minInterval: 1,
    axisLabel: { color: MUTED },
    splitLine: { lineStyle: { color: LINE } },
  };
  return {
    animation: false,
    color: COLOURS,
    textStyle: { color: TEXT, fontFamily: FONT },
    grid: { left: 8, right: 16, top: series.length > 1 ? 32 : 12, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: series.length > 1 ? { show: true, top: 0, textStyle: { color: TEXT } } : { show: false },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: series.map((s) => ({ type: 'bar' as const, name: s.name, data: s.values, barMaxWidth: 28 })),
  };
}

/** Enough height for every bar of a horizontal chart to keep its label. */
export function barChartHeight(count: number, horizontal: boolean): number {
  return horizontal ? Math.max(160, 40 + count * 28) : 240;
}
