/**
 * The planner's plots, plain SVG (printable, no canvas): each is an image with a summary for
 * screen readers, and its figures are always in a table next to it. Colours ≥ 3:1 on white,
 * series told apart by dash and marker too.
 */
import { COLORS } from './charts';

const W = 640;
const H = 260;
const M = { top: 16, right: 16, bottom: 40, left: 44 };
const IW = W - M.left - M.right;
const IH = H - M.top - M.bottom;
const INK = '#17324D';

const niceMax = (v: number) => {
  if (v <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(v));
  return Math.ceil(v / p) * p;
};

function YAxis({ max, label }: { max: number; label: string }) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f));
  return (
    <g>
      {[...new Set(ticks)].map((v) => {
        const y = M.top + IH - (v / max) * IH;
        return (
          <g key={v}>
            <line x1={M.left} x2={M.left + IW} y1={y} y2={y} stroke="#C5C7C9" strokeWidth={1} />
            <text x={M.left - 6} y={y + 4} textAnchor="end" fontSize={12} fill={INK}>{v}</text>
          </g>
        );
      })}
      <text x={12} y={M.top + IH / 2} transform={`rotate(-90 12 ${M.top + IH / 2})`} textAnchor="middle" fontSize={12} fill={INK}>{label}</text>
    </g>
  );
}

/** Handling time distribution: bars per minute, the slot length and the 90 % line drawn on it. */
export function DistributionPlot(props: {
  bins: { fromMin: number; count: number }[];
  slotMinutes: number | null;
  cover90: number | null;
  summary: string;
  slotLabel: string;
  coverLabel: string;
  xLabel: string;
  yLabel: string;
  testId?: string;
}) {
  const maxMin = Math.max(props.bins.length, (props.slotMinutes ?? 0) + 1, (props.cover90 ?? 0) + 1);
  const max = niceMax(Math.max(1, ...props.bins.map((b) => b.count)));
  const bw = IW / maxMin;
  const x = (min: number) => M.left + min * bw;
  const marker = (min: number, color: string, dash: string, label: string, row: number) => (
    <g>
      <line x1={x(min)} x2={x(min)} y1={M.top} y2={M.top + IH} stroke={color} strokeWidth={3} strokeDasharray={dash} />
      <text x={x(min) + 4} y={M.top + 12 + row * 14} fontSize={12} fill={color} fontWeight={600}>{label}</text>
    </g>
  );
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.summary} className="plan-svg" data-testid={props.testId}>
      <YAxis max={max} label={props.yLabel} />
      {props.bins.map((b) => {
        const h = (b.count / max) * IH;
        const over = props.slotMinutes !== null && b.fromMin >= props.slotMinutes;
        return <rect key={b.fromMin} x={x(b.fromMin) + 1} y={M.top + IH - h} width={Math.max(1, bw - 2)} height={h} fill={over ? COLORS.orange : COLORS.blue} />;
      })}
      {Array.from({ length: maxMin + 1 }, (_, m) => m).filter((m) => m % (maxMin > 20 ? 5 : 2) === 0).map((m) => (
        <text key={m} x={x(m)} y={M.top + IH + 16} textAnchor="middle" fontSize={12} fill={INK}>{m}</text>
      ))}
      <text x={M.left + IW / 2} y={H - 4} textAnchor="middle" fontSize={12} fill={INK}>{props.xLabel}</text>
      {props.slotMinutes !== null && marker(props.slotMinutes, COLORS.red, '0', props.slotLabel, 0)}
      {props.cover90 !== null && marker(props.cover90, COLORS.green, '6 4', props.coverLabel, 1)}
    </svg>
  );
}

const SERIES_STYLE = [
  { color: COLORS.red, dash: '0' },
  { color: COLORS.blue, dash: '8 4' },
  { color: COLORS.green, dash: '2 3' },
  { color: COLORS.orange, dash: '12 4 2 4' },
  { color: COLORS.grey, dash: '4 4' },
];

/** Lead time over the working days ahead, a line per slot-length option, the target dashed. */
export function LeadPlot(props: { series: { label: string; values: number[] }[]; target: number; targetLabel: string; summary: string; xLabel: string; yLabel: string; testId?: string }) {
  const n = Math.max(1, ...props.series.map((s) => s.values.length));
  const max = niceMax(Math.max(props.target + 1, ...props.series.flatMap((s) => s.values.map((v) => Math.min(v, 30)))));
  const x = (i: number) => M.left + (n === 1 ? IW / 2 : (i / (n - 1)) * IW);
  const y = (v: number) => M.top + IH - (Math.min(v, max) / max) * IH;
  return (
    <svg viewBox={`0 0 ${W} ${H + 20 * Math.ceil(props.series.length / 3)}`} role="img" aria-label={props.summary} className="plan-svg" data-testid={props.testId}>
      <YAxis max={max} label={props.yLabel} />
      <line x1={M.left} x2={M.left + IW} y1={y(props.target)} y2={y(props.target)} stroke={INK} strokeWidth={2} strokeDasharray="3 3" />
      <text x={M.left + IW - 4} y={y(props.target) - 4} textAnchor="end" fontSize={12} fill={INK}>{props.targetLabel}</text>
      {props.series.map((s, k) => {
        const st = SERIES_STYLE[k % SERIES_STYLE.length]!;
        return (
          <g key={s.label}>
            <polyline fill="none" stroke={st.color} strokeWidth={2.5} strokeDasharray={st.dash} points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
            {s.values.map((v, i) => <circle key={i} cx={x(i)} cy={y(v)} r={k % 2 ? 0 : 3} fill={st.color} />)}
          </g>
        );
      })}
      {Array.from({ length: n }, (_, i) => i).filter((i) => i % 5 === 0).map((i) => (
        <text key={i} x={x(i)} y={M.top + IH + 16} textAnchor="middle" fontSize={12} fill={INK}>{i + 1}</text>
      ))}
      <text x={M.left + IW / 2} y={H - 4} textAnchor="middle" fontSize={12} fill={INK}>{props.xLabel}</text>
      {props.series.map((s, k) => {
        const st = SERIES_STYLE[k % SERIES_STYLE.length]!;
        const cx = M.left + (k % 3) * 200;
        const cy = H + 12 + Math.floor(k / 3) * 20;
        return (
          <g key={`legend-${s.label}`}>
            <line x1={cx} x2={cx + 28} y1={cy} y2={cy} stroke={st.color} strokeWidth={3} strokeDasharray={st.dash} />
            <text x={cx + 34} y={cy + 4} fontSize={12} fill={INK}>{s.label}</text>
          </g>
        );
      })}
    </svg>
  );
}

