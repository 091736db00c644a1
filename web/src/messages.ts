/**
 * Every word a person reads in the console, in Vietnamese: the API's answers by status, its field
 * errors by code (with the field's own name), and the names of the product's values.
 */
import type { CsvSplitProblem } from '../../functions/core/csv-chunks.ts';

export type FieldError = { path: string; code?: string; message?: string; params?: Record<string, unknown>; column?: string };

export function problemMessage(status: number, requestId?: string): string {
  switch (status) {
    case 0:
      return 'Không kết nối được với máy chủ. Hãy kiểm tra mạng rồi thử lại.';
    case 400:
      return 'Dữ liệu chưa hợp lệ. Hãy sửa các ô được đánh dấu.';
    case 401:
      return 'Khóa không hợp lệ hoặc đã bị thu hồi. Hãy đăng nhập lại.';
    case 403:
      return 'Khóa này không được phép làm việc này.';
    case 404:
      return 'Không tìm thấy dữ liệu yêu cầu.';
    case 409:
      return 'Không thực hiện được vì trạng thái hiện tại không cho phép (ví dụ văn bản chưa sẵn sàng).';
    case 413:
      return 'Dữ liệu gửi lên quá lớn (tối đa 256 KiB). Hãy chia nhỏ tệp.';
    case 415:
      return 'Định dạng dữ liệu gửi lên không được chấp nhận.';
    case 429:
      return 'Máy chủ đang bận. Hãy thử lại sau ít phút.';
    default:
      return status >= 500
        ? `Máy chủ gặp lỗi, chưa xử lý được yêu cầu. Hãy thử lại sau.${requestId ? ` Mã yêu cầu: ${requestId}.` : ''}`
        : `Yêu cầu không thực hiện được (mã ${status}).`;
  }
}

/** The name of a field, by the JSON pointer the API gives (array items numbered from 1). */
const FIELD_LABELS: Record<string, string> = {
  '/organizationId': 'Tổ chức',
  '/congress/heldOn': 'Ngày đại hội',
  '/congress/delegatesElected': 'Số đại biểu được triệu tập',
  '/congress/delegatesAttended': 'Số đại biểu có mặt',
  '/secretary/fullName': 'Họ và tên bí thư',
  '/secretary/electedDirectly': 'Bầu trực tiếp bí thư tại đại hội',
  '/secretary/votes': 'Số phiếu',
  '/secretary/votes/for': 'Số phiếu bầu bí thư',
  '/secretary/votes/valid': 'Số phiếu hợp lệ',
  '/secretary/isLocal': 'Bí thư là người địa phương',
  '/secretary/concurrentRole': 'Bí thư kiêm nhiệm',
  '/committeeSize': 'Số ủy viên ban chấp hành',
  '/recommendations': 'Kiến nghị',
  '/notes': 'Ghi chú',
  '/path/campaignId': 'Mã đợt',
  '/name': 'Tên đợt đại hội',
  '/issuer/name': 'Tên cơ quan ban hành',
  '/issuer/code': 'Ký hiệu cơ quan',
  '/issuer/parentName': 'Cơ quan cấp trên',
  '/issuer/place': 'Địa danh',
  '/issuer/archiveCode': 'Ký hiệu lưu trữ',
  '/term': 'Nhiệm kỳ',
  '/directive/number': 'Số chỉ thị',
  '/directive/title': 'Trích yếu chỉ thị',
  '/plan/number': 'Số kế hoạch',
  '/deadlines/branch': 'Hạn đại hội chi bộ',
  '/deadlines/grassroots': 'Hạn đại hội cơ sở',
  '/deadlines/district': 'Hạn đại hội cấp trên cơ sở',
  '/targets/directElectionPercent': 'Chỉ tiêu bầu trực tiếp bí thư (%)',
  '/targets/districtNonLocalPercent': 'Chỉ tiêu bí thư cấp huyện không là người địa phương (%)',
  '/targets/communeNonLocalPercent': 'Chỉ tiêu bí thư cấp xã không là người địa phương (%)',
  '/targets/communeConcurrentChairPercent': 'Chỉ tiêu bí thư cấp xã kiêm chủ tịch UBND (%)',
  '/targets/districtConcurrentChairCount': 'Chỉ tiêu bí thư cấp huyện kiêm chủ tịch UBND (số đơn vị)',
  '/targets/villageBranchHeadPercent': 'Chỉ tiêu bí thư chi bộ kiêm trưởng thôn (%)',
  '/lastNumbers/BC': 'Số báo cáo cuối cùng đã ban hành',
  '/lastNumbers/TTr': 'Số tờ trình cuối cùng đã ban hành',
  '/lastNumbers/CV': 'Số công văn cuối cùng đã ban hành',
  '/type': 'Loại văn bản',
  '/issuedOn': 'Ngày ban hành',
  '/asOf': 'Số liệu tính đến ngày',
  '/subject': 'Trích yếu',
  '/addressees': 'Kính gửi',
  '/recipients': 'Nơi nhận',
  '/signer/capacity': 'Thẩm quyền ký',
  '/signer/title': 'Chức vụ người ký',
  '/signer/fullName': 'Họ và tên người ký',
  '/proposal': 'Nội dung tờ trình',
  '/proposal/subject': 'Trích yếu tờ trình',
  '/proposal/request': 'Nội dung đề nghị',
  '/role': 'Vai trò',
  '/campaignId': 'Đợt đại hội',
  '/label': 'Ghi chú của khóa',
  '/reason': 'Lý do thu hồi',
};

