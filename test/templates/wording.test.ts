import { describe, expect, it } from 'vitest';
import type { TargetMetric, TargetResult } from '#core/model.ts';
import type { RenderInput } from '#core/render-input.ts';
import { renderPdf } from '#templates/render.ts';
import { readPdf } from '../support/pdf-reader.ts';
import { exampleInput } from './fixtures.ts';

/**
 * Wording keeps its case (issue 11): an abbreviation such as UBND is never lowercased or recased,
 * in the targets table or in the verdict sentence under it, whichever targets are met. The
 * expected strings are written out as a reader sees them printed.
 */

/** The six breakthrough targets, in the order of this test's statistics, with their row label as printed. */
const TARGETS: readonly { metric: TargetMetric; label: string }[] = [
  { metric: 'directElectionPercent', label: 'Bầu trực tiếp bí thư tại đại hội đảng bộ cơ sở và cấp trên cơ sở' },
  { metric: 'districtNonLocalPercent', label: 'Bí thư cấp ủy cấp huyện không phải người địa phương' },
  { metric: 'communeNonLocalPercent', label: 'Bí thư cấp ủy cấp xã không phải người địa phương' },
  { metric: 'communeConcurrentChairPercent', label: 'Bí thư cấp ủy cấp xã đồng thời là chủ tịch UBND cấp xã' },
  { metric: 'districtConcurrentChairCount', label: 'Số địa phương cấp huyện có bí thư đồng thời là chủ tịch UBND' },
  { metric: 'villageBranchHeadPercent', label: 'Bí thư chi bộ đồng thời là trưởng thôn, bản, khu phố' },
];
const LABELS = TARGETS.map((t) => t.label);

/** The example report with these targets met (by index in TARGETS) and the others not. */
async function reportWithMet(met: readonly number[]): Promise<string> {
  const input = exampleInput('report');
  const targets: TargetResult[] = TARGETS.map(({ metric }, i) => ({
    metric,
    target: metric === 'districtConcurrentChairCount' ? 3 : 75,
    actual: metric === 'districtConcurrentChairCount' ? (met.includes(i) ? 3 : 1) : met.includes(i) ? 80 : 50,
    met: met.includes(i),
  }));
  const variant: RenderInput = { ...input, stats: { ...input.stats, targets } };
  const pdf = await readPdf((await renderPdf(variant)).pdf);
  // The text as one flow: a sentence may run over a page break, where the page number is printed.
  const runs = pdf.pages.flatMap((page) => page.runs.filter((run) => run.text !== String(page.number) || run.baseline > 60));
  return runs.map((run) => run.text).join(' ').replace(/\s+/g, ' ');
}

describe('the breakthrough targets, in their printed case', () => {
  it('all met: every label in the table, and the verdict', async () => {
    const text = await reportWithMet([0, 1, 2, 3, 4, 5]);
    for (const label of LABELS) expect(text).toContain(label);
    expect(text).toContain('Đã đạt cả 6 chỉ tiêu đột phá đề ra.');
  });

  it('none met: every label in the table, and the verdict', async () => {
    const text = await reportWithMet([]);
    for (const label of LABELS) expect(text).toContain(label);
    expect(text).toContain('Chưa đạt chỉ tiêu đột phá nào trong 6 chỉ tiêu đề ra; cần tập trung chỉ đạo trong thời gian tới.');
  });

  it('some met: every target not met is named in the sentence with its abbreviations intact', async () => {
    const firstMet = await reportWithMet([0]);
    for (const label of LABELS) expect(firstMet).toContain(label);
    expect(firstMet).toContain(
      'Đã đạt 1/6 chỉ tiêu đột phá; chưa đạt: bí thư cấp ủy cấp huyện không phải người địa phương; ' +
        'bí thư cấp ủy cấp xã không phải người địa phương; bí thư cấp ủy cấp xã đồng thời là chủ tịch UBND cấp xã; ' +
        'số địa phương cấp huyện có bí thư đồng thời là chủ tịch UBND; bí thư chi bộ đồng thời là trưởng thôn, bản, khu phố.',
    );
    const allButFirst = await reportWithMet([1, 2, 3, 4, 5]);
    expect(allButFirst).toContain('Đã đạt 5/6 chỉ tiêu đột phá; chưa đạt: bầu trực tiếp bí thư tại đại hội đảng bộ cơ sở và cấp trên cơ sở.');
    for (const text of [firstMet, allButFirst]) expect(text).not.toMatch(/ubnd|Ubnd|hđnd/u);
  });
});
