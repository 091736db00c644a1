/**
 * The console's shell: who is signed in (GET /me with the tab's key), the page frame (banner,
 * navigation, main) and the view the address names.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, KEY_REFUSED } from './api.ts';
import { Alert, errorText, Loading } from './components/ui.tsx';
import { problemMessage, ROLE_NAMES } from './messages.ts';
import { CampaignForm } from './pages/campaign-form.tsx';
import { CampaignsPage } from './pages/campaigns.tsx';
import { Dashboard } from './pages/dashboard.tsx';
import { DataPage } from './pages/data.tsx';
import { DocumentsPage } from './pages/documents.tsx';
import { KeysPage } from './pages/keys.tsx';
import { OrganizationPage } from './pages/organization.tsx';
import { OrganizationsPage } from './pages/organizations.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { SubmitterHome } from './pages/submitter.tsx';
import { href, useRoute, type Route } from './router.ts';
import { forgetKey, rememberKey, storedKey, takeKeyFromAddress } from './session.ts';
import type { Me } from './types.ts';

function App() {
  const route = useRoute();
  const [me, setMe] = useState<Me | null | undefined>(storedKey() ? undefined : null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (me !== undefined) return;
    getJson<Me>('/me')
      .then(setMe)
      .catch((err) => {
        forgetKey();
        setError(errorText(err));
        setMe(null);
      });
  }, [me]);

  useEffect(() => {
    const refused = () => {
      forgetKey();
      setError(problemMessage(401));
      setMe(null);
    };
    addEventListener(KEY_REFUSED, refused);
    return () => removeEventListener(KEY_REFUSED, refused);
  }, []);

  const signOut = () => {
    forgetKey();
    setMe(null);
    setError(null);
    location.hash = '#/';
  };

  if (me === undefined) return <Loading>Đang kiểm tra khóa…</Loading>;
  if (me === null)
    return (
      <SignIn
        error={error}
        onSignedIn={(key, who) => {
          rememberKey(key);
          setError(null);
          setMe(who);
          if (route.path[0] === 'dang-nhap') location.hash = '#/';
        }}
      />
    );
  return (
    <>
      <a class="skip" href="#noi-dung" onClick={(e) => (e.preventDefault(), document.getElementById('noi-dung')?.focus())}>
        Bỏ qua điều hướng
      </a>
      <header class="banner">
        <div class="brand">
          <a href="#/">Đại hội đảng bộ các cấp</a>
        </div>
        <nav aria-label="Chính">
          {me.role === 'secretariat' ? (
            <ul>
              <li>
                <a href="#/" aria-current={route.path.length === 0 || route.path[0] === 'dot' ? 'page' : undefined}>
                  Đợt đại hội
                </a>
              </li>
              <li>
                <a href={href('khoa')} aria-current={route.path[0] === 'khoa' ? 'page' : undefined}>
                  Khóa truy cập
                </a>
              </li>
            </ul>
          ) : (
            <ul>
              <li>
                <a href="#/" aria-current="page">
                  Báo cáo kết quả đại hội
                </a>
              </li>
            </ul>
          )}
        </nav>
        <div class="who">
          <span>
            {ROLE_NAMES[me.role]}
            {me.label ? `: ${me.label}` : ''}
          </span>
          <button type="button" id="dang-xuat" onClick={signOut}>
            Đăng xuất
          </button>
        </div>
      </header>
      <main id="noi-dung" tabIndex={-1}>
        <View me={me} route={route} />
      </main>
    </>
  );
}

function View({ me, route }: { me: Me; route: Route }) {
  const [first, id, section, sub] = route.path;
  if (me.role === 'submitter') return <SubmitterHome me={me} />;
  if (first === 'khoa') return <KeysPage />;
  if (first === 'dot-moi') return <CampaignForm />;
  if (first === 'dot' && id) {
    if (!section) return <Dashboard campaignId={id} />;
    if (section === 'sua') return <CampaignForm campaignId={id} />;
    if (section === 'to-chuc' && sub) return <OrganizationPage campaignId={id} organizationId={sub} />;
    if (section === 'to-chuc') return <OrganizationsPage campaignId={id} />;
    if (section === 'du-lieu') return <DataPage campaignId={id} />;
    if (section === 'van-ban') return <DocumentsPage campaignId={id} />;
  }
  if (first === undefined || first === 'dang-nhap') return <CampaignsPage />;
  return (
    <Alert>
      Không có trang này. <a href="#/">Về danh sách đợt đại hội</a>.
    </Alert>
  );
}

// A sign-in link's key is taken out of the address before anything else runs.
const linked = takeKeyFromAddress();
if (linked) rememberKey(linked);
render(<App />, document.getElementById('app')!);
