/**
 * Data in and out of a campaign: the list of organizations (JSON), submissions from a CSV file
 * with the result of every row, the CSV template, and the export of the latest submissions.
 */
import { useRef, useState } from 'preact/hooks';
import { ApiError, enc, getBlob, sendJson } from '../api.ts';
import { CampaignNav } from '../components/campaign-nav.tsx';
import { FileField } from '../components/form.tsx';
import { Cell, RecordTable, Row, RowHeader } from '../components/record-table.tsx';
import { Alert, errorText, PageTitle, saveBlob } from '../components/ui.tsx';
import { viNumber } from '../format.ts';
import { splitCsv } from '../../../functions/core/csv-chunks.ts';
import { fieldLabel, fieldMessage, type FieldError } from '../messages.ts';
import { forgetOrganizations } from '../organizations-store.ts';

type RowResult = { row: number; id?: string; version?: number; errors?: FieldError[] };

/** The organizations endpoint takes at most this many at once. */
const ORGANIZATIONS_PER_REQUEST = 1000;

const RESULT_COLUMNS = { row: 'Dòng', column: 'Cột', result: 'Kết quả' } as const;

function ImportResults({ results }: { results: RowResult[] }) {
  const refused = results.filter((r) => r.errors?.length);
  return (
    <section aria-labelledby="ket-qua-nhap">
      <h3 id="ket-qua-nhap">Kết quả nhập</h3>
      <p role="status">
        Đã lưu {viNumber(results.length - refused.length)} dòng
        {refused.length ? `, ${viNumber(refused.length)} dòng bị từ chối (sửa trong tệp rồi nhập lại những dòng đó)` : ''}.
      </p>
      <RecordTable name="import-results" columns={RESULT_COLUMNS}>
        {results.flatMap((r) =>
          r.errors?.length ? (
            r.errors.map((e, i) => (
              <Row key={`${r.row}-${i}`} class="refused" data-row={r.row}>
                <RowHeader label={RESULT_COLUMNS.row}>{`Dòng ${r.row} (dòng ${r.row + 1} của tệp)`}</RowHeader>
                <Cell label={RESULT_COLUMNS.column}>{e.column ? `${e.column} (${fieldLabel(e.path)})` : fieldLabel(e.path)}</Cell>
                <Cell label={RESULT_COLUMNS.result}>Bị từ chối: {fieldMessage(e)}</Cell>
              </Row>
            ))
          ) : (
            <Row key={r.row} data-row={r.row}>
              <RowHeader label={RESULT_COLUMNS.row}>{`Dòng ${r.row} (dòng ${r.row + 1} của tệp)`}</RowHeader>
              <Cell label={RESULT_COLUMNS.column}>—</Cell>
              <Cell label={RESULT_COLUMNS.result}>Đã lưu, báo cáo lần {r.version}</Cell>
            </Row>
          ),
        )}
      </RecordTable>
    </section>
  );
}

