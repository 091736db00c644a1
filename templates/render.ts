import type { RenderInput } from '#core/render-input.ts';
import type { DocumentType } from '#core/schemas.ts';
import packageJson from '../package.json' with { type: 'json' };
import { measureText, renderDocument, type PdfInfo } from '#renderer/render-document.ts';
import { FORMAT } from './format-profile.ts';
import { letterDocument, letterSubject } from './letter.ts';
import type { MeasureText, PageDefinition } from './party-layout.ts';
import { proposalDocument, requireProposal } from './proposal.ts';
import { reportDocument, reportSubject } from './report.ts';
import { upper } from './vietnamese.ts';
import { TYPE_NAME } from './vocabulary.ts';

/**
 * The one renderer the worker, the preview and `congress-docs render` use: RenderInput → PDF/A-2b
 * bytes. Same input, same bytes: the dates come from the document, the file /ID from the Info
 * dictionary, and font ids follow the order of first use.
 */
export async function renderPdf(input: RenderInput): Promise<{ pdf: Buffer; pages: number }> {
  const definition = TEMPLATES[input.document.type](input, measureText);
  return renderDocument({ ...definition, info: documentInfo(input) });
}

export const PRODUCER = `congress-docs ${packageJson.version}`;

const TEMPLATES: Record<DocumentType, (input: RenderInput, measure: MeasureText) => PageDefinition> = {
  report: reportDocument,
  proposal: proposalDocument,
  letter: letterDocument,
};

/** The subject line as printed: a report's trích yếu, a proposal's `về việc …`, a letter's `V/v …`. */
export function documentSubject(input: RenderInput): string {
  switch (input.document.type) {
    case 'report':
      return reportSubject(input);
    case 'proposal':
      return requireProposal(input).subject;
    case 'letter':
      return `V/v ${letterSubject(input)}`;
  }
}

/** The issue date at 00:00 in Asia/Ho_Chi_Minh (UTC+7 all year). */
export function issueInstant(issuedOn: string): Date {
  return new Date(`${issuedOn}T00:00:00+07:00`);
}

/** FORMAT.md "PDF properties"; a draft has no number, so its Keywords say what it is. */
export function documentInfo(input: RenderInput): PdfInfo {
  const subject = documentSubject(input);
  const issued = issueInstant(input.document.issuedOn);
  return {
    Title: `${TYPE_NAME[input.document.type]} ${subject}`,
    Author: upper(input.campaign.issuer.name),
    Subject: subject,
    Keywords: input.draft ? FORMAT.draft.label : input.document.number,
    Creator: 'congress-docs',
    Producer: PRODUCER,
    CreationDate: issued,
    ModDate: issued,
  };
}
