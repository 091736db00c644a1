/**
 * The verify page that a document's QR code opens (CONTRACT §2), built on the server as one HTML
 * string: the facts are printed here, so the page reads without JavaScript; `/assets/verify.js`
 * adds the file picker (the SHA-256 is computed on the phone). Every message is Vietnamese and
 * lives in this file: the script only clones the `<template>`s below and fills text slots, so the
 * no-script path (a digest pasted into the form) and the script say the same words.
 *
 * Everything that comes from data goes through `html`, which escapes it; the CSP allows no inline
 * script or style, so the page has none.
 */
import { todayInVietnam } from '#core/dates.ts';
import type { DocumentType } from '#core/schemas.ts';
import { capitalize, vietnameseDate } from '#templates/vietnamese.ts';
import { TYPE_NAME } from '#templates/vocabulary.ts';
import { verdictOf, type DocumentStatus, type VerdictId } from './verdict.ts';

/** A signature as GET /verify lists it: the person's first, then the organization's. */
export type VerifySignature = {
  step: 'person' | 'organization';
  /** The certificate's subject (its common name). */
  signer: string;
  signedAt: string;
  valid: boolean;
};

/** What anyone may know of an issued document: what is printed on it, and its status. */
export type VerifyFacts = {
  number: string;
  issuer: string;
  issuedOn: string;
  type: DocumentType;
  status: DocumentStatus;
  recalledAt?: string;
  signatures?: readonly VerifySignature[];
};

/** The outcome of comparing a digest, when the page was asked with one. */
export type DigestCheck = { sha256: string; result: 'valid' | 'not-valid' | 'malformed' };

export const DIGEST_FIELD = 'sha256';
const NOT_FOUND = 'Không có văn bản đã phát hành nào ở địa chỉ này.';
const DIGEST_RULE = 'Mã SHA-256 gồm đúng 64 chữ số thập lục phân (0–9 và a–f, chữ hoa hay chữ thường đều được).';

const STATUS_LABEL: Record<DocumentStatus, string> = { issued: 'Đã phát hành', recalled: 'Đã thu hồi' };
const SIGNER_ROLE: Record<VerifySignature['step'], string> = { person: 'Người có thẩm quyền ký', organization: 'Cơ quan, tổ chức ký' };

/** Each verdict: a tone for its colour, a headline and an explanation. */
const VERDICTS: Record<VerdictId, { tone: 'neutral' | 'good' | 'warn' | 'bad'; title: string; text: string }> = {
  checking: { tone: 'neutral', title: 'Đang kiểm tra…', text: 'Đang tính mã SHA-256 của tệp trên máy của bạn.' },
  authentic: {
    tone: 'good',
    title: 'Đúng là tệp đã phát hành',
    text: 'Tệp này trùng khớp từng byte với tệp văn bản đã phát hành.',
  },
  'authentic-recalled': {
    tone: 'warn',
    title: 'Đúng là tệp đã phát hành, nhưng văn bản đã bị thu hồi',
    text: 'Tệp này trùng khớp với tệp đã phát hành, nhưng văn bản không còn hiệu lực.',
  },
  'not-issued': {
    tone: 'bad',
    title: 'Không phải tệp đã phát hành',
    text: 'Tệp này khác với tệp văn bản đã phát hành: có thể đã bị sửa đổi, hoặc là một tệp khác.',
  },
  'not-found': { tone: 'bad', title: 'Không tìm thấy văn bản', text: NOT_FOUND },
  failed: { tone: 'bad', title: 'Chưa kiểm tra được', text: 'Không kết nối được với máy chủ. Vui lòng thử lại sau.' },
  unsupported: {
    tone: 'neutral',
    title: 'Trình duyệt không tính được mã SHA-256 ở đây',
    text: 'Trình duyệt chỉ kiểm tra tệp khi trang được mở qua địa chỉ an toàn (https://) và đủ mới. Hãy mở lại trang như thế, hoặc dán mã SHA-256 của tệp vào ô bên dưới.',
  },
};

