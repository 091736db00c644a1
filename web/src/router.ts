/**
 * Hash routing: every view is `/#/…`, so the server serves one page (`/`, `/index.html`) and
 * its assets, nothing else. Segments are Vietnamese words a person can read in the address bar.
 */
import { useEffect, useState } from 'preact/hooks';

export type Route = { path: string[]; query: URLSearchParams };

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => setRoute(currentRoute());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

export function go(...segments: string[]): void {
  location.hash = href(...segments);
}
