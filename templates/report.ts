import type { Level, LevelStats, TargetResult } from '#core/model.ts';
import type { RenderInput } from '#core/render-input.ts';
import type { Content } from 'pdfmake/interfaces.js';
import { daysBetween } from '#core/dates.ts';
import {
  defaultReportSubject,
  districtRows,
  gatheredRecommendations,
  standingCommittee,
} from './campaign-facts.ts';
import { asSentence, formatCount, formatPercent, formatShare, shortDate } from './vietnamese.ts';
import {
  dashItem,
  dataTable,
  paragraph,
  partyDocument,
  sectionHeading,
  subHeading,
  type MeasureText,
  type PageDefinition,
  type TableRow,
} from './party-layout.ts';
import { completionSentence, planSentence, targetFigure, targetsSentence } from './shared-prose.ts';
import { LEVEL_HEADING, LEVEL_NOUN, LEVEL_SHORT, TARGET_WORDING, TYPE_NAME, VERDICT } from './vocabulary.ts';

/**
 * BÁO CÁO tình hình thực hiện Chỉ thị …: I. the situation, II. results by level, the breakthrough
 * targets and the results per district-level organization, III. difficulties and recommendations.
 * Every figure comes from `input.stats` and the organizations; nothing is written in advance.
 */
export function reportDocument(input: RenderInput, measure: MeasureText): PageDefinition {
  return partyDocument({
    input,
    measure,
    title: { typeName: TYPE_NAME.report, subject: reportSubject(input) },
    body: [...situationSection(input), ...resultsSection(input), ...recommendationsSection(input), closing(input)],
    recipients: [...input.document.addressees, ...input.document.recipients],
  });
}

export function reportSubject(input: RenderInput): string {
  return input.document.subject ?? defaultReportSubject(input.campaign);
}

const LEVEL_ORDER: readonly Level[] = ['branch', 'grassroots', 'district'];

function situationSection(input: RenderInput): Content[] {
  const { campaign } = input;
  const deadlines = campaign.deadlines;
  return [
    sectionHeading(1, 'Công tác lãnh đạo, chỉ đạo'),
    paragraph(planSentence(input)),
    ...(input.stats.targets.length ? [paragraph(targetsSentence(input))] : []),
    paragraph(
      `Theo tiến độ đề ra, đại hội ${LEVEL_NOUN.branch} hoàn thành trước ngày ${shortDate(deadlines.branch)}; ` +
        `đại hội ${LEVEL_NOUN.grassroots} hoàn thành trước ngày ${shortDate(deadlines.grassroots)}; ` +
        `đại hội ${LEVEL_NOUN.district} hoàn thành trước ngày ${shortDate(deadlines.district)}.`,
    ),
  ];
}

function resultsSection(input: RenderInput): Content[] {
  const { stats } = input;
  const content: Content[] = [
    sectionHeading(2, 'Kết quả tổ chức đại hội'),
    paragraph(`Tính đến ngày ${shortDate(stats.asOf)}, kết quả tổ chức đại hội các cấp như sau:`),
  ];
  let item = 0;
  for (const level of LEVEL_ORDER) {
    content.push(subHeading(++item, LEVEL_HEADING[level]));
    content.push(...levelParagraphs(input, level));
  }
  content.push(subHeading(++item, 'Tổng hợp kết quả theo cấp'));
  content.push(levelsTable(input));
  if (stats.targets.length) {
    content.push(subHeading(++item, 'Kết quả thực hiện các chỉ tiêu đột phá'));
    content.push(targetsTable(stats.targets));
    content.push(paragraph(targetsVerdict(stats.targets)));
  }
  const rows = districtRows(input);
  if (rows.length) {
    content.push(subHeading(++item, 'Kết quả theo từng đảng bộ cấp trên cơ sở'));
    content.push(districtTable(rows));
  }
  return content;
}