/** The page of a known document, with the verdict printed when a digest came with the address. */
export function verifyPage(documentId: string, facts: VerifyFacts, check?: DigestCheck): string {
  const verdict = check && check.result !== 'malformed' ? verdictOf(check.result === 'valid', facts.status) : undefined;
  return page(
    `Xác minh văn bản số ${facts.number}`,
    html`<main id="verify" class="verify" data-document-id="${documentId}">
      ${masthead()}
      <section class="card" aria-labelledby="facts-title">
        <h2 id="facts-title">Thông tin văn bản</h2>
        <dl class="facts">
          ${fact('Số, ký hiệu', facts.number)}
          ${fact('Cơ quan ban hành', facts.issuer)}
          ${fact('Ngày ban hành', vietnameseDate(facts.issuedOn))}
          ${fact('Loại văn bản', capitalize(TYPE_NAME[facts.type].toLocaleLowerCase('vi')))}
          <div class="fact">
            <dt>Tình trạng</dt>
            <dd>${statusText(facts)}</dd>
          </div>
        </dl>
        ${signatures(facts.signatures)}
      </section>
      <section class="card" aria-labelledby="check-title">
        <h2 id="check-title">Kiểm tra tệp PDF</h2>
        <p>Chọn tệp PDF mà bạn nhận được để biết có đúng là tệp đã phát hành không. Tệp được kiểm tra ngay trên máy của bạn và không được gửi đi: chỉ mã SHA-256 của tệp được gửi để đối chiếu.</p>
        <div class="picker" data-picker hidden>
          <input type="file" id="file" class="file-input" accept="application/pdf,.pdf">
          <label for="file" class="file-button">Chọn tệp PDF</label>
        </div>
        <div id="verdict" class="verdict-slot" role="status" aria-live="polite" aria-atomic="true">${
          verdict ? verdictBlock(verdict, check?.sha256) : ''
        }</div>
        ${digestForm(documentId, check)}
      </section>
      ${(Object.keys(VERDICTS) as VerdictId[]).map((id) => html`<template data-verdict="${id}">${verdictBlock(id)}</template>`)}
      ${footer()}
    </main>`,
  );
}

/** An unknown id (or a document not issued): nothing more than that. */
export function verifyNotFoundPage(): string {
  return messagePage(VERDICTS['not-found'].title, [
    NOT_FOUND,
    'Hãy kiểm tra lại địa chỉ, hoặc quét lại mã QR in trên văn bản.',
  ]);
}

/** Something failed on our side; the request id lets the operator find it in the logs. */
export function verifyErrorPage(requestId: string): string {
  return messagePage('Chưa kiểm tra được', [
    'Hệ thống tạm thời không trả lời được. Vui lòng thử lại sau ít phút.',
    `Mã yêu cầu (để báo cho bộ phận kỹ thuật): ${requestId}`,
  ]);
}

function messagePage(title: string, lines: string[]): string {
  return page(
    title,
    html`<main id="verify" class="verify">
      ${masthead()}
      <section class="card" aria-labelledby="message-title">
        <h2 id="message-title">${title}</h2>
        ${lines.map((line) => html`<p>${line}</p>`)}
      </section>
      ${footer()}
    </main>`,
  );
}

function page(title: string, body: Html): string {
  return `<!doctype html>
${html`<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="color-scheme" content="light">
<title>${title}</title>
<link rel="stylesheet" href="/assets/verify.css">
<script type="module" src="/assets/verify.js"></script>
</head>
<body>
${body}
</body>
</html>`.value}
`;
}

function masthead(): Html {
  return html`<header class="masthead">
        <p class="kicker">Đảng Cộng sản Việt Nam</p>
        <h1>Xác minh văn bản</h1>
      </header>`;
}

