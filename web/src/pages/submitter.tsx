/**
 * The organization's view (a submitter key): the form of its congress result with every field of
 * CONTRACT §3, the API's refusals in Vietnamese beside their fields, and its earlier versions.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { enc, getJson, sendJson } from '../api.ts';
import { compact, count, FormProblem, Input, lines, Select, text, useForm, type Values } from '../components/form.tsx';
import { SubmissionVersions } from '../components/submission-versions.tsx';
import { Alert, errorText, Loading, PageTitle, YesNo } from '../components/ui.tsx';
import { CONCURRENT_ROLE_NAMES } from '../messages.ts';
import type { Campaign, Me, Submission } from '../types.ts';

const bool = (v: string | undefined) => (v === 'true' ? true : v === 'false' ? false : undefined);

export function submissionBody(organizationId: string, v: Values) {
  const direct = bool(v['/secretary/electedDirectly']);
  return compact({
    organizationId,
    congress: compact({
      heldOn: text(v['/congress/heldOn']),
      delegatesElected: count(v['/congress/delegatesElected']),
      delegatesAttended: count(v['/congress/delegatesAttended']),
    }),
    secretary: compact({
      fullName: text(v['/secretary/fullName']),
      electedDirectly: direct,
      votes: direct ? compact({ for: count(v['/secretary/votes/for']), valid: count(v['/secretary/votes/valid']) }) : undefined,
      isLocal: bool(v['/secretary/isLocal']),
      concurrentRole: v['/secretary/concurrentRole'] || null,
    }),
    committeeSize: count(v['/committeeSize']),
    recommendations: lines(v['/recommendations']).length ? lines(v['/recommendations']) : undefined,
    notes: text(v['/notes']),
  });
}

/** The form starts from the latest version, so that a correction changes only what was wrong. */
function valuesOf(s: Submission): Values {
  const str = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    '/congress/heldOn': s.congress.heldOn,
    '/congress/delegatesElected': str(s.congress.delegatesElected),
    '/congress/delegatesAttended': str(s.congress.delegatesAttended),
    '/secretary/fullName': s.secretary.fullName,
    '/secretary/electedDirectly': String(s.secretary.electedDirectly),
    '/secretary/votes/for': str(s.secretary.votes?.for),
    '/secretary/votes/valid': str(s.secretary.votes?.valid),
    '/secretary/isLocal': String(s.secretary.isLocal),
    '/secretary/concurrentRole': s.secretary.concurrentRole ?? '',
    '/committeeSize': str(s.committeeSize),
    '/recommendations': (s.recommendations ?? []).join('\n'),
    '/notes': s.notes ?? '',
  };
}

export function SubmitterHome({ me }: { me: Me }) {
  const campaignId = me.campaignId ?? '';
  const organizationId = me.organizationId ?? '';
  const form = useForm({});
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [versions, setVersions] = useState<Submission[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Submission | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLFormElement>(null);

  const loadVersions = () =>
    getJson<{ items: Submission[] }>(`/campaigns/${enc(campaignId)}/organizations/${enc(organizationId)}/submissions`).then(
      (r) => {
        setVersions(r.items);
        return r.items;
      },
      (err) => {
        setError(errorText(err));
        return [] as Submission[];
      },
    );
  useEffect(() => {
    getJson<Campaign>(`/campaigns/${enc(campaignId)}`).then(setCampaign, (err) => setError(errorText(err)));
    void loadVersions().then((items) => items[0] && form.prefill(valuesOf(items[0])));
  }, [campaignId, organizationId]);

  const submit = async (e: Event) => {
    e.preventDefault();
    form.clear();
    setSaved(null);
    setBusy(true);
    try {
      const stored = await sendJson<Submission>('POST', `/campaigns/${enc(campaignId)}/submissions`, {
        body: submissionBody(organizationId, form.values),
      });
      setSaved(stored);
      void loadVersions();
      requestAnimationFrame(() => document.getElementById('da-ghi-nhan')?.focus());
    } catch (err) {
      form.fail(err, ref.current);
    } finally {
      setBusy(false);
    }
  };

  const v = form.values;
  const yesNo = (path: string, legend: string) => (
    <YesNo name={`f${path.replace(/\//g, '-')}`} legend={legend} value={bool(v[path])} onChange={(b) => form.set(path, String(b))} error={form.errors[path]} />
  );
  return (
    <>
      <PageTitle>Báo cáo kết quả đại hội</PageTitle>
      <p>
        {me.label ?? organizationId}
        {campaign ? ` · ${campaign.name} · ${campaign.issuer.name}` : ''}
      </p>
      {error && <Alert>{error}</Alert>}
      {saved && (
        <div id="da-ghi-nhan" tabIndex={-1}>
          <Alert kind="success">Đã ghi nhận báo cáo lần {saved.version}. Cảm ơn đồng chí.</Alert>
        </div>
      )}
      <form ref={ref} onSubmit={submit} noValidate class="stack card">
        <FormProblem form={form} />
        <fieldset>
          <legend>Đại hội</legend>
          <Input form={form} path="/congress/heldOn" type="date" />
          <div class="row">
            <Input form={form} path="/congress/delegatesElected" type="number" />
            <Input form={form} path="/congress/delegatesAttended" type="number" />
          </div>
        </fieldset>
        <fieldset>
          <legend>Bí thư</legend>
          <Input form={form} path="/secretary/fullName" />
          {yesNo('/secretary/electedDirectly', 'Bí thư được bầu trực tiếp tại đại hội?')}
          {v['/secretary/electedDirectly'] === 'true' && (
            <fieldset class={form.errors['/secretary/votes'] ? 'field-invalid' : ''}>
              <legend>Kết quả bầu bí thư</legend>
              <div class="row">
                <Input form={form} path="/secretary/votes/for" type="number" />
                <Input form={form} path="/secretary/votes/valid" type="number" />
              </div>
              {form.errors['/secretary/votes'] && <span class="field-error">{form.errors['/secretary/votes']}</span>}
            </fieldset>
          )}
          {yesNo('/secretary/isLocal', 'Bí thư là người địa phương?')}
          <Select
            form={form}
            path="/secretary/concurrentRole"
            options={[['', 'Không kiêm nhiệm'], ...(Object.entries(CONCURRENT_ROLE_NAMES) as [string, string][])]}
          />
        </fieldset>
        <fieldset>
          <legend>Khác</legend>
          <Input form={form} path="/committeeSize" type="number" />
          <Input form={form} path="/recommendations" multiline hint="Mỗi dòng một kiến nghị" />
          <Input form={form} path="/notes" multiline />
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Đang gửi…' : 'Gửi báo cáo'}
          </button>
        </div>
      </form>
      <section aria-labelledby="cac-lan">
        <h2 id="cac-lan">Các lần đã báo cáo</h2>
        {!versions && !error && <Loading />}
        {versions && <SubmissionVersions versions={versions} />}
      </section>
    </>
  );
}
