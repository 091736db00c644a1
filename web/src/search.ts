/** Finding organizations by name as the office types it: with or without diacritics, any case. */

/**
 * The search key of a name: lower case, without diacritics, đ as d, spaces collapsed, so that
 * "bach dang" finds "Đảng bộ phường Bạch Đằng" and so does "Bạch Đằng".
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every word of the query in the name's key, and the level and state when chosen. */
export function filterOrganizations<T extends { key: string; level: string; state?: string }>(orgs: T[], query: string, level: string, state: string): T[] {
  const words = searchKey(query).split(' ').filter(Boolean);
  return orgs.filter((o) => (!level || o.level === level) && (!state || o.state === state) && words.every((w) => o.key.includes(w)));
}
