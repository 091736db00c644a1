/**
 * A campaign's official documents: the order form shows the draft (POST …/documents:preview)
 * before anything is numbered; "Phát hành" orders exactly what was previewed; the list follows
 * the status live, downloads, and recalls with a reason.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { downloadDocument, enc, getBlob, getJson, sendJson } from '../api.ts';
import { CampaignNav } from '../components/campaign-nav.tsx';
import { compact, FormProblem, Input, lines, Select, text, useForm, type Values } from '../components/form.tsx';
import { Cell, RecordTable, Row, RowHeader } from '../components/record-table.tsx';
import { Alert, ConfirmDialog, errorText, Field, Loading, PageTitle } from '../components/ui.tsx';
import { todayInVietnam, viDate, viDateTime } from '../format.ts';
import { AWAITING_SIGNATURE_NAMES, DOCUMENT_STATUS_NAMES, DOCUMENT_TYPE_NAMES } from '../messages.ts';
import type { DocumentView } from '../types.ts';

const POLL_MS = 1500;

const COLUMNS = { number: 'Số', type: 'Loại', issued: 'Ngày ban hành', status: 'Trạng thái', actions: 'Thao tác' } as const;

function requestBody(v: Values) {
  const type = v['/type'];
  return compact({
    type,
    issuedOn: text(v['/issuedOn']),
    asOf: text(v['/asOf']) ?? null,
    subject: text(v['/subject']) ?? null,
    addressees: lines(v['/addressees']),
    recipients: lines(v['/recipients']),
    signer: compact({ capacity: text(v['/signer/capacity']), title: text(v['/signer/title']), fullName: text(v['/signer/fullName']) }),
    proposal: type === 'proposal' ? compact({ subject: text(v['/proposal/subject']), request: text(v['/proposal/request']) }) : null,
  });
}

function OrderForm({ campaignId, onOrdered }: { campaignId: string; onOrdered: (d: DocumentView) => void }) {
  const today = todayInVietnam();
  const form = useForm({ '/type': 'report', '/issuedOn': today, '/asOf': today, '/signer/capacity': 'T/M BAN THƯỜNG VỤ', '/signer/title': 'BÍ THƯ' });
  const [preview, setPreview] = useState<{ url: string; body: string; idempotencyKey: string } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'order' | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  const body = JSON.stringify(requestBody(form.values));
  const previewIsCurrent = preview?.body === body;
  useEffect(() => () => preview && URL.revokeObjectURL(preview.url), [preview]);

  const showPreview = async (e: Event) => {
    e.preventDefault();
    form.clear();
    setBusy('preview');
    try {
      const pdf = await getBlob('POST', `/campaigns/${enc(campaignId)}/documents:preview`, { body: JSON.parse(body) });
      setPreview({ url: URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' })), body, idempotencyKey: crypto.randomUUID() });
    } catch (err) {
      setPreview(null);
      form.fail(err, ref.current);
    } finally {
      setBusy(null);
    }
  };

  const order = async () => {
    if (!preview || !previewIsCurrent) return;
    setBusy('order');
    try {
      // One idempotency key per preview: a second click orders nothing new.
      const doc = await sendJson<DocumentView>('POST', `/campaigns/${enc(campaignId)}/documents`, {
        body: JSON.parse(preview.body),
        headers: { 'idempotency-key': preview.idempotencyKey },
      });
      setPreview(null);
      onOrdered(doc);
    } catch (err) {
      form.fail(err, ref.current);
    } finally {
      setBusy(null);
    }
  };

  const type = form.values['/type'];
  return (
    <section class="card" aria-labelledby="lap-van-ban">
      <h2 id="lap-van-ban">Lập văn bản</h2>
      <form ref={ref} onSubmit={showPreview} noValidate class="stack">
        <FormProblem form={form} />
        <Select form={form} path="/type" options={Object.entries(DOCUMENT_TYPE_NAMES)} />
        <div class="row">
          <Input form={form} path="/issuedOn" type="date" />
          <Input form={form} path="/asOf" type="date" hint="Mặc định là ngày ban hành" />
        </div>
        <Input form={form} path="/subject" hint={type === 'letter' ? 'Dòng V/v của công văn' : 'Để trống để dùng trích yếu mặc định'} />
        <div class="row">
          <Input form={form} path="/addressees" multiline hint="Mỗi dòng một nơi" />
          <Input form={form} path="/recipients" multiline hint="Mỗi dòng một nơi; dòng lưu văn phòng được thêm tự động" />
        </div>
        <fieldset>
          <legend>Người ký</legend>
          <div class="row">
            <Input form={form} path="/signer/capacity" hint="Ví dụ: T/M BAN THƯỜNG VỤ" />
            <Input form={form} path="/signer/title" hint="Ví dụ: BÍ THƯ" />
            <Input form={form} path="/signer/fullName" />
          </div>
        </fieldset>
        {type === 'proposal' && (
          <fieldset>
            <legend>Nội dung tờ trình</legend>
            <Input form={form} path="/proposal/subject" hint="Ví dụ: về việc thí điểm bầu trực tiếp Bí thư …" />
            <Input form={form} path="/proposal/request" multiline />
          </fieldset>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy !== null}>
            {busy === 'preview' ? 'Đang tạo bản xem trước…' : 'Xem trước'}
          </button>
          <button type="button" disabled={!previewIsCurrent || busy !== null} onClick={order} aria-describedby="phat-hanh-hint">
            {busy === 'order' ? 'Đang phát hành…' : 'Phát hành'}
          </button>
          <span class="hint" id="phat-hanh-hint">
            {previewIsCurrent ? 'Phát hành đúng bản đã xem trước; văn bản được lấy số khi phát hành.' : 'Hãy xem trước; chỉ phát hành được bản đã xem.'}
          </span>
        </div>
      </form>
      {preview && (
        <div class="preview">
          <h3>Bản xem trước (dự thảo, chưa có số)</h3>
          <p>
            <a href={preview.url} download="du-thao.pdf">
              Tải bản xem trước (PDF)
            </a>
          </p>
          <iframe src={preview.url} title="Bản xem trước của văn bản" />
        </div>
      )}
    </section>
  );
}

function RecallDialog({ doc, onClose, onRecalled }: { doc: DocumentView | null; onClose: () => void; onRecalled: (d: DocumentView) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    if (!doc) return;
    if (!reason.trim()) {
      setError('Hãy ghi lý do thu hồi.');
      document.getElementById('ly-do')?.focus();
      return;
    }
    try {
      onRecalled(await sendJson<DocumentView>('POST', `/documents/${enc(doc.id)}:recall`, { body: { reason: reason.trim() } }));
      setReason('');
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <ConfirmDialog title={`Thu hồi văn bản số ${doc?.number ?? ''}`} open={doc !== null} onClose={onClose} confirmLabel="Thu hồi" onConfirm={confirm}>
      <p>Văn bản bị thu hồi vẫn giữ số và tệp lưu trữ; trang kiểm tra mã QR sẽ báo đã thu hồi.</p>
      <Field id="ly-do" label="Lý do thu hồi" path="/reason" errors={error ? { '/reason': error } : {}}>
        {(a11y) => <textarea {...a11y} rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
    </ConfirmDialog>
  );
}

export function DocumentsPage({ campaignId }: { campaignId: string }) {
  const [docs, setDocs] = useState<DocumentView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [recalling, setRecalling] = useState<DocumentView | null>(null);

  const refresh = () =>
    getJson<{ items: DocumentView[] }>(`/campaigns/${enc(campaignId)}/documents?limit=100`).then(
      (r) => setDocs(r.items),
      (err) => setError(errorText(err)),
    );
  useEffect(() => void refresh(), [campaignId]);
  const pending = docs?.some((d) => d.status === 'queued' || d.status === 'rendering' || d.awaitingSignature === 'organization');
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [pending]);

  const download = async (d: DocumentView) => {
    setError(null);
    try {
      await downloadDocument(d.id);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <>
      <CampaignNav campaignId={campaignId} current="van-ban" />
      <PageTitle>Văn bản</PageTitle>
      <OrderForm
        campaignId={campaignId}
        onOrdered={(d) => {
          setNotice(`Đã phát hành văn bản số ${d.number}; tệp đang được tạo.`);
          void refresh();
        }}
      />
      <section aria-labelledby="danh-sach-van-ban">
        <h2 id="danh-sach-van-ban">Văn bản đã phát hành</h2>
        {notice && <Alert kind="success">{notice}</Alert>}
        {error && <Alert>{error}</Alert>}
        {!docs && !error && <Loading />}
        {docs && docs.length === 0 && <p>Chưa có văn bản nào.</p>}
        {docs && docs.length > 0 && (
          <RecordTable name="documents" columns={COLUMNS}>
            {docs.map((d) => (
              <Row key={d.id} data-document={d.id}>
                <RowHeader label={COLUMNS.number}>{d.number}</RowHeader>
                <Cell label={COLUMNS.type}>{DOCUMENT_TYPE_NAMES[d.type]}</Cell>
                <Cell label={COLUMNS.issued}>{viDate(d.issuedOn)}</Cell>
                <Cell label={COLUMNS.status} aria-live="polite" class={`status status-${d.status}`}>
                  {DOCUMENT_STATUS_NAMES[d.status] ?? d.status}
                  {d.status === 'failed' && d.error ? `: ${d.error}` : ''}
                  {d.status === 'ready' && d.awaitingSignature && (
                    <span class="muted"> ({AWAITING_SIGNATURE_NAMES[d.awaitingSignature]})</span>
                  )}
                  {d.status === 'ready' && !d.awaitingSignature && d.signatures?.length ? (
                    <span class="muted"> (đã ký số: {d.signatures.map((sig) => sig.signer).join(', ')})</span>
                  ) : null}
                  {d.status === 'recalled' && (
                    <span class="muted">
                      {' '}
                      ngày {viDateTime(d.recalledAt)}. Lý do: {d.recallReason}
                    </span>
                  )}
                </Cell>
                <Cell label={COLUMNS.actions} class="actions">
                  {(d.status === 'ready' || d.status === 'recalled') && (
                    <button type="button" onClick={() => download(d)} aria-label={`Tải về văn bản số ${d.number}`}>
                      Tải về
                    </button>
                  )}
                  {d.status === 'ready' && (
                    <button type="button" class="danger" onClick={() => setRecalling(d)} aria-label={`Thu hồi văn bản số ${d.number}`}>
                      Thu hồi
                    </button>
                  )}
                </Cell>
              </Row>
            ))}
          </RecordTable>
        )}
      </section>
      <RecallDialog
        doc={recalling}
        onClose={() => setRecalling(null)}
        onRecalled={(d) => {
          setRecalling(null);
          setNotice(`Đã thu hồi văn bản số ${d.number}.`);
          void refresh();
        }}
      />
    </>
  );
}
