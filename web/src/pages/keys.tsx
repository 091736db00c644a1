/**
 * Access keys: issue one (its secret shown this once, with a copy button and, for an
 * organization, the sign-in link to send it), list them (no secrets), revoke.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { enc, getAll, sendJson } from '../api.ts';
import { compact, FormProblem, Input, Select, text, useForm } from '../components/form.tsx';
import { Cell, RecordTable, Row, RowHeader } from '../components/record-table.tsx';
import { Alert, ConfirmDialog, CopyButton, errorText, Loading, PageTitle } from '../components/ui.tsx';
import { viDateTime } from '../format.ts';
import { ROLE_NAMES } from '../messages.ts';
import { currentRoute } from '../router.ts';
import { signInLink } from '../session.ts';
import type { KeyView } from '../types.ts';

type Issued = KeyView & { key: string };

const COLUMNS = { label: 'Ghi chú', role: 'Vai trò', scope: 'Đợt / tổ chức', created: 'Cấp lúc', state: 'Trạng thái' } as const;

function IssuedKey({ issued }: { issued: Issued }) {
  const link = signInLink(location.origin, issued.key);
  return (
    <Alert kind="success">
      <p>
        <strong>Đã cấp khóa{issued.label ? ` cho ${issued.label}` : ''}.</strong> Khóa chỉ hiện một lần này: hãy sao chép và gửi
        ngay qua kênh an toàn.
      </p>
      <p class="secret">
        <code id="khoa-moi">{issued.key}</code> <CopyButton text={issued.key} label="Sao chép khóa" />
      </p>
      {issued.role === 'submitter' && (
        <p class="secret">
          Đường liên kết đăng nhập: <code id="lien-ket-moi">{link}</code> <CopyButton text={link} label="Sao chép đường liên kết" />
        </p>
      )}
    </Alert>
  );
}

export function KeysPage() {
  const preset = currentRoute().query;
  const form = useForm({
    '/role': preset.get('to-chuc') ? 'submitter' : 'secretariat',
    '/campaignId': preset.get('dot') ?? '',
    '/organizationId': preset.get('to-chuc') ?? '',
    '/label': '',
  });
  const [keys, setKeys] = useState<KeyView[] | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<KeyView | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  const refresh = () => getAll<KeyView>('/keys').then(setKeys, (err) => setError(errorText(err)));
  useEffect(() => void refresh(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    form.clear();
    setIssued(null);
    const v = form.values;
    try {
      const body = compact({
        role: v['/role'],
        campaignId: text(v['/campaignId']),
        organizationId: v['/role'] === 'submitter' ? text(v['/organizationId']) : undefined,
        label: text(v['/label']),
      });
      setIssued(await sendJson<Issued>('POST', '/keys', { body }));
      void refresh();
    } catch (err) {
      form.fail(err, ref.current);
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    try {
      await sendJson('DELETE', `/keys/${enc(revoking.id)}`);
      setRevoking(null);
      void refresh();
    } catch (err) {
      setRevoking(null);
      setError(errorText(err));
    }
  };

  return (
    <>
      <PageTitle>Khóa truy cập</PageTitle>
      <section class="card" aria-labelledby="cap-khoa">
        <h2 id="cap-khoa">Cấp khóa mới</h2>
        <form ref={ref} onSubmit={submit} noValidate class="stack">
          <FormProblem form={form} />
          <Select form={form} path="/role" options={[['submitter', 'Tổ chức báo cáo (chỉ báo cáo của một tổ chức)'], ['secretariat', 'Văn phòng (toàn bộ đợt đại hội)']]} />
          <Input form={form} path="/campaignId" label="Mã đợt đại hội" hint={form.values['/role'] === 'secretariat' ? 'Để trống: mọi đợt đại hội' : 'Ví dụ: bg-2020'} />
          {form.values['/role'] === 'submitter' && <Input form={form} path="/organizationId" label="Mã tổ chức" hint="Xem ở trang của tổ chức" />}
          <Input form={form} path="/label" hint="Để nhận ra khóa trong danh sách, ví dụ: Đảng bộ xã …" />
          <div class="actions">
            <button type="submit" class="primary">
              Cấp khóa
            </button>
          </div>
        </form>
        {issued && <IssuedKey issued={issued} />}
      </section>
      <section aria-labelledby="danh-sach-khoa">
        <h2 id="danh-sach-khoa">Các khóa đã cấp</h2>
        {error && <Alert>{error}</Alert>}
        {!keys && !error && <Loading />}
        {keys && (
          <RecordTable name="keys" columns={COLUMNS}>
            {keys.map((k) => (
              <Row key={k.id}>
                <RowHeader label={COLUMNS.label}>{k.label ?? k.id}</RowHeader>
                <Cell label={COLUMNS.role}>{ROLE_NAMES[k.role]}</Cell>
                <Cell label={COLUMNS.scope}>{[k.campaignId ?? 'mọi đợt', k.organizationId].filter(Boolean).join(' / ')}</Cell>
                <Cell label={COLUMNS.created}>{viDateTime(k.createdAt)}</Cell>
                <Cell label={COLUMNS.state}>
                  {k.revokedAt ? (
                    `Đã thu hồi ${viDateTime(k.revokedAt)}`
                  ) : (
                    <button type="button" class="danger" onClick={() => setRevoking(k)} aria-label={`Thu hồi khóa ${k.label ?? k.id}`}>
                      Thu hồi
                    </button>
                  )}
                </Cell>
              </Row>
            ))}
          </RecordTable>
        )}
      </section>
      <ConfirmDialog title="Thu hồi khóa" open={revoking !== null} onClose={() => setRevoking(null)} confirmLabel="Thu hồi khóa" onConfirm={revoke}>
        <p>
          Khóa “{revoking?.label ?? revoking?.id}” sẽ không dùng được nữa, ngay lập tức. Không hoàn tác được.
        </p>
      </ConfirmDialog>
    </>
  );
}
