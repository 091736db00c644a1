/**
 * The verify page's tests start from the console tests' campaign of another province than the
 * bundled example (Bắc Giang, test/browser/fixture.ts): its organizations, two results, and one
 * issued report whose PDF is downloaded as its holder would have it.
 */
import { CAMPAIGN_BODY, DONG_COC_V1, ORGANIZATIONS } from '../browser/fixture.ts';
import type { startTestApp } from '../support/test-app.ts';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** The campaign, under another issuer name where a test needs one. */
export function campaignIssuedBy(name = CAMPAIGN_BODY.issuer.name) {
  return { ...CAMPAIGN_BODY, issuer: { ...CAMPAIGN_BODY.issuer, name } };
}

const SUBMISSIONS = [
  DONG_COC_V1,
  {
    organizationId: 'luc-ngan-x-dong-coc-thon-ba',
    congress: { heldOn: '2020-02-20', delegatesElected: 25, delegatesAttended: 24 },
    secretary: { fullName: 'Hoàng Văn Tú', electedDirectly: true, votes: { for: 24, valid: 24 }, isLocal: true, concurrentRole: 'village-head' },
  },
];

/** The report as ordered: numbered after the campaign's `lastNumbers.BC` = 27. */
export const REPORT_REQUEST = {
  type: 'report',
  issuedOn: '2020-06-15',
  asOf: '2020-06-10',
  subject: null,
  addressees: ['Ban Bí thư Trung ương Đảng'],
  recipients: ['Ban Tổ chức Trung ương', 'Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy'],
  signer: { capacity: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', fullName: 'Dương Văn Thái' },
  proposal: null,
};
export const REPORT_NUMBER = '28-BC/TU';

/** Loads the campaign through the API, orders the report, waits for it, downloads its PDF. */
export async function issueReport(t: TestApp, campaignId: string, campaign = campaignIssuedBy()) {
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
