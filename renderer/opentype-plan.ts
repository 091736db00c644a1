/**
 * What fontkit's OpenType engine does to text made of ordinary glyphs, read from a face's GSUB
 * and GPOS tables the way fontkit applies them (for simple-shaper.ts).
 *
 * fontkit's default shaper applies, for left-to-right text, the GSUB and GPOS lookups of the
 * features below in the script's default language system (the script's own table, else DFLT,
 * dflt or latn). For a given set of "ordinary" glyphs (those of plain letters, digits and
 * punctuation) this module answers two questions:
 *
 * - which of them a lookup could change when a word holds only ordinary glyphs (`involved`):
 *   a substitution covering the glyph, a ligature whose components are all ordinary, a context
 *   every part of which an ordinary glyph can fill, a cursive attachment covering it, and the
 *   glyphs GDEF classes as marks (mark attachment moves those);
 * - the kerning of a pair of ordinary glyphs (`kern`): the sum over the `kern` lookups of the
 *   first glyph's advance change from the first PairPos subtable that applies, as fontkit's
 *   GPOSProcessor computes it.
 *
 * Anything this module does not model (variable fonts, kern lookups of other types or flags,
 * placements or a second glyph's adjustment, a legacy `kern` table in use) makes the plan
 * undefined or the pair UNSAFE, and the caller leaves the word to fontkit. The test
 * test/renderer/simple-shaper.test.ts checks the answers against fontkit's layout.
 */

export const UNSAFE = Symbol('not modelled');

/** fontkit's default features for horizontal left-to-right text (DefaultShaper), by table. */
const GSUB_FEATURES = ['rvrn', 'ltra', 'ltrm', 'ccmp', 'locl', 'rlig', 'calt', 'clig', 'liga', 'rclt'];
const GPOS_FEATURES = ['ltra', 'ltrm', 'mark', 'mkmk', 'curs', 'kern'];
/** fontkit's fallback when a table has no entry for the script. */
const DEFAULT_SCRIPTS = ['DFLT', 'dflt', 'latn'];

type Coverage = { version: 1; glyphs: ArrayLike<number> } | { version: 2; rangeRecords: { start: number; end: number; startCoverageIndex: number }[] };
type ClassDef = { version: 1; startGlyph: number; classValueArray: ArrayLike<number> } | { version: 2; classRangeRecord: { start: number; end: number; class: number }[] };
type ValueRecord = { xAdvance?: number; yAdvance?: number; xPlacement?: number; yPlacement?: number } | undefined;
type Lazy<T> = Iterable<T> & { get(index: number): T; length: number };
type Subtable = Record<string, unknown> & { version?: number; lookupType?: number; extension?: Subtable };
type Lookup = { lookupType: number; flags: { flags: Record<string, boolean>; markAttachmentType: number }; subTables: Lazy<Subtable> };
type LayoutTable = {
  scriptList: { tag: string; script: { defaultLangSys?: { featureIndexes: number[] } } }[];
  featureList: { tag: string; feature: { lookupListIndexes: number[] } }[];
  lookupList: Lazy<Lookup>;
  featureVariations?: unknown;
};
export type PlanFont = { GSUB?: LayoutTable; GPOS?: LayoutTable; GDEF?: { glyphClassDef: ClassDef }; kern?: unknown; _variationProcessor?: unknown };

/** GDEF's glyph class of marks. */
const MARK_CLASS = 3;

export type Plan = {
  /** Ordinary glyphs a lookup may change in a word of ordinary glyphs only. */
  involved: ReadonlySet<number>;
  /** Ordinary glyphs that start a ligature, with the glyphs that may follow them in one (`f` → `i`, `l`, `f`…). */
  ligatures: ReadonlyMap<number, ReadonlySet<number>>;
  /** The kerning of a pair (font units), or UNSAFE. */
  kern(first: number, second: number): number | typeof UNSAFE;
};

/** The plan for `script` (fontkit's tag), or undefined when this font is beyond this module. */
export function planFor(font: PlanFont, script: string, ordinary: ReadonlySet<number>): Plan | undefined {
  if (font._variationProcessor) return undefined;
  const gsub = lookupsFor(font.GSUB, script, GSUB_FEATURES);
  const gpos = lookupsFor(font.GPOS, script, GPOS_FEATURES);
  if (gsub === undefined || gpos === undefined) return undefined;
  // Without a GPOS `kern` feature fontkit kerns with the legacy table: not modelled.
  if (!gpos.features.has('kern') && font.kern) return undefined;

  const involved = new Set<number>();
  const ligatures = new Map<number, Set<number>>();
  const touch = (coverage: Coverage) => {
    for (const glyph of coverageGlyphs(coverage)) if (ordinary.has(glyph)) involved.add(glyph);
  };
  for (const { lookup: decode } of gsub.entries()) {
    const lookup = decode();
    for (const raw of lookup.subTables) {
      const [type, table] = unwrap(lookup.lookupType, raw, 7);
      if (type === 4) {
        // A ligature can form only if every component after the first can be an ordinary glyph,
        // and only where its second component follows the first.
        const covered = coverageGlyphs(table.coverage as Coverage);
        const sets = table.ligatureSets as Lazy<Lazy<{ components: ArrayLike<number> }>>;
        covered.forEach((glyph, index) => {
          if (!ordinary.has(glyph)) return;
          for (const ligature of sets.get(index)) {
            const components = Array.from(ligature.components);
            if (!components.every((c) => ordinary.has(c))) continue;
            if (components.length === 0) involved.add(glyph);
            else {
              let next = ligatures.get(glyph);
              if (!next) ligatures.set(glyph, (next = new Set()));
              next.add(components[0]!);
            }
          }
        });
      } else if ((type === 5 || type === 6) && table.version === 3) {
        // Coverage-based context: it matches only if an ordinary glyph can fill every part.
        const parts = [table.backtrackCoverage, table.inputCoverage ?? table.coverages, table.lookaheadCoverage].flatMap(
          (list) => (list ?? []) as Coverage[],
        );
        if (parts.every((part) => coverageGlyphs(part).some((g) => ordinary.has(g)))) {
          for (const part of (table.inputCoverage ?? table.coverages) as Coverage[]) touch(part);
        }
      } else {
        touch(table.coverage as Coverage);
      }
    }
  }

  const kernLookups: Lookup[] = [];
  for (const { feature, lookup } of gpos.entries()) {
    if (feature === 'kern') kernLookups.push(lookup());
    else if (feature === 'mark' || feature === 'mkmk') {
      // Mark attachment moves the glyphs its mark coverage holds: the font's marks. Reading that
      // coverage would decode the lookups' anchor tables (large, and what fontkit needs only when
      // text has marks), so the marks are taken from GDEF's glyph classes instead.
      for (const glyph of ordinary) if (font.GDEF && classId(font.GDEF.glyphClassDef, glyph) === MARK_CLASS) involved.add(glyph);
    } else {
      for (const raw of lookup().subTables) touch(unwrap(lookup().lookupType, raw, 9)[1].coverage as Coverage);
    }
  }

  return { involved, ligatures, kern: (first, second) => kern(kernLookups, first, second) };
}

