import type { Level, TargetMetric } from '#core/model.ts';
import type { DocumentType } from '#core/schemas.ts';

/**
 * The words the documents are written with, in one place, each in the case it is printed in:
 * no template changes the case of a wording (an abbreviation such as UBND, HĐND, BCH or ĐH must
 * never come out as `ubnd`), so a wording used at the start of a line and inside a sentence is
 * written out twice.
 */

/** Abbreviations that keep their case wherever a name is rewritten for prose (campaign-facts.ts). */
export const ABBREVIATIONS: ReadonlySet<string> = new Set(['UBND', 'HĐND', 'MTTQ', 'BCH', 'ĐH', 'CAND', 'QĐND', 'TW']);

/** The type name printed in the title and the PDF Title. */
export const TYPE_NAME: Record<DocumentType, string> = {
  report: 'BÁO CÁO',
  proposal: 'TỜ TRÌNH',
  letter: 'CÔNG VĂN',
};

/** What a level's organizations are called inside a sentence (plural, lower case). */
export const LEVEL_NOUN: Record<Level, string> = {
  branch: 'chi bộ trực thuộc đảng ủy cơ sở',
  grassroots: 'tổ chức cơ sở đảng',
  district: 'đảng bộ cấp trên cơ sở',
};

/** The heading of a level's results. */
export const LEVEL_HEADING: Record<Level, string> = {
  branch: 'Đại hội chi bộ trực thuộc đảng ủy cơ sở',
  grassroots: 'Đại hội đảng bộ, chi bộ cơ sở',
  district: 'Đại hội đảng bộ cấp trên cơ sở',
};

/** Short column label of a level in tables. */
export const LEVEL_SHORT: Record<Level, string> = {
  branch: 'Chi bộ trực thuộc',
  grassroots: 'Tổ chức cơ sở đảng',
  district: 'Đảng bộ cấp trên cơ sở',
};

type TargetWording = {
  /** The breakthrough target as the plan states it, given its figure. */
  goal: (target: string) => string;
  /** Column label in the targets table. */
  label: string;
  /** The target named inside a sentence (the report's list of targets not met). */
  inSentence: string;
  isCount?: boolean;
};

export const TARGET_WORDING: Record<TargetMetric, TargetWording> = {
  directElectionPercent: {
    label: 'Bầu trực tiếp bí thư tại đại hội đảng bộ cơ sở và cấp trên cơ sở',
    inSentence: 'bầu trực tiếp bí thư tại đại hội đảng bộ cơ sở và cấp trên cơ sở',
    goal: (t) => `${t} đại hội đảng bộ cơ sở và cấp trên cơ sở bầu trực tiếp bí thư cấp ủy tại đại hội`,
  },
  districtNonLocalPercent: {
    label: 'Bí thư cấp ủy cấp huyện không phải người địa phương',
    inSentence: 'bí thư cấp ủy cấp huyện không phải người địa phương',
    goal: (t) => `${t} bí thư cấp ủy cấp huyện không phải là người địa phương`,
  },
  communeNonLocalPercent: {
    label: 'Bí thư cấp ủy cấp xã không phải người địa phương',
    inSentence: 'bí thư cấp ủy cấp xã không phải người địa phương',
    goal: (t) => `${t} trở lên bí thư cấp ủy cấp xã không phải là người địa phương`,
  },
  communeConcurrentChairPercent: {
    label: 'Bí thư cấp ủy cấp xã đồng thời là chủ tịch UBND cấp xã',
    inSentence: 'bí thư cấp ủy cấp xã đồng thời là chủ tịch UBND cấp xã',
    goal: (t) => `${t} trở lên bí thư cấp ủy cấp xã đồng thời là chủ tịch Ủy ban nhân dân cấp xã`,
  },
  districtConcurrentChairCount: {
    label: 'Số địa phương cấp huyện có bí thư đồng thời là chủ tịch UBND',
    inSentence: 'số địa phương cấp huyện có bí thư đồng thời là chủ tịch UBND',
    goal: (t) => `bí thư cấp ủy đồng thời là chủ tịch Ủy ban nhân dân cấp huyện ở ${t} địa phương`,
    isCount: true,
  },
  villageBranchHeadPercent: {
    label: 'Bí thư chi bộ đồng thời là trưởng thôn, bản, khu phố',
    inSentence: 'bí thư chi bộ đồng thời là trưởng thôn, bản, khu phố',
    goal: (t) => `${t} bí thư chi bộ thôn, bản, khu phố đồng thời là trưởng thôn, bản, khu phố`,
  },
};

export const VERDICT = { met: 'Đạt', notMet: 'Chưa đạt' } as const;

/** A letter's subject when the request gives none (printed after `V/v `). */
export const DEFAULT_LETTER_SUBJECT = 'kiến nghị của các tổ chức đảng về công tác đại hội';