function levelParagraphs(input: RenderInput, level: Level): Content[] {
  const s = input.stats.levels[level];
  const noun = LEVEL_NOUN[level];
  const deadline = input.campaign.deadlines[level];
  if (s.total === 0) return [paragraph(`Không có ${noun} trong phạm vi báo cáo.`)];
  const held = `Tổng số ${formatCount(s.total)} ${noun}; đã tổ chức đại hội ${formatShare(s.held, s.total, s.heldPercent)}.`;
  if (s.held === 0) {
    return [paragraph(`${held} ${pendingSentence(s, input.stats.asOf, deadline)}`)];
  }
  const progress = s.completedOn !== undefined ? completionSentence(s, deadline) : pendingSentence(s, input.stats.asOf, deadline);
  const sentences = [held, progress, electionSentence(s), ...personnelSentences(level, s)];
  return [paragraph(sentences.join(' '))];
}

function pendingSentence(s: LevelStats, asOf: string, deadline: string): string {
  const remaining = s.total - s.held;
  if (asOf > deadline) {
    return `Còn ${formatCount(remaining)} đơn vị chưa tổ chức đại hội, chậm ${formatCount(daysBetween(deadline, asOf))} ngày so với tiến độ (ngày ${shortDate(deadline)}).`;
  }
  return `Còn ${formatCount(remaining)} đơn vị chưa tổ chức đại hội; thời hạn hoàn thành là ngày ${shortDate(deadline)}.`;
}

function electionSentence(s: LevelStats): string {
  const direct = `Có ${formatShare(s.directElection, s.held, s.directElectionPercent)} đại hội bầu trực tiếp bí thư tại đại hội`;
  if (s.directElection === 0) return `${direct}.`;
  return `${direct}, trong đó ${formatCount(s.unanimous)} đồng chí trúng cử với 100% số phiếu bầu.`;
}

function personnelSentences(level: Level, s: LevelStats): string[] {
  if (level === 'branch') {
    return [`Có ${formatCount(s.villageHead)} đồng chí bí thư chi bộ đồng thời là trưởng thôn, bản, khu phố.`];
  }
  return [
    `Có ${formatShare(s.nonLocal, s.held, s.nonLocalPercent)} đồng chí bí thư không phải là người địa phương; ` +
      `${formatCount(s.concurrentChair)} đồng chí bí thư đồng thời là chủ tịch Ủy ban nhân dân cùng cấp.`,
  ];
}

function levelsTable(input: RenderInput): Content {
  const rows: TableRow[] = LEVEL_ORDER.map((level) => {
    const s = input.stats.levels[level];
    return {
      cells: [
        LEVEL_SHORT[level],
        formatCount(s.total),
        formatCount(s.held),
        formatPercent(s.heldPercent),
        formatCount(s.directElection),
        formatPercent(s.directElectionPercent),
        formatCount(s.unanimous),
      ],
    };
  });
  return dataTable(
    [
      { header: 'Cấp', width: '*' },
      { header: 'Tổng số', width: 44, align: 'right' },
      { header: 'Đã đại hội', width: 48, align: 'right' },
      { header: 'Tỷ lệ', width: 46, align: 'right' },
      { header: 'Bầu trực tiếp bí thư', width: 58, align: 'right' },
      { header: 'Tỷ lệ', width: 46, align: 'right' },
      { header: 'Trúng cử 100% phiếu', width: 56, align: 'right' },
    ],
    rows,
  );
}

function targetsTable(targets: readonly TargetResult[]): Content {
  const rows: TableRow[] = targets.map((t) => {
    const wording = TARGET_WORDING[t.metric];
    const actual = wording.isCount ? (t.actual === null ? '-' : formatCount(t.actual)) : formatPercent(t.actual, 'chưa có');
    return {
      cells: [wording.label, targetFigure(t.metric, t.target), actual, t.met ? VERDICT.met : VERDICT.notMet],
    };
  });
  return dataTable(
    [
      { header: 'Chỉ tiêu', width: '*' },
      { header: 'Mục tiêu', width: 60, align: 'right' },
      { header: 'Kết quả', width: 60, align: 'right' },
      { header: 'Đánh giá', width: 62, align: 'center' },
    ],
    rows,
  );
}