/** GPOSProcessor's pair kerning: per lookup, the first subtable that applies. */
function kern(lookups: readonly Lookup[], first: number, second: number): number | typeof UNSAFE {
  let advance = 0;
  for (const lookup of lookups) {
    const { flags, markAttachmentType } = lookup.flags;
    if (flags.ignoreBaseGlyphs || flags.ignoreLigatures || markAttachmentType) return UNSAFE;
    for (const raw of lookup.subTables) {
      const [type, table] = unwrap(lookup.lookupType, raw, 9);
      if (type !== 2) return UNSAFE;
      const index = coverageIndex(table.coverage as Coverage, first);
      if (index === -1) continue;
      let values: { value1: ValueRecord; value2: ValueRecord } | undefined;
      if (table.version === 1) {
        for (const pair of (table.pairSets as Lazy<Lazy<{ secondGlyph: number; value1: ValueRecord; value2: ValueRecord }>>).get(index)) {
          if (pair.secondGlyph === second) {
            values = pair;
            break;
          }
        }
        if (!values) continue;
      } else if (table.version === 2) {
        const class1 = classId(table.classDef1 as ClassDef, first);
        const class2 = classId(table.classDef2 as ClassDef, second);
        values = (table.classRecords as Lazy<Lazy<{ value1: ValueRecord; value2: ValueRecord }>>).get(class1).get(class2);
      } else {
        return UNSAFE;
      }
      const { value1, value2 } = values!;
      if (value1?.xPlacement || value1?.yPlacement || value1?.yAdvance) return UNSAFE;
      if (value2 && (value2.xAdvance || value2.xPlacement || value2.yPlacement || value2.yAdvance)) return UNSAFE;
      advance += value1?.xAdvance ?? 0;
      break;
    }
  }
  return advance;
}

/** OTProcessor#selectScript + lookupsForFeatures, for the default language system. */
type Selected = {
  features: Set<string>;
  /** The lookups of the features, in lookup-list order, each decoded when asked for. */
  entries(): { feature: string; lookup: () => Lookup }[];
};

function lookupsFor(table: LayoutTable | undefined, script: string, features: readonly string[]): Selected | undefined {
  const none: Selected = { features: new Set(), entries: () => [] };
  if (!table) return none;
  if (table.featureVariations) return undefined;
  const entry = [script, ...DEFAULT_SCRIPTS].map((tag) => table.scriptList.find((s) => s.tag === tag)).find(Boolean);
  const langSys = entry?.script.defaultLangSys;
  if (!langSys) return none;
  const present = new Set<string>();
  const entries: { feature: string; lookup: () => Lookup; index: number }[] = [];
  for (const featureIndex of langSys.featureIndexes) {
    const record = table.featureList[featureIndex]!;
    if (!features.includes(record.tag)) continue;
    present.add(record.tag);
    for (const index of record.feature.lookupListIndexes) entries.push({ feature: record.tag, lookup: () => table.lookupList.get(index), index });
  }
  entries.sort((a, b) => a.index - b.index);
  return { features: present, entries: () => entries };
}

function unwrap(type: number, table: Subtable, extension: number): [number, Subtable] {
  return type === extension ? [table.lookupType!, table.extension!] : [type, table];
}

function coverageGlyphs(coverage: Coverage | undefined): number[] {
  if (!coverage) return [];
  if (coverage.version === 1) return Array.from(coverage.glyphs);
  const glyphs: number[] = [];
  for (const range of coverage.rangeRecords) for (let g = range.start; g <= range.end; g++) glyphs.push(g);
  return glyphs;
}

/** OTProcessor#coverageIndex. */
function coverageIndex(coverage: Coverage, glyph: number): number {
  if (coverage.version === 1) return Array.prototype.indexOf.call(coverage.glyphs, glyph) as number;
  for (const range of coverage.rangeRecords) if (range.start <= glyph && glyph <= range.end) return range.startCoverageIndex + glyph - range.start;
  return -1;
}

/** OTProcessor#getClassID. */
function classId(classDef: ClassDef, glyph: number): number {
  if (classDef.version === 1) {
    const i = glyph - classDef.startGlyph;
    if (i >= 0 && i < classDef.classValueArray.length) return classDef.classValueArray[i]!;
  } else {
    for (const range of classDef.classRangeRecord) if (range.start <= glyph && glyph <= range.end) return range.class;
  }
  return 0;
}
