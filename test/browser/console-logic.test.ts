/**
 * The console's pure parts, without a browser: the search key ("bach dang" finds "Bạch Đằng"),
 * the Vietnamese sentence of every field-error code the API sends, and the dates it shows.
 */
import { describe, expect, it } from 'vitest';
import { daysBetween, todayInVietnam, viDate, viDateTime, viPercent } from '../../web/src/format.ts';
import { fieldLabel, fieldMessage, fieldSentence, problemMessage } from '../../web/src/messages.ts';
import { filterOrganizations, searchKey } from '../../web/src/search.ts';

describe('search', () => {
  const orgs = ['Đảng bộ phường Bạch Đằng', 'Đảng bộ xã Đồng Cốc', 'Chi bộ thôn Bản Đông'].map((name, i) => ({
    name,
    key: searchKey(name),
    level: i === 2 ? 'branch' : 'grassroots',
    state: i === 0 ? 'reported' : 'late',
  }));
  const names = (q: string, level = '', state = '') => filterOrganizations(orgs, q, level, state).map((o) => o.name);

  it('finds a name with or without diacritics, đ as d, in any case and order of words', () => {
    expect(names('bach dang')).toEqual(['Đảng bộ phường Bạch Đằng']);
    expect(names('Bạch Đằng')).toEqual(['Đảng bộ phường Bạch Đằng']);
    expect(names('DANG BACH')).toEqual(['Đảng bộ phường Bạch Đằng']);
    expect(names('dong')).toEqual(['Đảng bộ xã Đồng Cốc', 'Chi bộ thôn Bản Đông']);
    expect(names('  ')).toHaveLength(3);
    expect(names('hà nội')).toEqual([]);
  });

  it('keys decomposed input (NFD) like composed input', () => {
    expect(searchKey('Ba\u0323ch \u0110a\u0306\u0300ng')).toBe('bach dang');
  });

  it('filters by level and state', () => {
    expect(names('', 'branch')).toEqual(['Chi bộ thôn Bản Đông']);
    expect(names('', '', 'late')).toEqual(['Đảng bộ xã Đồng Cốc', 'Chi bộ thôn Bản Đông']);
    expect(names('dong', 'grassroots', 'late')).toEqual(['Đảng bộ xã Đồng Cốc']);
  });
});

describe('field errors in Vietnamese', () => {
  it.each([
    [{ path: '/congress/heldOn', code: 'required' }, 'Bắt buộc phải nhập.'],
    [{ path: '/committeeSize', code: 'invalid_type', params: { expected: 'number' } }, 'Phải là một số.'],
    [{ path: '/secretary/isLocal', code: 'invalid_type', params: { expected: 'boolean' } }, 'Phải chọn có hoặc không.'],
    [{ path: '/committeeSize', code: 'not_integer' }, 'Phải là số nguyên.'],
    [{ path: '/secretary/votes/valid', code: 'too_small', params: { minimum: 1, origin: 'number' } }, 'Phải từ 1 trở lên.'],
    [{ path: '/secretary/fullName', code: 'too_small', params: { minimum: 1, origin: 'string' } }, 'Không được để trống.'],
    [{ path: '/committeeSize', code: 'too_big', params: { maximum: 1000000, origin: 'number' } }, 'Không được lớn hơn 1.000.000.'],
    [{ path: '/notes', code: 'too_big', params: { maximum: 2000, origin: 'string' } }, 'Không được dài quá 2.000 ký tự.'],
    [{ path: '/recommendations', code: 'too_big', params: { maximum: 50, origin: 'array' } }, 'Tối đa 50 mục.'],
    [{ path: '/congress/heldOn', code: 'invalid_date' }, 'Ngày không hợp lệ (phải là một ngày có thật).'],
    [{ path: '/term', code: 'invalid_format' }, 'Sai định dạng.'],
    [{ path: '/secretary/concurrentRole', code: 'invalid_value', params: { allowed: ['people-committee-chair', 'village-head'] } }, 'Phải là một trong: chủ tịch UBND, trưởng thôn.'],
    [{ path: '/extra', code: 'unknown_field' }, 'Trường này không được chấp nhận.'],
    [{ path: '/congress/delegatesAttended', code: 'exceeds', params: { other: '/congress/delegatesElected' } }, 'Không được lớn hơn số đại biểu được triệu tập.'],
    [{ path: '/secretary/votes/valid', code: 'exceeds', params: { other: '/congress/delegatesAttended' } }, 'Không được lớn hơn số đại biểu có mặt.'],
    [{ path: '/congress/heldOn', code: 'date_in_future' }, 'Không được sau ngày gửi báo cáo: chỉ báo cáo đại hội đã diễn ra.'],
    [{ path: '/asOf', code: 'after_date', params: { other: '/issuedOn' } }, 'Không được sau ngày ban hành.'],
    [{ path: '/organizationId', code: 'unknown_organization' }, 'Không có tổ chức này trong danh sách của đợt đại hội.'],
    [{ path: '/x', code: 'invalid' }, 'Giá trị không hợp lệ.'],
    [{ path: '/x', code: 'a_code_added_later' }, 'Giá trị không hợp lệ.'],
  ])('%o → %s', (error, sentence) => {
    expect(fieldMessage(error)).toBe(sentence);
  });

  it('names the field, an item of a list by its number from 1, and an unknown path as it is', () => {
    expect(fieldLabel('/secretary/votes/for')).toBe('Số phiếu bầu bí thư');
    expect(fieldLabel('/recommendations/2')).toBe('Kiến nghị (mục 3)');
    expect(fieldLabel('/zzz')).toBe('/zzz');
    expect(fieldSentence({ path: '/congress/heldOn', code: 'required' })).toBe('Ngày đại hội: bắt buộc phải nhập.');
  });

  it('says every failure status in Vietnamese, a 500 with its request id only', () => {
    expect(problemMessage(401)).toBe('Khóa không hợp lệ hoặc đã bị thu hồi. Hãy đăng nhập lại.');
    expect(problemMessage(0)).toMatch(/^Không kết nối được/);
    for (const status of [400, 403, 404, 409, 413, 415, 429, 418]) expect(problemMessage(status)).not.toMatch(/[A-Za-z]{4,} [a-z]{4,}/);
    expect(problemMessage(500, 'req-1')).toBe('Máy chủ gặp lỗi, chưa xử lý được yêu cầu. Hãy thử lại sau. Mã yêu cầu: req-1.');
  });
});

describe('dates and numbers as the office reads them', () => {
  it('uses the day in Vietnam, dd/mm/yyyy, and a decimal comma', () => {
    expect(todayInVietnam(new Date('2020-06-30T17:30:00Z'))).toBe('2020-07-01');
    expect(viDate('2020-06-06')).toBe('06/06/2020');
    expect(viDateTime('2020-06-30T17:30:00Z')).toBe('01/07/2020 00:30');
    expect(daysBetween('2020-06-30', '2020-07-15')).toBe(15);
    expect(daysBetween('2020-08-31', '2020-07-15')).toBe(-47);
    expect(viPercent(81.5)).toBe('81,5%');
    expect(viPercent(100)).toBe('100%');
    expect(viPercent(null)).toBe('—');
  });
});

