/** Sign-in with a key: checked with GET /me before it is kept for this tab. */
import { useState } from 'preact/hooks';
import { getJson } from '../api.ts';
import { Alert, errorText, PageTitle } from '../components/ui.tsx';
import type { Me } from '../types.ts';

export function SignIn({ error, onSignedIn }: { error: string | null; onSignedIn: (key: string, me: Me) => void }) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(error);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!key.trim()) {
      setProblem('Hãy nhập khóa truy cập.');
      return;
    }
    setBusy(true);
    try {
      onSignedIn(key.trim(), await getJson<Me>('/me', { key: key.trim() }));
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="noi-dung" class="sign-in">
      <PageTitle>Đăng nhập</PageTitle>
      <p>
        Văn phòng điện tử theo dõi đại hội đảng bộ các cấp. Nhập khóa truy cập do văn phòng cấp ủy cấp cho đồng chí, hoặc
        mở đường liên kết đăng nhập đã được gửi.
      </p>
      <form onSubmit={submit} noValidate>
        <div class={`field${problem ? ' field-invalid' : ''}`}>
          <label for="khoa">Khóa truy cập</label>
          <input
            id="khoa"
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={key}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? 'khoa-error' : undefined}
            onInput={(e) => setKey(e.currentTarget.value)}
          />
          {problem && (
            <span class="field-error" id="khoa-error">
              {problem}
            </span>
          )}
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Đang kiểm tra…' : 'Đăng nhập'}
        </button>
      </form>
      <p class="muted">Khóa chỉ được giữ trong thẻ trình duyệt này và bị xóa khi đăng xuất hoặc đóng thẻ.</p>
      {error && !problem && <Alert>{error}</Alert>}
    </main>
  );
}
