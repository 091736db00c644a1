import type { RenderInput } from '#core/render-input.ts';
import type { Content } from 'pdfmake/interfaces.js';
import { standingCommittee } from './campaign-facts.ts';
import { formatCount, formatShare, shortDate } from './vietnamese.ts';
import { paragraph, partyDocument, sectionHeading, type MeasureText, type PageDefinition } from './party-layout.ts';
import { planSentence, targetFigure } from './shared-prose.ts';
import { LEVEL_NOUN, TARGET_WORDING, TYPE_NAME } from './vocabulary.ts';

/**
 * TỜ TRÌNH về việc …: the grounds (directive, plan), the evidence from the statistics, and the
 * request the committee puts to its addressees (`document.proposal.request`).
 */
export function proposalDocument(input: RenderInput, measure: MeasureText): PageDefinition {
  const proposal = requireProposal(input);
  return partyDocument({
    input,
    measure,
    title: { typeName: TYPE_NAME.proposal, subject: proposal.subject },
    addressees: input.document.addressees,
    body: [...groundsSection(input), ...requestSection(input, proposal.request), closing(input)],
    recipients: [...(input.document.addressees.length ? ['Như trên'] : []), ...input.document.recipients],
  });
}

export function requireProposal(input: RenderInput): { subject: string; request: string } {
  const proposal = input.document.proposal;
  if (!proposal) throw new Error('A proposal document needs document.proposal (subject and request)');
  return proposal;
}

function groundsSection(input: RenderInput): Content[] {
  const { stats } = input;
  const grassroots = stats.levels.grassroots;
  const district = stats.levels.district;
  const content: Content[] = [sectionHeading(1, 'Căn cứ và kết quả thực hiện'), paragraph(planSentence(input))];

  content.push(
    paragraph(
      `Tính đến ngày ${shortDate(stats.asOf)}, đã tổ chức đại hội ${formatShare(grassroots.held, grassroots.total, grassroots.heldPercent)} ` +
        `${LEVEL_NOUN.grassroots} và ${formatShare(district.held, district.total, district.heldPercent)} ${LEVEL_NOUN.district}.`,
    ),
  );
  const elections: string[] = [];
  if (grassroots.held) {
    elections.push(
      `${formatShare(grassroots.directElection, grassroots.held, grassroots.directElectionPercent)} đại hội ${LEVEL_NOUN.grassroots}`,
    );
  }
  if (district.held) {
    elections.push(`${formatShare(district.directElection, district.held, district.directElectionPercent)} đại hội ${LEVEL_NOUN.district}`);
  }
  if (elections.length) {
    const unanimous = grassroots.unanimous + district.unanimous;
    content.push(
      paragraph(
        `Việc bầu trực tiếp bí thư cấp ủy tại đại hội được thực hiện ở ${elections.join(' và ')}; ` +
          `${formatCount(unanimous)} đồng chí bí thư trúng cử với 100% số phiếu bầu, thể hiện sự thống nhất cao trong Đảng bộ.`,
      ),
    );
  }
  const met = stats.targets.filter((t) => t.met);
  if (stats.targets.length) {
    const metGoals = met.map((t) => TARGET_WORDING[t.metric].goal(targetFigure(t.metric, t.target)));
    content.push(
      paragraph(
        met.length
          ? `Đã đạt ${formatCount(met.length)}/${formatCount(stats.targets.length)} chỉ tiêu đột phá đề ra, trong đó: ${metGoals.join('; ')}.`
          : `Chưa đạt chỉ tiêu đột phá nào trong ${formatCount(stats.targets.length)} chỉ tiêu đề ra.`,
      ),
    );
  }
  return content;
}

function requestSection(input: RenderInput, request: string): Content[] {
  const paragraphs = request
    .split(/\n+/u)
    .map((p) => p.trim())
    .filter(Boolean);
  return [
    sectionHeading(2, 'Nội dung đề nghị'),
    paragraph(`Từ kết quả trên, ${standingCommittee(input.campaign.issuer)} đề nghị:`),
    ...paragraphs.map((p) => paragraph(p)),
  ];
}

function closing(input: RenderInput): Content {
  const to = input.document.addressees;
  const speaker = standingCommittee(input.campaign.issuer);
  return paragraph(to.length ? `${speaker} kính trình ${to.join(', ')} xem xét, quyết định./.` : `${speaker} kính trình./.`);
}