function footer(): Html {
  return html`<footer class="foot"><p>Trang này mở từ mã QR in trên văn bản. Trang không lưu và không gửi đi tệp của bạn.</p></footer>`;
}

function fact(term: string, value: string): Html {
  return html`<div class="fact"><dt>${term}</dt><dd>${value}</dd></div>`;
}

/** The status as a badge; a recall's date beside it (its day in Vietnam). */
function statusText(facts: VerifyFacts): Html {
  const badge = html`<span class="status status-${facts.status}">${STATUS_LABEL[facts.status]}</span>`;
  if (facts.status !== 'recalled' || !facts.recalledAt) return badge;
  return html`${badge} <span class="status-date">${vietnameseDate(todayInVietnam(new Date(facts.recalledAt)))}</span>`;
}

function signatures(list: readonly VerifySignature[] | undefined): Html | '' {
  if (!list?.length) return '';
  return html`<h3 class="sub">Chữ ký số</h3>
        <ul class="signatures">${list.map(
          (s) => html`<li class="signature">
            <span class="signer">${s.signer}</span>
            <span class="role">${SIGNER_ROLE[s.step]}</span>
            <span class="when">Ký ${instantText(s.signedAt)}</span>
            <span class="validity validity-${s.valid ? 'good' : 'bad'}">${s.valid ? 'Chữ ký hợp lệ' : 'Chữ ký không hợp lệ'}</span>
          </li>`,
        )}</ul>`;
}

/** `lúc 14:05 ngày 06 tháng 6 năm 2020`, in Vietnam's time (UTC+7 all year, as core/dates.ts). */
function instantText(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const hhmm = new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(11, 16);
  return `lúc ${hhmm} ${vietnameseDate(todayInVietnam(at))}`;
}

/** A verdict as shown: the script fills `file-name` and `digest` with textContent. */
function verdictBlock(id: VerdictId, sha256?: string): Html {
  const v = VERDICTS[id];
  return html`<div class="verdict verdict-${v.tone}" data-verdict-id="${id}">
          <p class="verdict-title">${v.title}</p>
          <p class="verdict-text">${v.text}</p>
          <p class="verdict-file" hidden>Tệp: <span data-slot="file-name"></span></p>
          <p class="verdict-digest"${sha256 ? '' : html` hidden`}>Mã SHA-256: <code data-slot="digest">${sha256 ?? ''}</code></p>
        </div>`;
}

/** The no-script way: a digest pasted from `sha256sum` or PowerShell's Get-FileHash. */
function digestForm(documentId: string, check: DigestCheck | undefined): Html {
  const malformed = check?.result === 'malformed';
  return html`<form class="digest" method="get" action="/verify/${encodeURIComponent(documentId)}" novalidate>
          <label for="${DIGEST_FIELD}">Hoặc dán mã SHA-256 của tệp</label>
          <p class="hint" id="${DIGEST_FIELD}-hint">Lệnh <code>sha256sum</code> (Linux) hoặc <code>Get-FileHash</code> (Windows PowerShell) in ra mã này.</p>
          ${malformed ? html`<p class="field-error" id="${DIGEST_FIELD}-error">${DIGEST_RULE}</p>` : ''}
          <input id="${DIGEST_FIELD}" name="${DIGEST_FIELD}" type="text" inputmode="text" autocomplete="off" autocapitalize="off" spellcheck="false"
            value="${check?.sha256 ?? ''}" aria-describedby="${DIGEST_FIELD}-hint${malformed ? ` ${DIGEST_FIELD}-error` : ''}"${
              malformed ? html` aria-invalid="true"` : ''
            }>
          <button type="submit">Kiểm tra mã</button>
        </form>`;
}

/** Markup known to be safe; anything else interpolated into `html` is escaped. */
class Html {
  constructor(readonly value: string) {}
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < parts.length ? render(parts[i]) : ''), ''));
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
