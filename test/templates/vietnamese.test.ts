import { describe, expect, it } from 'vitest';
import {
  asSentence,
  comparableText,
  formatCount,
  formatPercent,
  listLines,
  placeAndDate,
  vietnameseDate,
} from '#templates/vietnamese.ts';
import { issuerInProse } from '#templates/campaign-facts.ts';

describe('Vietnamese typography', () => {
  it('writes dates with a leading zero for days below 10 and the months 1 and 2', () => {
    expect(vietnameseDate('2020-06-06')).toBe('ngày 06 tháng 6 năm 2020');
    expect(vietnameseDate('2021-02-15')).toBe('ngày 15 tháng 02 năm 2021');
    expect(vietnameseDate('2021-01-31')).toBe('ngày 31 tháng 01 năm 2021');
    expect(vietnameseDate('2020-12-10')).toBe('ngày 10 tháng 12 năm 2020');
    expect(placeAndDate('Quảng Ninh', '2020-06-06')).toBe('Quảng Ninh, ngày 06 tháng 6 năm 2020');
  });

  it('prints percents per CONTRACT §4', () => {
    expect(formatPercent(76.9)).toBe('76,9%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(12.5)).toBe('12,5%');
    expect(formatPercent(66.7)).toBe('66,7%');
    expect(formatPercent(null)).toBe('-');
    expect(formatPercent(null, 'chưa có')).toBe('chưa có');
  });

  it('groups thousands with a dot', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234)).toBe('1.234');
    expect(formatCount(1_000_000)).toBe('1.000.000');
  });

  it('compares sentences regardless of case, spacing, normalisation and a final stop', () => {
    const a = 'Đề nghị  tăng cường tập huấn.';
    const b = ' đề nghị tăng cường TẬP HUẤN '.normalize('NFD');
    expect(comparableText(a)).toBe(comparableText(b));
  });

  it('ends list lines with commas and the last with a full stop', () => {
    expect(listLines(['Ban Tổ chức Trung ương', 'Lưu VPTU.'])).toEqual(['- Ban Tổ chức Trung ương,', '- Lưu VPTU.']);
    expect(asSentence('Đề nghị')).toBe('Đề nghị.');
    expect(asSentence('Đề nghị?')).toBe('Đề nghị?');
  });

  it('writes the issuer as prose with its place capitalised', () => {
    const issuer = { name: 'TỈNH ỦY QUẢNG NINH', code: 'TU', place: 'Quảng Ninh', archiveCode: 'VPTU' };
    expect(issuerInProse(issuer)).toBe('Tỉnh ủy Quảng Ninh');
    expect(issuerInProse({ ...issuer, name: 'HUYỆN ỦY ĐÔNG TRIỀU', place: 'Đông Triều' })).toBe('Huyện ủy Đông Triều');
  });

  it('keeps abbreviations in their case when a name is written for prose', () => {
    const issuer = { name: 'ĐẢNG ỦY KHỐI CÁC CƠ QUAN UBND TỈNH HÀ GIANG', place: 'Hà Giang', code: 'ĐUK', parentName: null, archiveCode: 'VP' };
    expect(issuerInProse(issuer)).toBe('Đảng ủy khối các cơ quan UBND tỉnh Hà Giang');
    expect(issuerInProse({ ...issuer, name: 'ĐẢNG ĐOÀN HĐND TỈNH', place: 'Hà Giang' })).toBe('Đảng đoàn HĐND tỉnh');
  });
});
