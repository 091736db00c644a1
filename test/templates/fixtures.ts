import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RenderInput } from '#core/render-input.ts';
import { renderInputFromFile } from '../../cli/render-command.ts';

/**
 * Inputs for the template tests: the bundled Quảng Ninh example (examples/*.json) with a document
 * request of each type, and builders for variants. Built in code so each test states its variant.
 */

const examples = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../examples/${name}.json`, import.meta.url)), 'utf8'));

export type RenderFile = {
  campaign: Record<string, unknown> & { issuer: Record<string, unknown> };
  organizations: Array<Record<string, unknown> & { id: string; name: string; level: string }>;
  submissions: Array<Record<string, unknown> & { organizationId: string }>;
  document: Record<string, unknown>;
};

export const SIGNER = { capacity: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', fullName: 'Nguyễn Xuân Ký' };

export const REQUESTS = {
  report: {
    type: 'report',
    issuedOn: '2020-06-06',
    asOf: '2020-05-31',
    subject: null,
    addressees: ['Ban Bí thư Trung ương Đảng'],
    recipients: ['Ban Tổ chức Trung ương', 'Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy'],
    signer: SIGNER,
    number: 415,
    id: 'doc-report-415',
  },
  proposal: {
    type: 'proposal',
    issuedOn: '2020-06-06',
    asOf: '2020-05-31',
    addressees: ['Bộ Chính trị', 'Ban Bí thư Trung ương Đảng'],
    recipients: ['Ban Tổ chức Trung ương', 'Văn phòng Trung ương Đảng'],
    signer: SIGNER,
    proposal: {
      subject:
        'về việc thí điểm bầu trực tiếp Bí thư Tỉnh ủy tại Đại hội đại biểu Đảng bộ tỉnh lần thứ XV',
      request:
        'Bộ Chính trị, Ban Bí thư đồng ý chủ trương để Đại hội đại biểu Đảng bộ tỉnh Quảng Ninh lần thứ XV, nhiệm kỳ 2020-2025 thực hiện thí điểm bầu trực tiếp Bí thư Tỉnh ủy tại Đại hội.\nBan Thường vụ Tỉnh ủy sẽ chỉ đạo chuẩn bị chu đáo phương án nhân sự, quy trình bầu cử bảo đảm đúng nguyên tắc, quy định của Đảng.',
    },
    number: 121,
    id: 'doc-proposal-121',
  },
  letter: {
    type: 'letter',
    issuedOn: '2020-06-08',
    asOf: '2020-05-31',
    subject: null,
    addressees: ['Ban Tổ chức Trung ương'],
    recipients: ['Thường trực Tỉnh ủy'],
    signer: { capacity: 'T/L BAN THƯỜNG VỤ', title: 'CHÁNH VĂN PHÒNG', fullName: 'Nguyễn Văn Thành' },
    number: 2311,
    id: 'doc-letter-2311',
  },
} as const;

export type DocumentKind = keyof typeof REQUESTS;

/** The example as a `congress-docs render` input file, for one document type (a deep copy). */
export function exampleFile(kind: DocumentKind): RenderFile {
  return structuredClone({
    campaign: examples('campaign'),
    organizations: examples('organizations'),
    submissions: examples('submissions'),
    document: REQUESTS[kind],
  }) as RenderFile;
}

export function toInput(file: RenderFile): RenderInput {
  return renderInputFromFile(file, 'https://congress.example.vn');
}

export function exampleInput(kind: DocumentKind): RenderInput {
  return toInput(exampleFile(kind));
}