export function DataPage({ campaignId }: { campaignId: string }) {
  const [results, setResults] = useState<RowResult[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const csvInput = useRef<HTMLInputElement>(null);
  const orgInput = useRef<HTMLInputElement>(null);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ kind: 'success', text: await work() });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  const importCsv = (e: Event) => {
    e.preventDefault();
    const file = csvInput.current?.files?.[0];
    if (!file) return setMessage({ kind: 'error', text: 'Hãy chọn tệp CSV cần nhập.' });
    setResults(null);
    void run(async () => {
      const all: RowResult[] = [];
      const { chunks } = splitCsv(await file.text());
      try {
        // a large file goes in pieces under the body limit; rows keep their numbers in the whole file
        for (const chunk of chunks) {
          const answer = await sendJson<{ results: RowResult[] }>('POST', `/campaigns/${enc(campaignId)}/submissions:import`, { csv: chunk.body });
          all.push(...answer.results.map((r) => ({ ...r, row: r.row + chunk.firstRow - 1 })));
        }
      } finally {
        forgetOrganizations(campaignId);
        if (all.length) setResults(all);
      }
      return `Đã đọc ${viNumber(all.length)} dòng của tệp ${file.name}.`;
    });
  };

  const importOrganizations = (e: Event) => {
    e.preventDefault();
    const file = orgInput.current?.files?.[0];
    if (!file) return setMessage({ kind: 'error', text: 'Hãy chọn tệp danh sách tổ chức (JSON).' });
    void run(async () => {
      let list: unknown;
      try {
        list = JSON.parse(await file.text());
      } catch {
        throw new ApiError(400, 'Tệp không phải JSON hợp lệ: cần một danh sách các tổ chức.');
      }
      if (!Array.isArray(list)) throw new ApiError(400, 'Tệp cần chứa một danh sách (mảng JSON) các tổ chức.');
      let upserted = 0;
      for (let i = 0; i < list.length; i += ORGANIZATIONS_PER_REQUEST) {
        const chunk = list.slice(i, i + ORGANIZATIONS_PER_REQUEST);
        try {
          upserted += (await sendJson<{ upserted: number }>('PUT', `/campaigns/${enc(campaignId)}/organizations`, { body: chunk })).upserted;
        } catch (err) {
          if (err instanceof ApiError && err.errors.length) {
            const first = err.errors[0]!;
            const item = /^\/(\d+)(\/.*)?$/.exec(first.path);
            const where = item ? `tổ chức thứ ${i + Number(item[1]) + 1}${item[2] ? `, ${fieldLabel(item[2])}` : ''}` : fieldLabel(first.path);
            throw new ApiError(400, `Danh sách bị từ chối (${where}): ${fieldMessage(first)}${err.errors.length > 1 ? ` (và ${err.errors.length - 1} lỗi khác)` : ''}`);
          }
          throw err;
        }
      }
      forgetOrganizations(campaignId);
      return `Đã cập nhật ${viNumber(upserted)} tổ chức.`;
    });
  };

  const exportCsv = () =>
    run(async () => {
      saveBlob(await getBlob('GET', `/campaigns/${enc(campaignId)}/submissions:export`), `bao-cao-${campaignId}.csv`);
      return 'Đã tải tệp báo cáo mới nhất của các tổ chức.';
    });

  return (
    <>
      <CampaignNav campaignId={campaignId} current="du-lieu" />
      <PageTitle>Nhập, xuất dữ liệu</PageTitle>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <section class="card" aria-labelledby="nhap-csv">
        <h2 id="nhap-csv">Nhập kết quả đại hội từ tệp CSV</h2>
        <p>
          Mỗi dòng là kết quả đại hội của một tổ chức. Tải{' '}
          <a href="/assets/submissions.csv" download="mau-bao-cao-dai-hoi.csv">
            tệp mẫu CSV
          </a>
          , điền bằng Excel hoặc LibreOffice rồi lưu dạng CSV (UTF-8). Các dòng hợp lệ được lưu ngay cả khi có dòng bị từ chối.
        </p>
        <form onSubmit={importCsv} class="inline-form">
          <FileField id="tep-csv" label="Tệp CSV" accept=".csv,text/csv" inputRef={csvInput} />
          <button type="submit" class="primary" disabled={busy}>
            Nhập tệp
          </button>
        </form>
        {results && <ImportResults results={results} />}
      </section>
      <section class="card" aria-labelledby="xuat-csv">
        <h2 id="xuat-csv">Xuất báo cáo mới nhất</h2>
        <p>Tệp CSV mở được bằng Excel, giữ nguyên tiếng Việt; mỗi tổ chức một dòng, theo lần báo cáo mới nhất.</p>
        <button type="button" onClick={exportCsv} disabled={busy}>
          Tải tệp CSV
        </button>
      </section>
      <section class="card" aria-labelledby="nhap-to-chuc">
        <h2 id="nhap-to-chuc">Danh sách tổ chức</h2>
        <p>
          Tệp JSON gồm các tổ chức: mã (id), tên (name), cấp (level: branch, grassroots, district), loại đơn vị (unit) và
          tổ chức cấp trên (parentId). Tổ chức đã có được cập nhật theo mã.
        </p>
        <form onSubmit={importOrganizations} class="inline-form">
          <FileField id="tep-to-chuc" label="Tệp danh sách tổ chức (JSON)" accept=".json,application/json" inputRef={orgInput} />
          <button type="submit" disabled={busy}>
            Cập nhật danh sách
          </button>
        </form>
      </section>
    </>
  );
}
