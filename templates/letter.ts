import type { RenderInput } from '#core/render-input.ts';
import type { Content } from 'pdfmake/interfaces.js';
import { recommendationsByOrganization, standingCommittee } from './campaign-facts.ts';
import { asSentence, formatCount, shortDate } from './vietnamese.ts';
import { dashItem, paragraph, partyDocument, subHeading, type MeasureText, type PageDefinition } from './party-layout.ts';
import { DEFAULT_LETTER_SUBJECT } from './vocabulary.ts';

/**
 * CÔNG VĂN (no title: its subject is the `V/v` line under the number): forwards the
 * organizations' recommendations to the addressees, grouped by organization.
 */
export function letterDocument(input: RenderInput, measure: MeasureText): PageDefinition {
  return partyDocument({
    input,
    measure,
    letterSubject: letterSubject(input),
    addressees: input.document.addressees,
    body: letterBody(input),
    recipients: [...(input.document.addressees.length ? ['Như trên'] : []), ...input.document.recipients],
  });
}

/** The V/v line without its prefix (the request stores it so; the header prints `V/v ` once). */
export function letterSubject(input: RenderInput): string {
  return input.document.subject ?? DEFAULT_LETTER_SUBJECT;
}

function letterBody(input: RenderInput): Content[] {
  const { campaign, stats, document } = input;
  const speaker = standingCommittee(campaign.issuer);
  const groups = recommendationsByOrganization(input);
  const asOf = shortDate(stats.asOf);
  if (groups.length === 0) {
    return [
      paragraph(
        `Thực hiện ${campaign.directive.title}, tính đến ngày ${asOf}, các tổ chức đảng trực thuộc chưa có kiến nghị, ` +
          `đề xuất về công tác tổ chức đại hội đảng bộ các cấp nhiệm kỳ ${campaign.term}. ${speaker} xin thông báo để ` +
          `${document.addressees.length ? document.addressees.join(', ') : 'các cơ quan'} được biết./.`,
      ),
    ];
  }
  const content: Content[] = [
    paragraph(
      `Thực hiện ${campaign.directive.title}, trong quá trình tổ chức đại hội đảng bộ các cấp nhiệm kỳ ${campaign.term}, ` +
        `tính đến ngày ${asOf} có ${formatCount(groups.length)} tổ chức đảng có kiến nghị, đề xuất. ${speaker} ` +
        `tổng hợp, chuyển các kiến nghị, đề xuất cụ thể như sau:`,
    ),
  ];
  groups.forEach((group, i) => {
    content.push(subHeading(i + 1, group.organization));
    for (const recommendation of group.recommendations) content.push(dashItem(asSentence(recommendation)));
  });
  const to = document.addressees;
  content.push(
    paragraph(
      to.length
        ? `${speaker} đề nghị ${to.join(', ')} quan tâm, xem xét, giải quyết theo thẩm quyền./.`
        : `${speaker} đề nghị các cơ quan có thẩm quyền quan tâm, xem xét, giải quyết./.`,
    ),
  );
  return content;
}
