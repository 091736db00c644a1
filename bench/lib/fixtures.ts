/**
 * Bench inputs: the bundled Quảng Ninh report in the CLI render format (CONTRACT §1), and
 * synthetic campaigns of any size with the same shape as a province.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const example = (name: string): unknown => JSON.parse(readFileSync(`${REPO_ROOT}examples/${name}.json`, 'utf8'));

type Json = Record<string, unknown>;

/** `{campaign, organizations, submissions, document:{…request, number, id}}` as `congress-docs render` reads it. */
export type RenderFile = {
  campaign: Json & { id: string };
  organizations: Array<Json & { id: string }>;
  submissions: Json[];
  document: Json;
};

/** The Quảng Ninh report: examples/ plus examples/documents/report.json, number 415 (lastNumbers.BC + 1). */
export function exampleReportFile(id = 'bench-report-415'): RenderFile {
  return {
    campaign: example('campaign') as RenderFile['campaign'],
    organizations: example('organizations') as RenderFile['organizations'],
    submissions: example('submissions') as Json[],
    document: { ...(example('documents/report') as Json), number: 415, id },
  };
}

const SECRETARIES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hồng Cường', 'Phạm Quang Dũng', 'Hoàng Thị Hà', 'Vũ Đức Long'];
const RECOMMENDATIONS = [
  'Đề nghị Trung ương sớm ban hành hướng dẫn về công tác nhân sự cấp ủy nhiệm kỳ tới.',
  'Đề nghị tăng cường tập huấn nghiệp vụ cho cấp ủy cơ sở.',
  'Đề nghị bổ sung kinh phí tổ chức đại hội cho các chi bộ vùng sâu, vùng xa.',
];

/**
 * A campaign of `total` organizations shaped like a province: per district-level committee,
 * 4 grassroots committees and 5 branches under each (25 organizations a district). 92% of them
 * have held their congress by 2020-05-31 (one submission each); district committees carry
 * recommendations from a small shared pool, so the report's sections grow with the districts.
 */
export function syntheticCampaign(total: number, campaignId: string): RenderFile {
  const base = exampleReportFile(`bench-${campaignId}`);
  const campaign = { ...base.campaign, id: campaignId };
  const organizations: RenderFile['organizations'] = [];
  const submissions: Json[] = [];
  const submit = (organizationId: string, level: string, i: number) => {
    if (i % 13 === 5) return; // not held yet
    const heldOn = level === 'branch' ? '2020-01-18' : level === 'grassroots' ? '2020-04-10' : '2020-05-20';
    const elected = level === 'district' ? 250 : level === 'grassroots' ? 120 : 20;
    submissions.push({
      organizationId,
      congress: { heldOn, delegatesElected: elected, delegatesAttended: elected - (i % 3) },
      secretary: {
        fullName: SECRETARIES[i % SECRETARIES.length],
        electedDirectly: i % 7 !== 0,
        ...(i % 7 !== 0 ? { votes: { for: elected - (i % 3) - (i % 2), valid: elected - (i % 3) } } : {}),
        isLocal: i % 4 === 0,
        concurrentRole: level === 'branch' ? (i % 2 ? 'village-head' : null) : i % 3 ? 'people-committee-chair' : null,
      },
      committeeSize: level === 'district' ? 45 : level === 'grassroots' ? 13 : 3,
      ...(level === 'district' ? { recommendations: [RECOMMENDATIONS[i % RECOMMENDATIONS.length]] } : {}),
    });
  };
  let n = 0;
  for (let d = 0; organizations.length < total; d++) {
    const districtId = `d${d}`;
    organizations.push({ id: districtId, name: `Đảng bộ huyện số ${d + 1}`, level: 'district', unit: 'district' });
    submit(districtId, 'district', n++);
    for (let g = 0; g < 4 && organizations.length < total; g++) {
      const grassId = `${districtId}-g${g}`;
      organizations.push({ id: grassId, name: `Đảng bộ xã số ${g + 1} huyện ${d + 1}`, level: 'grassroots', unit: 'commune', parentId: districtId });
      submit(grassId, 'grassroots', n++);
      for (let b = 0; b < 5 && organizations.length < total; b++) {
        const branchId = `${grassId}-b${b}`;
        organizations.push({ id: branchId, name: `Chi bộ thôn ${b + 1}`, level: 'branch', unit: 'village', parentId: grassId });
        submit(branchId, 'branch', n++);
      }
    }
  }
  return { campaign, organizations, submissions, document: base.document };
}
