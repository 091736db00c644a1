/**
 * GET /verify/{documentId} over HTTP, against the local app: a browser's Accept gets the
 * Vietnamese page with the pages' security headers, every other client the JSON it had before;
 * digests compare without case (PowerShell's Get-FileHash prints upper case).
 */
import { createHash } from 'node:crypto';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SECURITY_HEADERS } from '../../functions/http/security-headers.ts';
import { startTestApp } from '../support/test-app.ts';
import { campaignIssuedBy, issueReport, REPORT_NUMBER, REPORT_REQUEST } from './verify-fixture.ts';

/** What Chromium sends when a phone opens the QR code's address. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';
const FACT_KEYS = ['number', 'issuer', 'issuedOn', 'type', 'status', 'recalledAt', 'signatures', 'valid'];

let t: Awaited<ReturnType<typeof startTestApp>>;
let doc: { id: string; number: string };
let sha256: string;

const verify = (id: string, accept: string, query = '') => t.call('GET', `/verify/${id}${query}`, undefined, { key: null, headers: { accept } });

beforeAll(async () => {
  t = await startTestApp();
  const issued = await issueReport(t, 'bg-2020');
  doc = issued.doc;
  sha256 = createHash('sha256').update(issued.pdf).digest('hex');
});
afterAll(() => t?.app.stop());

describe('GET /verify/{id} for JSON clients', () => {
  it('answers the facts printed on the document and its status, nothing else, without a digest', async () => {
    const r = await verify(doc.id, 'application/json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body).toMatchObject({ number: REPORT_NUMBER, issuer: 'TỈNH ỦY BẮC GIANG', issuedOn: REPORT_REQUEST.issuedOn, type: 'report', status: 'issued' });
    expect(FACT_KEYS).toEqual(expect.arrayContaining(Object.keys(r.body)));
  });

  it.each([
    ['*/*', '*/*'],
    ['JSON and HTML alike', 'application/json, text/html'],
    ['HTML ranked lower', 'text/html;q=0.5, application/json'],
  ])('answers JSON to %s', async (_, accept) => {
    const r = await verify(doc.id, accept, `?sha256=${sha256}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('vary')).toMatch(/accept/i);
    expect(r.body).toMatchObject({ valid: true, number: REPORT_NUMBER, issuer: 'TỈNH ỦY BẮC GIANG', type: 'report', status: 'issued' });
  });

  it('answers JSON to a request without Accept (fetch would add */*; node:http sends none)', async () => {
    const url = new URL(`/verify/${doc.id}?sha256=${sha256}`, t.app.url);
    const { status, type, body } = await new Promise<{ status?: number; type?: string; body: string }>((resolve, reject) => {
      get(url, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body: text }));
      }).on('error', reject);
    });
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(JSON.parse(body)).toMatchObject({ valid: true, number: REPORT_NUMBER });
  });

  it('compares the digest without case: upper case (PowerShell) is the same file', async () => {
    const upper = await verify(doc.id, '*/*', `?sha256=${sha256.toUpperCase()}`);
    expect(upper.body).toMatchObject({ valid: true, number: REPORT_NUMBER });
    const mixed = await verify(doc.id, '*/*', `?sha256=${sha256.slice(0, 32).toUpperCase()}${sha256.slice(32)}`);
    expect(mixed.body).toMatchObject({ valid: true });
  });

  it('says only "not valid" for another digest', async () => {
    const other = createHash('sha256').update('another file').digest('hex');
    const r = await verify(doc.id, 'application/json', `?sha256=${other}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ valid: false });
  });

  it('refuses a malformed digest with a 400 naming it', async () => {
    const r = await verify(doc.id, 'application/json', '?sha256=abc');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.errors).toEqual([expect.objectContaining({ path: '/query/sha256' })]);
  });

  it('answers 404 problem+json for an unknown id', async () => {
    const r = await verify('5f0c1a52-0000-4000-8000-000000000000', 'application/json', `?sha256=${sha256}`);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('GET /verify/{id} for a browser', () => {
  const expectPageHeaders = (headers: Headers) => {
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) expect(headers.get(name), name).toBe(value);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('vary')).toMatch(/accept/i);
  };

  it('answers the Vietnamese page with the facts, its script and style, and the security headers', async () => {
    const r = await verify(doc.id, BROWSER_ACCEPT);
    expect(r.status).toBe(200);
    expectPageHeaders(r.headers);
    expect(r.text).toMatch(/^<!doctype html>\s*<html lang="vi">/);
    for (const words of [REPORT_NUMBER, 'TỈNH ỦY BẮC GIANG', 'ngày 15 tháng 6 năm 2020', 'Báo cáo', 'Đã phát hành', 'Chọn tệp PDF']) {
      expect(r.text).toContain(words);
    }
    expect(r.text).toContain('<script type="module" src="/assets/verify.js"></script>');
    expect(r.text).toContain('<link rel="stylesheet" href="/assets/verify.css">');
    // The CSP allows no inline script or style: the page must need none.
    expect(r.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(r.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('prints the verdict of a digest sent by the page\'s form, in any case', async () => {
    const right = await verify(doc.id, BROWSER_ACCEPT, `?sha256=${sha256.toUpperCase()}`);
    expect(right.status).toBe(200);
    expect(verdictOf(right.text)).toBe('Đúng là tệp đã phát hành');
    const wrong = await verify(doc.id, BROWSER_ACCEPT, `?sha256=${'0'.repeat(64)}`);
    expect(verdictOf(wrong.text)).toBe('Không phải tệp đã phát hành');
  });

  it('answers a malformed digest with a 400 page that says what a digest is, beside its field', async () => {
    const r = await verify(doc.id, BROWSER_ACCEPT, '?sha256=12ab');
    expect(r.status).toBe(400);
    expectPageHeaders(r.headers);
    expect(r.text).toContain('Mã SHA-256 gồm đúng 64 chữ số thập lục phân');
    expect(r.text).toMatch(/aria-describedby="sha256-hint sha256-error" aria-invalid="true"/);
    expect(r.text).toContain('value="12ab"');
  });

  it('answers an unknown id with a Vietnamese 404 page that tells nothing more', async () => {
    const r = await verify('5f0c1a52-0000-4000-8000-000000000000', BROWSER_ACCEPT);
    expect(r.status).toBe(404);
    expectPageHeaders(r.headers);
    expect(r.text).toContain('Không tìm thấy văn bản');
    expect(r.text).not.toContain(REPORT_NUMBER);
  });

  it('answers an id the service could never have issued (a mistyped address) with the same page, JSON clients with problem+json', async () => {
    for (const id of ['%3Cscript%3E', 'a'.repeat(200), 'so%20415']) {
      const page = await verify(id, BROWSER_ACCEPT);
      expect(page.status, id).toBe(404);
      expectPageHeaders(page.headers);
      expect(page.text, id).toContain('Không tìm thấy văn bản');
      expect(page.text, id).not.toContain('<script>');
      const json = await verify(id, 'application/json');
      expect(json.status, id).toBe(404);
      expect(json.headers.get('content-type'), id).toMatch(/^application\/problem\+json/);
    }
  });

  it.each([
    ['text/html alone', 'text/html'],
    ['any text', 'text/*'],
    ['JSON ranked lower', 'application/json;q=0.9, text/html'],
  ])('answers the page to %s', async (_, accept) => {
    const r = await verify(doc.id, accept);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('shows markup in an issuer name and in a signer name as text, and lists the signatures', async () => {
    const marked = await issueReport(t, 'bg-markup', campaignIssuedBy('TỈNH ỦY <img src=x onerror=alert(1)>'));
    // The signatures engineer's flow records signatures so; here they are recorded directly.
    const signatures = [
      { step: 'person', signer: 'Dương Văn Thái <script>alert(1)</script>', signedAt: '2020-06-15T02:30:00.000Z', sha256: 'a'.repeat(64), bytes: 1 },
      { step: 'organization', signer: 'Văn phòng Tỉnh ủy Bắc Giang', signedAt: '2020-06-15T09:05:00.000Z', sha256: 'b'.repeat(64), bytes: 2 },
    ] as const;
    await t.app.deps.repo.transitionDocument(marked.doc.id, ['ready'], { signatures: [...signatures] });

    const json = await verify(marked.doc.id, 'application/json');
    expect(json.body.signatures).toEqual(signatures.map(({ step, signer, signedAt }) => expect.objectContaining({ step, signer, signedAt, valid: true })));
    const r = await verify(marked.doc.id, BROWSER_ACCEPT);
    expect(r.status).toBe(200);
    expect(r.text).toContain('TỈNH ỦY &#60;img src=x onerror=alert(1)&#62;');
    expect(r.text).toContain('Dương Văn Thái &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(r.text).not.toMatch(/<img|<script>/);
    for (const words of ['Chữ ký số', 'Người có thẩm quyền ký', 'Ký lúc 09:30 ngày 15 tháng 6 năm 2020', 'Cơ quan, tổ chức ký', 'Ký lúc 16:05 ngày 15 tháng 6 năm 2020', 'Chữ ký hợp lệ']) {
      expect(r.text).toContain(words);
    }
  });
});

describe('a failure on our side', () => {
  it('is a Vietnamese page with a request id for a browser, a bare problem for JSON; no internals', async () => {
    const repo = t.app.deps.repo;
    const getDocument = repo.getDocument;
    repo.getDocument = async () => {
      throw new Error('ResourceNotFoundException: Requested resource not found: Table: congress-docs');
    };
    try {
      const page = await verify(doc.id, BROWSER_ACCEPT);
      expect(page.status).toBe(500);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('Chưa kiểm tra được');
      expect(page.text).toMatch(/Mã yêu cầu \(để báo cho bộ phận kỹ thuật\): [0-9a-f-]{36}/);
      const json = await verify(doc.id, 'application/json');
      expect(json.status).toBe(500);
      expect(json.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      for (const text of [page.text, json.text]) expect(text).not.toMatch(/ResourceNotFound|Table:|Error:|\.ts:/);
    } finally {
      repo.getDocument = getDocument;
    }
  });
});

describe('a recalled document', () => {
  it('is "Đã thu hồi" with its date on the page and status recalled in JSON; its file still checks', async () => {
    const recalled = await t.call('POST', `/documents/${doc.id}:recall`, { reason: 'Số liệu cần điều chỉnh' });
    expect(recalled.status, recalled.text).toBe(200);
    const recalledOn = vietnamDate(recalled.body.recalledAt);

    const json = await verify(doc.id, 'application/json');
    expect(json.body).toMatchObject({ number: REPORT_NUMBER, status: 'recalled', recalledAt: recalled.body.recalledAt });
    expect(json.body).not.toHaveProperty('recallReason');
    const checked = await verify(doc.id, '*/*', `?sha256=${sha256}`);
    expect(checked.body).toMatchObject({ valid: true, status: 'recalled' });

    const page = await verify(doc.id, BROWSER_ACCEPT, `?sha256=${sha256}`);
    expect(page.text).toContain('<span class="status status-recalled">Đã thu hồi</span>');
    expect(page.text).toContain(`<span class="status-date">${recalledOn}</span>`);
    expect(verdictOf(page.text)).toBe('Đúng là tệp đã phát hành, nhưng văn bản đã bị thu hồi');
  });
});

/** The verdict the page prints in its live region (not the templates the script clones). */
function verdictOf(html: string): string | undefined {
  const slot = html.slice(html.indexOf('id="verdict"'), html.indexOf('</form>'));
  return /<p class="verdict-title">([^<]*)<\/p>/.exec(slot)?.[1];
}

/** `ngày 09 tháng 6 năm 2020` of an instant, in Vietnam (UTC+7), written out here on purpose. */
function vietnamDate(iso: string): string {
  const local = new Date(Date.parse(iso) + 7 * 3_600_000);
  const day = String(local.getUTCDate()).padStart(2, '0');
  const month = local.getUTCMonth() + 1;
  return `ngày ${day} tháng ${month <= 2 ? String(month).padStart(2, '0') : month} năm ${local.getUTCFullYear()}`;
}