/** Operators per hour: today's (grey) next to those needed (blue), per opening hour. */
export function OperatorsPlot(props: { hours: { hour: number; today: number; needed: number }[]; summary: string; todayLabel: string; neededLabel: string; yLabel: string; testId?: string }) {
  const n = Math.max(1, props.hours.length);
  const max = niceMax(Math.max(1, ...props.hours.flatMap((h) => [h.today, h.needed])));
  const gw = IW / n;
  const bar = (i: number, k: number, v: number, color: string) => {
    const h = (v / max) * IH;
    return <rect x={M.left + i * gw + 6 + k * (gw - 12) / 2} y={M.top + IH - h} width={(gw - 12) / 2 - 2} height={h} fill={color} />;
  };
  return (
    <svg viewBox={`0 0 ${W} ${H + 20}`} role="img" aria-label={props.summary} className="plan-svg" data-testid={props.testId}>
      <YAxis max={max} label={props.yLabel} />
      {props.hours.map((h, i) => (
        <g key={h.hour}>
          {bar(i, 0, h.today, COLORS.grey)}
          {bar(i, 1, h.needed, COLORS.blue)}
          <text x={M.left + i * gw + gw / 2} y={M.top + IH + 16} textAnchor="middle" fontSize={12} fill={INK}>{`${h.hour}–${h.hour + 1}`}</text>
        </g>
      ))}
      <rect x={M.left} y={H + 2} width={14} height={14} fill={COLORS.grey} />
      <text x={M.left + 20} y={H + 14} fontSize={12} fill={INK}>{props.todayLabel}</text>
      <rect x={M.left + 220} y={H + 2} width={14} height={14} fill={COLORS.blue} />
      <text x={M.left + 240} y={H + 14} fontSize={12} fill={INK}>{props.neededLabel}</text>
    </svg>
  );
}

const SCENARIO_COLORS = [COLORS.grey, COLORS.blue, COLORS.green];

/**
 * The what-if at a glance: one small plot per figure (each on its own scale; side by side on a
 * wide screen, one above the other on a phone), a bar per scenario — what happened, the replay
 * as it was, the replay with the change — with its value written on it (a missing figure is
 * written "—", no bar). One image for assistive technologies, named by `summary`.
 */
export function ScenarioBars(props: {
  scenarios: string[];
  panels: { title: string; values: (number | null)[]; format: (v: number) => string; max?: number }[];
  summary: string;
  testId?: string;
}) {
  const pw = 320;
  const ph = 240;
  const top = 44;
  const base = ph - 30;
  const ih = base - top;
  return (
    <div role="img" aria-label={props.summary} className="row g-2" data-testid={props.testId}>
      {props.panels.map((p) => {
        const max = p.max ?? Math.max(1e-9, ...p.values.map((v) => v ?? 0)) * 1.15;
        const bw = (pw - 20) / props.scenarios.length;
        return (
          <div key={p.title} className="col-12 col-sm-6">
            <svg viewBox={`0 0 ${pw} ${ph}`} className="plan-svg" aria-hidden="true" focusable="false">
              <text x={pw / 2} y={16} textAnchor="middle" fontSize={14} fontWeight={600} fill={INK}>{p.title}</text>
              <line x1={10} x2={pw - 10} y1={base} y2={base} stroke={INK} strokeWidth={1} />
              {p.values.map((v, i) => {
                const h = v === null ? 0 : Math.max(1, (Math.min(v, max) / max) * ih);
                const cx = 10 + i * bw + bw / 2;
                return (
                  <g key={i}>
                    {v !== null && <rect x={cx - bw / 2 + 6} y={base - h} width={bw - 12} height={h} fill={SCENARIO_COLORS[i % SCENARIO_COLORS.length]} />}
                    <text x={cx} y={base - h - 6} textAnchor="middle" fontSize={14} fontWeight={600} fill={INK}>{v === null ? '—' : p.format(v)}</text>
                    <text x={cx} y={base + 18} textAnchor="middle" fontSize={12} fill={INK}>{props.scenarios[i]}</text>
                  </g>
                );
              })}
            </svg>
          </div>
        );
      })}
    </div>
  );
}
