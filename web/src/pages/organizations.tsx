/**
 * The organizations of a campaign with their state, filtered by level and state and searched
 * with or without diacritics. All are loaded once; a page of 50 rows is drawn, so 10,000 stay quick.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { enc, getJson } from '../api.ts';
import { CampaignNav } from '../components/campaign-nav.tsx';
import { Cell, RecordTable, Row } from '../components/record-table.tsx';
import { Alert, errorText, Loading, PageTitle } from '../components/ui.tsx';
import { viDate, viNumber } from '../format.ts';
import { LEVEL_NAMES, STATE_NAMES } from '../messages.ts';
import { loadOrganizations, type IndexedOrganization } from '../organizations-store.ts';
import { href } from '../router.ts';
import { filterOrganizations } from '../search.ts';
import { LEVELS, type Campaign } from '../types.ts';

const PAGE = 50;

const COLUMNS = { name: 'Tên tổ chức', level: 'Cấp', parent: 'Trực thuộc', state: 'Trạng thái', held: 'Ngày đại hội' } as const;

export function OrganizationsPage({ campaignId }: { campaignId: string }) {
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [orgs, setOrgs] = useState<IndexedOrganization[] | null>(null);
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [level, setLevel] = useState('');
  const [state, setState] = useState('');
  const [page, setPage] = useState(0);

  useEffect(() => {
    getJson<Campaign>(`/campaigns/${enc(campaignId)}`).then(setCampaign, () => undefined);
    // the first page is listed at once; the others join it as they arrive
    loadOrganizations(campaignId, setOrgs).then(
      (all) => {
        setOrgs(all.slice());
        setComplete(true);
      },
      (err) => setError(errorText(err)),
    );
  }, [campaignId]);

  const found = useMemo(() => (orgs ? filterOrganizations(orgs, query, level, state) : []), [orgs, query, level, state]);
  const pages = Math.max(1, Math.ceil(found.length / PAGE));
  const shown = found.slice(page * PAGE, page * PAGE + PAGE);
  const names = useMemo(() => new Map(orgs?.map((o) => [o.id, o.name])), [orgs]);
  const filter = (set: (v: string) => void) => (e: Event) => {
    set((e.currentTarget as HTMLInputElement).value);
    setPage(0);
  };

  return (
    <>
      <CampaignNav campaignId={campaignId} current="to-chuc" name={campaign?.name} />
      <PageTitle>Tổ chức đảng</PageTitle>
      {error && <Alert>{error}</Alert>}
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="tim">Tìm theo tên</label>
          <input id="tim" type="search" value={query} onInput={filter(setQuery)} aria-describedby="tim-hint" autoComplete="off" />
          <span class="hint" id="tim-hint">
            Gõ có dấu hoặc không dấu, ví dụ: bach dang
          </span>
        </div>
        <div class="field">
          <label for="loc-cap">Cấp</label>
          <select id="loc-cap" value={level} onChange={filter(setLevel)}>
            <option value="">Tất cả các cấp</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {LEVEL_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="loc-trang-thai">Trạng thái</label>
          <select id="loc-trang-thai" value={state} onChange={filter(setState)}>
            <option value="">Tất cả</option>
            {Object.entries(STATE_NAMES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </form>
      {!orgs && !error && <Loading>Đang tải danh sách tổ chức…</Loading>}
      {orgs && (
        <>
          <p role="status" class="result-count">
            {query || level || state ? `Tìm thấy ${viNumber(found.length)} trên ${viNumber(orgs.length)} tổ chức` : `${viNumber(orgs.length)} tổ chức`}
            {complete ? '.' : ' (đang tải tiếp…)'}
          </p>
          {shown.length > 0 && (
            <RecordTable name="organizations" columns={COLUMNS}>
              {shown.map((o) => (
                <Row key={o.id}>
                  <Cell label={COLUMNS.name}>
                    <a href={href('dot', campaignId, 'to-chuc', o.id)}>{o.name}</a>
                  </Cell>
                  <Cell label={COLUMNS.level}>{LEVEL_NAMES[o.level]}</Cell>
                  <Cell label={COLUMNS.parent}>{o.parentId ? (names.get(o.parentId) ?? o.parentId) : '—'}</Cell>
                  <Cell label={COLUMNS.state}>
                    <span class={`state state-${o.state ?? 'unknown'}`}>{o.state ? STATE_NAMES[o.state] : '—'}</span>
                  </Cell>
                  <Cell label={COLUMNS.held}>
                    {o.latestSubmission ? `${viDate(o.latestSubmission.heldOn)} (lần ${o.latestSubmission.version})` : '—'}
                  </Cell>
                </Row>
              ))}
            </RecordTable>
          )}
          {pages > 1 && (
            <nav class="pager" aria-label="Trang kết quả">
              <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
                ‹ Trang trước
              </button>
              <span>
                Trang {page + 1}/{pages}
              </span>
              <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                Trang sau ›
              </button>
            </nav>
          )}
        </>
      )}
    </>
  );
}
