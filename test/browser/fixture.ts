/**
 * A small campaign of another province than the example (Bắc Giang), for the console's browser
 * tests: two districts, communes, village branches, and one organization whose name is markup.
 */
export const CAMPAIGN_ID = 'bg-2020';

export const CAMPAIGN_FORM = {
  'Mã đợt': CAMPAIGN_ID,
  'Tên đợt đại hội': 'Đại hội đảng bộ các cấp nhiệm kỳ 2020-2025',
  'Nhiệm kỳ': '2020-2025',
  'Tên cơ quan ban hành': 'TỈNH ỦY BẮC GIANG',
  'Ký hiệu cơ quan': 'TU',
  'Địa danh': 'Bắc Giang',
  'Ký hiệu lưu trữ': 'VPTU',
  'Số chỉ thị': '35-CT/TW',
  'Trích yếu chỉ thị':
    'Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng',
  'Số kế hoạch': '156-KH/TU',
  'Hạn đại hội chi bộ': '2020-02-29',
  'Hạn đại hội cơ sở': '2020-06-30',
  'Hạn đại hội cấp trên cơ sở': '2020-08-31',
  'Bí thư cấp xã không là người địa phương': '60',
  'Bí thư cấp xã kiêm chủ tịch UBND': '50',
  'Số báo cáo cuối cùng đã ban hành': '27',
} as const;

export const XSS_NAME = '<img src=x onerror=alert(1)>';

export const ORGANIZATIONS = [
  { id: 'viet-yen', name: 'Đảng bộ thị xã Việt Yên', level: 'district', unit: 'district' },
  { id: 'luc-ngan', name: 'Đảng bộ huyện Lục Ngạn', level: 'district', unit: 'district' },
  { id: 'viet-yen-p-bich-dong', name: 'Đảng bộ phường Bích Động', level: 'grassroots', unit: 'commune', parentId: 'viet-yen' },
  { id: 'viet-yen-x-ninh-son', name: 'Đảng bộ xã Ninh Sơn', level: 'grassroots', unit: 'commune', parentId: 'viet-yen' },
  { id: 'luc-ngan-x-dong-coc', name: 'Đảng bộ xã Đồng Cốc', level: 'grassroots', unit: 'commune', parentId: 'luc-ngan' },
  { id: 'luc-ngan-x-dong-coc-thon-ba', name: 'Chi bộ thôn Ba', level: 'branch', unit: 'village', parentId: 'luc-ngan-x-dong-coc' },
  { id: 'viet-yen-p-bich-dong-tdp-1', name: 'Chi bộ tổ dân phố 1', level: 'branch', unit: 'village', parentId: 'viet-yen-p-bich-dong' },
  { id: 'viet-yen-p-bich-dong-tdp-2', name: XSS_NAME, level: 'branch', unit: 'village', parentId: 'viet-yen-p-bich-dong' },
];

const HEADER =
  'organizationId,heldOn,delegatesElected,delegatesAttended,secretaryName,electedDirectly,votesFor,votesValid,isLocal,concurrentRole,committeeSize,recommendation';

/** Five rows; the third names a day that does not exist (30 February), in column heldOn. */
export const CSV = [
  HEADER,
  'viet-yen,2020-05-20,250,248,Nguyễn Văn Thắng,true,240,246,false,people-committee-chair,41,',
  'viet-yen-p-bich-dong,2020-04-10,120,118,Trần Thị Hoa,true,118,118,false,people-committee-chair,11,"Đề nghị hỗ trợ kinh phí, tài liệu đại hội."',
  'viet-yen-x-ninh-son,2020-02-30,100,98,Lê Văn Bình,true,90,98,true,,9,',
  'viet-yen-p-bich-dong-tdp-1,2020-01-12,30,30,Phạm Văn Sơn,true,30,30,true,village-head,3,',
  'luc-ngan-x-dong-coc-thon-ba,2020-02-20,25,24,Hoàng Văn Tú,true,24,24,true,village-head,3,',
].join('\n');
export const BAD_CSV_ROW = 3;

/** The same campaign as an API body, for tests that start from a campaign already made. */
export const CAMPAIGN_BODY = {
  name: CAMPAIGN_FORM['Tên đợt đại hội'],
  issuer: { name: 'TỈNH ỦY BẮC GIANG', code: 'TU', parentName: null, place: 'Bắc Giang', archiveCode: 'VPTU' },
  term: '2020-2025',
  directive: { number: '35-CT/TW', title: CAMPAIGN_FORM['Trích yếu chỉ thị'] },
  plan: { number: '156-KH/TU' },
  deadlines: { branch: '2020-02-29', grassroots: '2020-06-30', district: '2020-08-31' },
  targets: { communeNonLocalPercent: 60, communeConcurrentChairPercent: 50 },
  lastNumbers: { BC: 27 },
};

/** The first result of the commune Đồng Cốc, as sent by the office before the commune corrects it. */
export const DONG_COC_V1 = {
  organizationId: 'luc-ngan-x-dong-coc',
  congress: { heldOn: '2020-05-08', delegatesElected: 110, delegatesAttended: 105 },
  secretary: { fullName: 'Vi Văn Dũng', electedDirectly: true, votes: { for: 100, valid: 105 }, isLocal: true, concurrentRole: 'people-committee-chair' },
  committeeSize: 13,
};
