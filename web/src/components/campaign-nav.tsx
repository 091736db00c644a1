/** The sections of one campaign, as tabs of links (each is its own address). */
import { href } from '../router.ts';

const SECTIONS = [
  ['', 'Tổng quan'],
  ['to-chuc', 'Tổ chức'],
  ['du-lieu', 'Nhập, xuất dữ liệu'],
  ['van-ban', 'Văn bản'],
  ['sua', 'Thông tin đợt'],
] as const;

export function CampaignNav({ campaignId, current, name }: { campaignId: string; current: string; name?: string }) {
  return (
    <nav aria-label="Đợt đại hội" class="tabs">
      <p class="campaign-name">{name ?? campaignId}</p>
      <ul>
        {SECTIONS.map(([section, label]) => (
          <li key={section}>
            <a
              href={section ? href('dot', campaignId, section) : href('dot', campaignId)}
              aria-current={current === section ? 'page' : undefined}
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
