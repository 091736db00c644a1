/**
 * The key of this browser tab. It arrives typed in the sign-in form or in a sign-in link's
 * fragment (`#/dang-nhap?khoa=…`, never the query, so it is never sent to a server or logged),
 * lives in sessionStorage only (gone when the tab closes) and is forgotten on sign-out.
 */
const STORAGE_KEY = 'congress-docs.key';

export function storedKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function rememberKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key.trim());
}

export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** The link that signs a submitter in: the key in the fragment of the console's address. */
export function signInLink(origin: string, key: string): string {
  return `${origin}/#/dang-nhap?khoa=${encodeURIComponent(key)}`;
}

/**
 * Takes a key out of the address (`#/dang-nhap?khoa=…` or `#key=…`) and removes it from the
 * address bar and the history entry at once, so that it cannot be bookmarked or shared by accident.
 */
export function takeKeyFromAddress(): string | null {
  const hash = location.hash;
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : hash.startsWith('#key=') ? hash.slice(1) : '';
  const params = new URLSearchParams(query);
  const key = params.get('khoa') ?? params.get('key');
  if (!key) return null;
  history.replaceState(null, '', `${location.pathname}#/`);
  return key.trim();
}
