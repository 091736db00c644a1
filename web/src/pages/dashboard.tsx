/**
 * A campaign's dashboard: per level held of total, the deadline and the days left or past, the
 * targets met or not (all from GET /stats, as the documents print them), and the chart over time.
 */
import { useEffect, useState } from 'preact/hooks';
import { enc, getJson } from '../api.ts';
import { CampaignNav } from '../components/campaign-nav.tsx';
import { DateInput } from '../components/form.tsx';
import { HeldChart } from '../components/held-chart.tsx';
import { Alert, errorText, Loading, PageTitle } from '../components/ui.tsx';
import { daysBetween, todayInVietnam, viDate, viNumber, viPercent } from '../format.ts';
import { LEVEL_NAMES, TARGET_NAMES } from '../messages.ts';
import { loadOrganizations, type IndexedOrganization } from '../organizations-store.ts';
import { LEVELS, type Campaign, type Level, type LevelStats, type Stats } from '../types.ts';

/** Where a level stands against its deadline, in words. */
export function deadlineText(s: LevelStats, deadline: string, asOf: string): string {
  if (s.completedOn && s.daysBeforeDeadline !== undefined) {
    const d = s.daysBeforeDeadline;
    return `Hoàn thành ngày ${viDate(s.completedOn)}, ${d >= 0 ? `trước hạn ${d} ngày` : `sau hạn ${-d} ngày`}.`;
  }
  const left = daysBetween(asOf, deadline);
  if (left > 0) return `Còn ${left} ngày đến hạn.`;
  if (left === 0) return 'Hôm nay là hạn cuối.';
  return `Đã quá hạn ${-left} ngày.`;
}

function LevelCard({ level, stats, deadline, asOf }: { level: Level; stats: LevelStats; deadline: string; asOf: string }) {
  const late = !stats.completedOn && daysBetween(asOf, deadline) < 0;
  return (
    <section class={`card level${late ? ' late' : ''}`} aria-labelledby={`cap-${level}`} data-level={level}>
      <h2 id={`cap-${level}`}>{LEVEL_NAMES[level]}</h2>
      <p class="big">
        <span class="held">
          {viNumber(stats.held)}/{viNumber(stats.total)}
        </span>{' '}
        <span class="muted">đã đại hội ({viPercent(stats.heldPercent)})</span>
      </p>
      <div class="bar" aria-hidden="true">
        <span style={{ width: `${stats.heldPercent ?? 0}%` }} />
      </div>
      <p>Hạn: {viDate(deadline)}</p>
      <p class={late ? 'warn' : ''}>{deadlineText(stats, deadline, asOf)}</p>
    </section>
  );
}

export function Dashboard({ campaignId }: { campaignId: string }) {
  const [asOf, setAsOf] = useState(todayInVietnam());
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [stats, setStats] = useState<Stats | null>(null);
  const [orgs, setOrgs] = useState<IndexedOrganization[] | null>(null);
  const [loadedCount, setLoadedCount] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getJson<Campaign>(`/campaigns/${enc(campaignId)}`).then(setCampaign, (err) => setError(errorText(err)));
    loadOrganizations(campaignId, (soFar) => setLoadedCount(soFar.length)).then(setOrgs, () => setOrgs([]));
  }, [campaignId]);
  useEffect(() => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return;
    setStats(null);
    let current = true;
    // an answer for a date the person has already changed is dropped
    getJson<Stats>(`/campaigns/${enc(campaignId)}/stats?asOf=${asOf}`).then(
      (s) => current && setStats(s),
      (err) => current && setError(errorText(err)),
    );
    return () => {
      current = false;
    };
  }, [campaignId, asOf]);

  return (
    <>
      <CampaignNav campaignId={campaignId} current="" name={campaign?.name} />
      <PageTitle>Tổng quan</PageTitle>
      <div class="field inline-field">
        <label for="as-of">Số liệu tính đến ngày</label>
        <DateInput id="as-of" value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} />
      </div>
      {error && <Alert>{error}</Alert>}
      {(!stats || !campaign) && !error && <Loading />}
      {stats && campaign && (
        <>
          <div class="levels">
            {LEVELS.map((l) => (
              <LevelCard key={l} level={l} stats={stats.levels[l]} deadline={campaign.deadlines[l]} asOf={stats.asOf} />
            ))}
          </div>
          <section aria-labelledby="chi-tieu">
            <h2 id="chi-tieu">Chỉ tiêu</h2>
            {stats.targets.length === 0 ? (
              <p>Đợt đại hội chưa đặt chỉ tiêu.</p>
            ) : (
              <table class="targets">
                <thead>
                  <tr>
                    <th scope="col">Chỉ tiêu</th>
                    <th scope="col">Mục tiêu</th>
                    <th scope="col">Đạt được</th>
                    <th scope="col">Kết quả</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.targets.map((t) => {
                    const show = t.metric.endsWith('Count') ? viNumber : viPercent;
                    return (
                      <tr key={t.metric} data-metric={t.metric}>
                        <th scope="row">{TARGET_NAMES[t.metric] ?? t.metric}</th>
                        <td>{show(t.target)}</td>
                        <td>{show(t.actual)}</td>
                        <td class={t.met ? 'ok' : 'warn'}>{t.met ? '✓ Đạt' : '✗ Chưa đạt'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="bieu-do">
            <h2 id="bieu-do">Biểu đồ tiến độ</h2>
            {orgs ? (
              <HeldChart campaign={campaign} orgs={orgs} asOf={stats.asOf} />
            ) : (
              <Loading>Đang tải danh sách tổ chức ({viNumber(loadedCount)})…</Loading>
            )}
          </section>
        </>
      )}
    </>
  );
}
