/**
 * The dashboard's charts (chart.js through react-chartjs-2), only the pieces used registered.
 * A chart is an image with a short summary for screen readers; its figures are always in a
 * table next to it (charts alone fail WCAG).
 */
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartOptions } from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';
import { currentLang } from '../../i18n';
import { formatInt, formatPercent } from './format';

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, BarElement, Legend, Tooltip);

/** Colours with at least 3:1 contrast on white, told apart by dash and point shape too. */
export const COLORS = {
  blue: '#0066CC',
  green: '#00704A',
  orange: '#A85D00',
  red: '#C4001F',
  grey: '#5C6F82',
} as const;

export interface Series {
  label: string;
  data: number[];
  color: string;
  dash?: number[];
  point?: 'circle' | 'rect' | 'triangle' | 'rectRot';
}

const FONT = { family: "'Titillium Web', Geneva, Tahoma, sans-serif", size: 13 };

export function LineChart(props: { labels: string[]; series: Series[]; percent?: boolean; summary: string; testId?: string }) {
  const lang = currentLang();
  const tick = (v: number | string) => (props.percent ? formatPercent(Number(v), lang) : formatInt(Number(v), lang));
  const options: ChartOptions<'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    scales: {
      x: { ticks: { font: FONT, color: '#17324D', maxRotation: 0, autoSkip: true } },
      y: { beginAtZero: true, ...(props.percent ? { suggestedMax: 1 } : {}), ticks: { font: FONT, color: '#17324D', callback: tick, precision: props.percent ? 2 : 0 } },
    },
    plugins: {
      legend: { position: 'bottom', labels: { font: FONT, color: '#17324D', usePointStyle: true } },
      tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${tick(c.parsed.y ?? 0)}` } },
    },
  };
  return (
    <div className="mon-chart" data-testid={props.testId}>
      <Line
        role="img"
        aria-label={props.summary}
        options={options}
        data={{
          labels: props.labels,
          datasets: props.series.map((s) => ({
            label: s.label,
            data: s.data,
            borderColor: s.color,
            backgroundColor: s.color,
            borderWidth: 2,
            borderDash: s.dash ?? [],
            pointStyle: s.point ?? 'circle',
            pointRadius: props.labels.length > 40 ? 0 : 3,
            tension: 0,
          })),
        }}
      />
    </div>
  );
}

/** Calls per one-minute bin; bins past the slot length in red. */
export function HistogramChart(props: { labels: string[]; counts: number[]; beyond: boolean[]; withinLabel: string; beyondLabel: string; summary: string; testId?: string }) {
  const lang = currentLang();
  const options: ChartOptions<'bar'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    scales: {
      x: { stacked: true, ticks: { font: FONT, color: '#17324D', maxRotation: 0, autoSkip: true } },
      y: { stacked: true, beginAtZero: true, ticks: { font: FONT, color: '#17324D', precision: 0, callback: (v) => formatInt(Number(v), lang) } },
    },
    plugins: { legend: { position: 'bottom', labels: { font: FONT, color: '#17324D' } } },
  };
  return (
    <div className="mon-chart mon-chart-small" data-testid={props.testId}>
      <Bar
        role="img"
        aria-label={props.summary}
        options={options}
        data={{
          labels: props.labels,
          datasets: [
            { label: props.withinLabel, data: props.counts.map((c, i) => (props.beyond[i] ? 0 : c)), backgroundColor: COLORS.blue },
            { label: props.beyondLabel, data: props.counts.map((c, i) => (props.beyond[i] ? c : 0)), backgroundColor: COLORS.red },
          ],
        }}
      />
    </div>
  );
}