export function fieldLabel(path: string): string {
  if (FIELD_LABELS[path]) return FIELD_LABELS[path];
  const item = /^(.*)\/(\d+)$/.exec(path);
  if (item && FIELD_LABELS[item[1]!]) return `${FIELD_LABELS[item[1]!]} (mục ${Number(item[2]) + 1})`;
  return path || 'Dữ liệu';
}

const VALUE_NAMES: Record<string, string> = {
  branch: 'chi bộ',
  grassroots: 'cơ sở',
  district: 'cấp trên cơ sở',
  'people-committee-chair': 'chủ tịch UBND',
  'village-head': 'trưởng thôn',
  report: 'báo cáo',
  proposal: 'tờ trình',
  letter: 'công văn',
  secretariat: 'văn phòng',
  submitter: 'tổ chức báo cáo',
  true: 'có',
  false: 'không',
};
const number = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('vi-VN') : String(v));
const otherField = (params: FieldError['params']) => fieldLabel(String(params?.other ?? '')).toLocaleLowerCase('vi');

/** One field error as a Vietnamese sentence (without the field's name: it is shown beside it). */
export function fieldMessage(err: FieldError): string {
  const p = err.params ?? {};
  const origin = p.origin;
  switch (err.code) {
    case 'required':
      return 'Bắt buộc phải nhập.';
    case 'invalid_type': {
      const expected: Record<string, string> = {
        number: 'Phải là một số.',
        boolean: 'Phải chọn có hoặc không.',
        string: 'Phải là chữ.',
        array: 'Phải là một danh sách.',
        object: 'Thiếu hoặc sai cấu trúc.',
      };
      return expected[String(p.expected)] ?? 'Kiểu dữ liệu không đúng.';
    }
    case 'not_integer':
      return 'Phải là số nguyên.';
    case 'too_small':
      if (origin === 'string') return Number(p.minimum) <= 1 ? 'Không được để trống.' : `Phải có ít nhất ${number(p.minimum)} ký tự.`;
      if (origin === 'array') return `Phải có ít nhất ${number(p.minimum)} mục.`;
      return `Phải từ ${number(p.minimum)} trở lên.`;
    case 'too_big':
      if (origin === 'string') return `Không được dài quá ${number(p.maximum)} ký tự.`;
      if (origin === 'array') return `Tối đa ${number(p.maximum)} mục.`;
      return `Không được lớn hơn ${number(p.maximum)}.`;
    case 'invalid_date':
      return 'Ngày không hợp lệ (phải là một ngày có thật).';
    case 'invalid_format':
      return 'Sai định dạng.';
    case 'invalid_value': {
      const allowed = Array.isArray(p.allowed) ? p.allowed.map((v) => VALUE_NAMES[String(v)] ?? String(v)) : [];
      return allowed.length ? `Phải là một trong: ${allowed.join(', ')}.` : 'Giá trị không được chấp nhận.';
    }
    case 'unknown_field':
      return 'Trường này không được chấp nhận.';
    case 'exceeds':
      return `Không được lớn hơn ${otherField(p)}.`;
    case 'date_in_future':
      return 'Không được sau ngày gửi báo cáo: chỉ báo cáo đại hội đã diễn ra.';
    case 'after_date':
      return `Không được sau ${otherField(p)}.`;
    case 'unknown_organization':
      return 'Không có tổ chức này trong danh sách của đợt đại hội.';
    case 'duplicate':
      return 'Bị trùng lặp.';
    default:
      return 'Giá trị không hợp lệ.';
  }
}

