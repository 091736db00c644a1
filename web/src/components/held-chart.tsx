/**
 * The chart of congresses held over time: for each level, the share of its organizations whose
 * (latest) congress was held by each day, against the level's deadline. SVG drawn by hand; the
 * same figures are in a table below it for those who do not see the chart.
 */
import { viDate, viPercent } from '../format.ts';
import { LEVEL_NAMES } from '../messages.ts';
import { LEVELS, type Campaign, type Level, type Organization } from '../types.ts';

const W = 720;
const H = 300;
/** The top margin holds the three deadline labels, one row each, clear of the lines. */
const M = { left: 48, right: 16, top: 50, bottom: 32 };
/** Colours with at least 4.5:1 contrast on white, and a dash pattern each, so colour is not the only cue. */
const STYLE: Record<Level, { color: string; dash: string }> = {
  branch: { color: '#1b5e9b', dash: '' },
  grassroots: { color: '#a34100', dash: '8 4' },
  district: { color: '#2e6b30', dash: '2 3' },
};

const LEVEL_SHORT: Record<Level, string> = { branch: 'chi bộ', grassroots: 'cơ sở', district: 'cấp trên cơ sở' };

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const isoOf = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

export type Series = { level: Level; total: number; dates: string[] };

/** Per level, the sorted days of the congresses held up to `asOf`. */
export function heldSeries(orgs: Organization[], asOf: string): Series[] {
  return LEVELS.map((level) => {
    const ofLevel = orgs.filter((o) => o.level === level);
    const dates = ofLevel
      .map((o) => o.latestSubmission?.heldOn)
      .filter((d): d is string => !!d && d <= asOf)
      .sort();
    return { level, total: ofLevel.length, dates };
  });
}

/** How many of `dates` (sorted) are on or before `iso`. */
function heldBy(dates: string[], iso: string): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid]! <= iso) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const pct = (n: number, total: number) => (total ? Math.round((1000 * n) / total) / 10 : 0);

/** The first day of each month from `from` to `to` (YYYY-MM-DD). */
function monthStarts(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    m += 1;
    if (m > 12) (m = 1), (y += 1);
    const iso = `${y}-${String(m).padStart(2, '0')}-01`;
    if (iso > to) return out;
    out.push(iso);
  }
}

export function HeldChart({ campaign, orgs, asOf }: { campaign: Campaign; orgs: Organization[]; asOf: string }) {
  const series = heldSeries(orgs, asOf);
  const firstHeld = series.flatMap((s) => s.dates.slice(0, 1)).sort()[0];
  const deadlines = LEVELS.map((l) => campaign.deadlines[l]).sort();
  const from = [firstHeld ?? deadlines[0]!, isoOf(day(deadlines[0]!) - 60)].sort()[0]!;
  // Up to the last deadline, or a little after the last congress when later: a campaign looked at
  // years after its end still shows its months, not a flat line to today.
  const lastHeld = series.flatMap((s) => s.dates.slice(-1)).sort().pop();
  const end = isoOf(Math.max(day(deadlines[deadlines.length - 1]!), lastHeld ? day(lastHeld) : 0) + 15);
  const to = asOf < end ? [asOf, deadlines[deadlines.length - 1]!].sort()[1]! : end;
  const x = (iso: string) => M.left + ((day(iso) - day(from)) / Math.max(1, day(to) - day(from))) * (W - M.left - M.right);
  const y = (percent: number) => H - M.bottom - (percent / 100) * (H - M.top - M.bottom);
  const months = monthStarts(from, to);
  const every = Math.ceil(months.length / 10);
  const path = ({ total, dates }: Series) => {
    let d = `M${x(from)},${y(0)}`;
    dates.forEach((date, i) => {
      if (dates[i + 1] === date) return;
      d += `H${x(date).toFixed(1)}V${y(pct(i + 1, total)).toFixed(1)}`;
    });
    return `${d}H${x(asOf < to ? asOf : to).toFixed(1)}`;
  };
  const rows = [...new Set([...months.filter((mo) => mo <= asOf), asOf < to ? asOf : to])];
  const summary = series
    .map((s) => `${LEVEL_NAMES[s.level]}: ${s.dates.length}/${s.total} (hạn ${viDate(campaign.deadlines[s.level])})`)
    .join('; ');
  return (
    <figure class="chart">
      <figcaption id="chart-title">Tiến độ đại hội theo thời gian (tỷ lệ số tổ chức đã đại hội, cộng dồn)</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title chart-desc">
        <desc id="chart-desc">
          Đến ngày {viDate(asOf)}: {summary}. Số liệu chi tiết trong bảng dưới biểu đồ.
        </desc>
        {[0, 25, 50, 75, 100].map((p) => (
          <g key={p}>
            <line x1={M.left} x2={W - M.right} y1={y(p)} y2={y(p)} class="grid" />
            <text x={M.left - 6} y={y(p) + 4} text-anchor="end" class="axis">
              {p}%
            </text>
          </g>
        ))}
        {months.map((mo, i) =>
          i % every === 0 ? (
            <text key={mo} x={x(mo)} y={H - M.bottom + 18} text-anchor="middle" class="axis">
              {mo.slice(5, 7)}/{mo.slice(0, 4)}
            </text>
          ) : null,
        )}
        {LEVELS.map((level, i) => (
          <g key={level}>
            <line x1={x(campaign.deadlines[level])} x2={x(campaign.deadlines[level])} y1={18 + 14 * i - 12} y2={H - M.bottom} stroke={STYLE[level].color} stroke-dasharray="3 3" class="deadline" />
            <text
              x={x(campaign.deadlines[level]) + (x(campaign.deadlines[level]) > W * 0.7 ? -4 : 4)}
              y={14 + 14 * i}
              text-anchor={x(campaign.deadlines[level]) > W * 0.7 ? 'end' : 'start'}
              class="axis"
              fill={STYLE[level].color}
            >
              hạn {LEVEL_SHORT[level]} {viDate(campaign.deadlines[level])}
            </text>
          </g>
        ))}
        {series.map((s) => (
          <path key={s.level} d={path(s)} fill="none" stroke={STYLE[s.level].color} stroke-width="2.5" stroke-dasharray={STYLE[s.level].dash} />
        ))}
      </svg>
      <ul class="legend">
        {LEVELS.map((level) => (
          <li key={level}>
            <svg width="32" height="10" aria-hidden="true">
              <line x1="0" x2="32" y1="5" y2="5" stroke={STYLE[level].color} stroke-width="2.5" stroke-dasharray={STYLE[level].dash} />
            </svg>{' '}
            {LEVEL_NAMES[level]}
          </li>
        ))}
      </ul>
      <details>
        <summary>Bảng số liệu của biểu đồ</summary>
        <table>
          <caption>Số tổ chức đã đại hội, cộng dồn đến ngày</caption>
          <thead>
            <tr>
              <th scope="col">Đến ngày</th>
              {LEVELS.map((l) => (
                <th key={l} scope="col">
                  {LEVEL_NAMES[l]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((iso) => (
              <tr key={iso}>
                <th scope="row">{viDate(iso)}</th>
                {series.map((s) => {
                  const n = heldBy(s.dates, iso);
                  return (
                    <td key={s.level}>
                      {n}/{s.total} ({viPercent(pct(n, s.total))})
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
