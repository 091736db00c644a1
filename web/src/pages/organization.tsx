/** One organization of a campaign: who it is, its state, and every version it submitted. */
import { useEffect, useState } from 'preact/hooks';
import { enc, getJson } from '../api.ts';
import { CampaignNav } from '../components/campaign-nav.tsx';
import { SubmissionVersions } from '../components/submission-versions.tsx';
import { Alert, errorText, Loading, PageTitle } from '../components/ui.tsx';
import { LEVEL_NAMES, STATE_NAMES } from '../messages.ts';
import { loadOrganizations } from '../organizations-store.ts';
import { href } from '../router.ts';
import type { Organization, Submission } from '../types.ts';

export function OrganizationPage({ campaignId, organizationId }: { campaignId: string; organizationId: string }) {
  const [org, setOrg] = useState<Organization | null>(null);
  const [versions, setVersions] = useState<Submission[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadOrganizations(campaignId).then((all) => setOrg(all.find((o) => o.id === organizationId) ?? null), () => undefined);
    getJson<{ items: Submission[] }>(`/campaigns/${enc(campaignId)}/organizations/${enc(organizationId)}/submissions`).then(
      (r) => setVersions(r.items),
      (err) => setError(errorText(err)),
    );
  }, [campaignId, organizationId]);
  return (
    <>
      <CampaignNav campaignId={campaignId} current="to-chuc" />
      <p>
        <a href={href('dot', campaignId, 'to-chuc')}>‹ Danh sách tổ chức</a>
      </p>
      <PageTitle>{org?.name ?? organizationId}</PageTitle>
      {org && (
        <p>
          {LEVEL_NAMES[org.level]} · mã {org.id}
          {org.state ? ` · ${STATE_NAMES[org.state]}` : ''}
        </p>
      )}
      <h2>Các lần báo cáo</h2>
      {error && <Alert>{error}</Alert>}
      {!versions && !error && <Loading />}
      {versions && <SubmissionVersions versions={versions} />}
    </>
  );
}