function targetsVerdict(targets: readonly TargetResult[]): string {
  const met = targets.filter((t) => t.met);
  if (met.length === targets.length) return `Đã đạt cả ${formatCount(targets.length)} chỉ tiêu đột phá đề ra.`;
  if (met.length === 0) return `Chưa đạt chỉ tiêu đột phá nào trong ${formatCount(targets.length)} chỉ tiêu đề ra; cần tập trung chỉ đạo trong thời gian tới.`;
  const missing = targets.filter((t) => !t.met).map((t) => TARGET_WORDING[t.metric].inSentence);
  return `Đã đạt ${formatCount(met.length)}/${formatCount(targets.length)} chỉ tiêu đột phá; chưa đạt: ${missing.join('; ')}.`;
}

function districtTable(rows: ReturnType<typeof districtRows>): Content {
  const total = { gTotal: 0, gHeld: 0, gDirect: 0, bTotal: 0, bHeld: 0, held: 0 };
  const body: TableRow[] = rows.map((row, i) => {
    total.gTotal += row.grassroots.total;
    total.gHeld += row.grassroots.held;
    total.gDirect += row.grassroots.directElection;
    total.bTotal += row.branches.total;
    total.bHeld += row.branches.held;
    if (row.submission) total.held++;
    return {
      cells: [
        formatCount(i + 1),
        row.organization.name,
        row.submission ? shortDate(row.submission.congress.heldOn) : 'Chưa',
        `${formatCount(row.grassroots.held)}/${formatCount(row.grassroots.total)}`,
        formatCount(row.grassroots.directElection),
        `${formatCount(row.branches.held)}/${formatCount(row.branches.total)}`,
      ],
    };
  });
  body.push({
    bold: true,
    cells: [
      '',
      'Tổng cộng',
      `${formatCount(total.held)}/${formatCount(rows.length)}`,
      `${formatCount(total.gHeld)}/${formatCount(total.gTotal)}`,
      formatCount(total.gDirect),
      `${formatCount(total.bHeld)}/${formatCount(total.bTotal)}`,
    ],
  });
  return dataTable(
    [
      { header: 'TT', width: 26, align: 'right' },
      { header: 'Đảng bộ cấp trên cơ sở', width: '*' },
      { header: 'Đại hội', width: 66, align: 'right' },
      { header: 'Tổ chức cơ sở đảng đã đại hội', width: 62, align: 'right' },
      { header: 'Bầu trực tiếp bí thư cơ sở', width: 58, align: 'right' },
      { header: 'Chi bộ trực thuộc đã đại hội', width: 62, align: 'right' },
    ],
    body,
  );
}

function recommendationsSection(input: RenderInput): Content[] {
  const gathered = gatheredRecommendations(input);
  const content: Content[] = [sectionHeading(3, 'Khó khăn, vướng mắc và kiến nghị, đề xuất')];
  if (gathered.length === 0) {
    content.push(paragraph('Các tổ chức đảng không có kiến nghị, đề xuất trong quá trình tổ chức đại hội.'));
    return content;
  }
  content.push(
    paragraph(
      `Qua tổng hợp báo cáo của các tổ chức đảng, có ${formatCount(gathered.length)} nội dung kiến nghị, đề xuất (đã gộp các nội dung trùng nhau):`,
    ),
  );
  for (const r of gathered) {
    content.push(dashItem([asSentence(r.text).replace(/\.$/u, ''), { text: ` (${r.organizations.join('; ')}).`, italics: true }]));
  }
  return content;
}

function closing(input: RenderInput): Content {
  const speaker = standingCommittee(input.campaign.issuer);
  const to = input.document.addressees;
  const ending = to.length ? `${speaker} kính báo cáo ${to.join(', ')}./.` : `${speaker} báo cáo./.`;
  return paragraph(`Trên đây là báo cáo ${reportSubject(input)}, ${ending}`);
}
