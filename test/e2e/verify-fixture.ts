/**
 * A small campaign of another province than the bundled example (Đồng Tháp, not Quảng Ninh), for
 * the verify page's tests: three organizations, their results, and one issued document whose PDF
 * is downloaded as its holder would have it.
 */
import type { startTestApp } from '../support/test-app.ts';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

export function dongThapCampaign(issuerName = 'TỈNH ỦY ĐỒNG THÁP') {
  return {
    name: 'Đại hội đảng bộ các cấp nhiệm kỳ 2020-2025',
    issuer: { name: issuerName, code: 'TU', parentName: null, place: 'Đồng Tháp', archiveCode: 'VPTU' },
    term: '2020-2025',
    directive: {
      number: '35-CT/TW',
      title: 'Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng',
    },
    plan: { number: '115-KH/TU' },
    deadlines: { branch: '2020-02-29', grassroots: '2020-06-30', district: '2020-08-31' },
    targets: {
      directElectionPercent: 100,
      districtNonLocalPercent: 100,
      communeNonLocalPercent: 60,
      communeConcurrentChairPercent: 70,
      districtConcurrentChairCount: 2,
      villageBranchHeadPercent: 100,
    },
    lastNumbers: { BC: 87, TTr: 30, CV: 990 },
  };
}

const ORGANIZATIONS = [
  { id: 'cao-lanh', name: 'Đảng bộ thành phố Cao Lãnh', level: 'district', unit: 'district' },
  { id: 'cao-lanh-p-1', name: 'Đảng bộ Phường 1', level: 'grassroots', unit: 'commune', parentId: 'cao-lanh' },
  { id: 'cao-lanh-p-1-khom-1', name: 'Chi bộ khóm 1', level: 'branch', unit: 'village', parentId: 'cao-lanh-p-1' },
];

const SUBMISSIONS = [
  {
    organizationId: 'cao-lanh-p-1-khom-1',
    congress: { heldOn: '2020-02-14', delegatesElected: 25, delegatesAttended: 24 },
    secretary: { fullName: 'Trần Văn Bé', electedDirectly: true, votes: { for: 24, valid: 24 }, isLocal: true, concurrentRole: 'village-head' },
  },
  {
    organizationId: 'cao-lanh-p-1',
    congress: { heldOn: '2020-05-20', delegatesElected: 100, delegatesAttended: 98 },
    secretary: { fullName: 'Nguyễn Thị Mai', electedDirectly: true, votes: { for: 90, valid: 98 }, isLocal: false, concurrentRole: 'people-committee-chair' },
  },
];

/** The report as ordered: numbered after `lastNumbers.BC` = 87. */
export const REPORT_REQUEST = {
  type: 'report',
  issuedOn: '2020-06-15',
  asOf: '2020-06-10',
  subject: null,
  addressees: ['Ban Bí thư Trung ương Đảng'],
  recipients: ['Ban Tổ chức Trung ương', 'Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy'],
  signer: { capacity: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', fullName: 'Lê Quốc Phong' },
  proposal: null,
};

/** Loads the campaign through the API, orders the report, waits for it, downloads its PDF. */
export async function issueReport(t: TestApp, campaignId: string, campaign = dongThapCampaign()) {
  const expectOk = (r: { status: number; text: string }, what: string) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  };
  expectOk(await t.call('PUT', `/campaigns/${campaignId}`, campaign), 'campaign');
  expectOk(await t.call('PUT', `/campaigns/${campaignId}/organizations`, ORGANIZATIONS), 'organizations');
  for (const s of SUBMISSIONS) expectOk(await t.call('POST', `/campaigns/${campaignId}/submissions`, s), 'submission');
  const ordered = await t.call('POST', `/campaigns/${campaignId}/documents`, REPORT_REQUEST);
  expectOk(ordered, 'order');
  const doc = await t.waitForDocument(ordered.body.id);
  if (doc.status !== 'ready') throw new Error(`document ${doc.id} ${doc.status}: ${doc.error}`);
  const download = await t.call('GET', `/documents/${doc.id}/pdf`);
  const pdf = new Uint8Array(await (await fetch(download.headers.get('location')!)).arrayBuffer());
  return { doc, pdf };
}

/** The address the QR code carries (CONTRACT §5: `<PUBLIC_BASE_URL>/verify/<documentId>`). */
export function verifyAddress(t: TestApp, documentId: string): string {
  return `${t.app.deps.settings.publicBaseUrl}/verify/${encodeURIComponent(documentId)}`;
}