/** Why a CSV file cannot be cut into import requests (functions/core/csv-chunks.ts). */
export function csvSplitMessage(problem: CsvSplitProblem): string {
  switch (problem.code) {
    case 'empty':
      return 'Tệp CSV trống: cần có dòng tiêu đề và các dòng dữ liệu.';
    case 'unclosed_quote':
      return `Tệp CSV không hợp lệ: ${problem.row === 0 ? 'dòng tiêu đề' : `dòng ${problem.row}`} mở dấu ngoặc kép mà không đóng.`;
    case 'row_too_large':
      return `Dòng ${problem.row} quá lớn để gửi (hơn ${Math.floor(problem.maxBytes / 1024)} KiB cùng dòng tiêu đề).`;
  }
}

/** A field error with its field's name, for a summary or a CSV row. */
export function fieldSentence(err: FieldError): string {
  return `${fieldLabel(err.path)}: ${fieldMessage(err).replace(/^./, (c) => c.toLocaleLowerCase('vi'))}`;
}

export const LEVEL_NAMES: Record<string, string> = {
  branch: 'Chi bộ trực thuộc đảng ủy cơ sở',
  grassroots: 'Tổ chức cơ sở đảng',
  district: 'Đảng bộ cấp trên cơ sở',
};
export const STATE_NAMES: Record<string, string> = { reported: 'Đã báo cáo', pending: 'Chưa báo cáo', late: 'Quá hạn' };
export const DOCUMENT_TYPE_NAMES: Record<string, string> = { report: 'Báo cáo', proposal: 'Tờ trình', letter: 'Công văn' };
export const DOCUMENT_STATUS_NAMES: Record<string, string> = {
  queued: 'Đang chờ',
  rendering: 'Đang tạo tệp',
  ready: 'Đã phát hành',
  failed: 'Lỗi khi tạo tệp',
  recalled: 'Đã thu hồi',
};
/** Beside "Đã phát hành" while a signature the campaign asks for is missing. */
export const AWAITING_SIGNATURE_NAMES: Record<string, string> = {
  person: 'chờ người có thẩm quyền ký số',
  organization: 'chờ chữ ký số của cơ quan',
};
export const ROLE_NAMES: Record<string, string> = { secretariat: 'Văn phòng', submitter: 'Tổ chức báo cáo' };
export const CONCURRENT_ROLE_NAMES: Record<string, string> = {
  'people-committee-chair': 'Kiêm chủ tịch UBND',
  'village-head': 'Kiêm trưởng thôn, khu phố',
};
export const TARGET_NAMES: Record<string, string> = {
  directElectionPercent: 'Bầu trực tiếp bí thư tại đại hội (cơ sở và cấp trên cơ sở)',
  districtNonLocalPercent: 'Bí thư cấp huyện không là người địa phương',
  communeNonLocalPercent: 'Bí thư cấp xã không là người địa phương',
  communeConcurrentChairPercent: 'Bí thư cấp xã kiêm chủ tịch UBND',
  districtConcurrentChairCount: 'Bí thư cấp huyện kiêm chủ tịch UBND (số đơn vị)',
  villageBranchHeadPercent: 'Bí thư chi bộ kiêm trưởng thôn, khu phố',
};
