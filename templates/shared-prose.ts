import type { LevelStats, TargetMetric } from '#core/model.ts';
import type { RenderInput } from '#core/render-input.ts';
import { standingCommittee } from './campaign-facts.ts';
import { formatCount, formatPercent, shortDate } from './vietnamese.ts';
import { TARGET_WORDING } from './vocabulary.ts';

/** Sentences more than one document type writes, built from the data. */

/** `Thực hiện Chỉ thị …, Ban Thường vụ Tỉnh ủy … đã ban hành Kế hoạch số 308-KH/TU …`. */
export function planSentence(input: RenderInput): string {
  const { campaign } = input;
  const speaker = standingCommittee(campaign.issuer);
  const plan = campaign.plan?.number
    ? `đã ban hành Kế hoạch số ${campaign.plan.number} để lãnh đạo, chỉ đạo`
    : 'đã tập trung lãnh đạo, chỉ đạo';
  return (
    `Thực hiện ${campaign.directive.title}, ${speaker} ${plan} tổ chức đại hội đảng bộ các cấp nhiệm kỳ ` +
    `${campaign.term}, bảo đảm đúng nguyên tắc, tiến độ và chất lượng.`
  );
}

/** The target as the plan states it: `75%` or `3`. */
export function targetFigure(metric: TargetMetric, target: number): string {
  return TARGET_WORDING[metric].isCount ? formatCount(target) : formatPercent(target);
}

/** `Kế hoạch xác định các chỉ tiêu đột phá: 100% …; 75% trở lên …`. */
export function targetsSentence(input: RenderInput): string {
  const goals = input.stats.targets.map((t) => TARGET_WORDING[t.metric].goal(targetFigure(t.metric, t.target)));
  return `Kế hoạch xác định các chỉ tiêu đột phá: ${goals.join('; ')}.`;
}

/** `Hoàn thành ngày 18/1/2020, sớm hơn 13 ngày so với tiến độ (ngày 31/1/2020).` */
export function completionSentence(s: LevelStats, deadline: string): string {
  const days = s.daysBeforeDeadline ?? 0;
  const when = `Hoàn thành ngày ${shortDate(s.completedOn ?? s.lastHeldOn ?? deadline)}`;
  if (days > 0) return `${when}, sớm hơn ${formatCount(days)} ngày so với tiến độ (ngày ${shortDate(deadline)}).`;
  if (days < 0) return `${when}, chậm ${formatCount(-days)} ngày so với tiến độ (ngày ${shortDate(deadline)}).`;
  return `${when}, đúng tiến độ đề ra.`;
}
