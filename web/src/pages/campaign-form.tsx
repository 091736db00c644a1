/** Create or edit a campaign (PUT /campaigns/{id}): issuer, term, directive, plan, deadlines, targets, last numbers. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, enc, getJson, sendJson } from '../api.ts';
import { CampaignNav } from '../components/campaign-nav.tsx';
import { compact, count, FormProblem, Input, text, useForm, type Values } from '../components/form.tsx';
import { Alert, errorText, Loading, PageTitle } from '../components/ui.tsx';
import { problemMessage, TARGET_NAMES } from '../messages.ts';
import { go } from '../router.ts';
import { TARGET_METRICS, type Campaign } from '../types.ts';

const SYMBOLS = ['BC', 'TTr', 'CV'] as const;
const ID_PATH = '/path/campaignId';
const LEVEL_PATHS = ['/deadlines/branch', '/deadlines/grassroots', '/deadlines/district'];

function toValues(c: Campaign): Values {
  const v: Values = {
    '/name': c.name,
    '/issuer/name': c.issuer.name,
    '/issuer/code': c.issuer.code,
    '/issuer/parentName': c.issuer.parentName ?? '',
    '/issuer/place': c.issuer.place,
    '/issuer/archiveCode': c.issuer.archiveCode,
    '/term': c.term,
    '/directive/number': c.directive.number,
    '/directive/title': c.directive.title,
    '/plan/number': c.plan?.number ?? '',
    '/deadlines/branch': c.deadlines.branch,
    '/deadlines/grassroots': c.deadlines.grassroots,
    '/deadlines/district': c.deadlines.district,
  };
  for (const m of TARGET_METRICS) v[`/targets/${m}`] = c.targets[m]?.toString().replace('.', ',') ?? '';
  for (const s of SYMBOLS) v[`/lastNumbers/${s}`] = c.lastNumbers[s]?.toString() ?? '';
  return v;
}

function toBody(v: Values, loaded: Campaign | null) {
  // Settings this form does not show (e.g. the signatures each type needs) are kept as they were.
  const { id: _id, createdAt: _c, updatedAt: _u, ...kept } = (loaded ?? {}) as Campaign & { createdAt?: string; updatedAt?: string };
  const plan = text(v['/plan/number']);
  return {
    ...kept,
    name: text(v['/name']),
    issuer: compact({
      name: text(v['/issuer/name']),
      code: text(v['/issuer/code']),
      parentName: text(v['/issuer/parentName']) ?? null,
      place: text(v['/issuer/place']),
      archiveCode: text(v['/issuer/archiveCode']),
    }),
    term: text(v['/term']),
    directive: compact({ number: text(v['/directive/number']), title: text(v['/directive/title']) }),
    plan: plan ? { number: plan } : null,
    deadlines: compact({ branch: text(v['/deadlines/branch']), grassroots: text(v['/deadlines/grassroots']), district: text(v['/deadlines/district']) }),
    targets: compact(Object.fromEntries(TARGET_METRICS.map((m) => [m, count(v[`/targets/${m}`])]))),
    lastNumbers: compact(Object.fromEntries(SYMBOLS.map((s) => [s, count(v[`/lastNumbers/${s}`])]))),
  };
}

export function CampaignForm({ campaignId }: { campaignId?: string }) {
  const form = useForm({});
  const [loaded, setLoaded] = useState<Campaign | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!campaignId) return;
    getJson<Campaign>(`/campaigns/${enc(campaignId)}`).then(
      (c) => {
        setLoaded(c);
        form.prefill(toValues(c));
      },
      (err) => setLoadError(errorText(err)),
    );
  }, [campaignId]);

  const submit = async (e: Event) => {
    e.preventDefault();
    form.clear();
    setSaved(false);
    // the id is the campaign's address: the API judges its form and names it as /path/campaignId
    const id = campaignId ?? text(form.values[ID_PATH]) ?? '';
    setBusy(true);
    try {
      if (!id) throw new ApiError(400, problemMessage(400), [{ path: ID_PATH, code: 'required' }]);
      const saved = await sendJson<Campaign>('PUT', `/campaigns/${enc(id)}`, { body: toBody(form.values, loaded) });
      setLoaded(saved);
      setSaved(true);
      if (!campaignId) go('dot', id);
    } catch (err) {
      form.fail(err, ref.current);
    } finally {
      setBusy(false);
    }
  };

  if (campaignId && !loaded && !loadError) return <Loading />;
  return (
    <>
      {campaignId && <CampaignNav campaignId={campaignId} current="sua" name={loaded?.name} />}
      <PageTitle>{campaignId ? 'Thông tin đợt đại hội' : 'Tạo đợt đại hội mới'}</PageTitle>
      {loadError && <Alert>{loadError}</Alert>}
      <form ref={ref} onSubmit={submit} noValidate class="stack">
        <FormProblem form={form} />
        <fieldset>
          <legend>Đợt đại hội</legend>
          {!campaignId && (
            <Input form={form} path={ID_PATH} hint="Chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ bg-2020; dùng trong địa chỉ và tệp dữ liệu, không đổi được sau khi tạo." />
          )}
          <Input form={form} path="/name" hint="Ví dụ: Đại hội đảng bộ các cấp nhiệm kỳ 2020-2025" />
          <Input form={form} path="/term" hint="Ví dụ: 2020-2025" />
        </fieldset>
        <fieldset>
          <legend>Cơ quan ban hành</legend>
          <Input form={form} path="/issuer/name" hint="Viết hoa, ví dụ: TỈNH ỦY BẮC GIANG" />
          <Input form={form} path="/issuer/parentName" hint="Để trống nếu không có" />
          <Input form={form} path="/issuer/code" hint="Ví dụ: TU" />
          <Input form={form} path="/issuer/place" hint="Ví dụ: Bắc Giang" />
          <Input form={form} path="/issuer/archiveCode" hint="Ví dụ: VPTU" />
        </fieldset>
        <fieldset>
          <legend>Căn cứ</legend>
          <Input form={form} path="/directive/number" hint="Ví dụ: 35-CT/TW" />
          <Input form={form} path="/directive/title" multiline />
          <Input form={form} path="/plan/number" hint="Để trống nếu không có" />
        </fieldset>
        <fieldset>
          <legend>Thời hạn hoàn thành đại hội</legend>
          {LEVEL_PATHS.map((p) => (
            <Input key={p} form={form} path={p} type="date" />
          ))}
        </fieldset>
        <fieldset>
          <legend>Chỉ tiêu</legend>
          {TARGET_METRICS.map((m) => (
            <Input key={m} form={form} path={`/targets/${m}`} label={TARGET_NAMES[m]!} type="text" hint={m === 'districtConcurrentChairCount' ? 'Số đơn vị' : 'Phần trăm, để trống nếu không đặt'} inputMode="decimal" />
          ))}
        </fieldset>
        <fieldset>
          <legend>Số văn bản đã ban hành trong nhiệm kỳ (để nối tiếp số)</legend>
          {SYMBOLS.map((s) => (
            <Input key={s} form={form} path={`/lastNumbers/${s}`} type="number" />
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Đang lưu…' : campaignId ? 'Lưu thay đổi' : 'Tạo đợt đại hội'}
          </button>
        </div>
        {saved && <Alert kind="success">Đã lưu thông tin đợt đại hội.</Alert>}
      </form>
    </>
  );
}
