/** The office's campaigns (GET /campaigns), each leading to its dashboard. */
import { useEffect, useState } from 'preact/hooks';
import { getAll } from '../api.ts';
import { Alert, errorText, Loading, PageTitle } from '../components/ui.tsx';
import { viDate } from '../format.ts';
import { href } from '../router.ts';
import type { Campaign } from '../types.ts';

export function CampaignsPage() {
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getAll<Campaign>('/campaigns').then(setCampaigns, (err) => setError(errorText(err)));
  }, []);
  return (
    <>
      <PageTitle>Đợt đại hội</PageTitle>
      <p>
        <a class="button primary" href={href('dot-moi')}>
          Tạo đợt đại hội mới
        </a>
      </p>
      {error && <Alert>{error}</Alert>}
      {!campaigns && !error && <Loading />}
      {campaigns && campaigns.length === 0 && <p>Chưa có đợt đại hội nào. Hãy tạo đợt đầu tiên.</p>}
      {campaigns && campaigns.length > 0 && (
        <ul class="cards">
          {campaigns.map((c) => (
            <li key={c.id} class="card">
              <h2>
                <a href={href('dot', c.id)}>{c.name}</a>
              </h2>
              <p>
                {c.issuer.name} · nhiệm kỳ {c.term}
              </p>
              <p class="muted">
                Hạn: chi bộ {viDate(c.deadlines.branch)}, cơ sở {viDate(c.deadlines.grassroots)}, cấp trên cơ sở{' '}
                {viDate(c.deadlines.district)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
