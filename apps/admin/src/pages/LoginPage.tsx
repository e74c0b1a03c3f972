import { Button } from 'design-react-kit';
import { useRef, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { toApiError } from '../api/errors';
import { LoadingPanel } from '../components/feedback/LoadingPanel';
import { ProgressBar } from '../components/feedback/ProgressBar';
import { PasswordField } from '../components/forms/PasswordField';
import { TextField } from '../components/forms/TextField';
import { Panel } from '../components/layout/Panel';
import { PublicShell } from '../components/layout/PublicShell';
import { usePageTitle } from '../hooks/usePageTitle';
import { t } from '../i18n';
import { homePath } from '../routes/route-table';
import { useSession } from '../session/context';

/** Login for town and provider staff. Errors are the API's own Italian messages (wrong password, too many attempts…). */
export function LoginPage() {
  usePageTitle(t('login.title'));
  const { status, user, ended, login } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  if (status === 'signed-in' && user && !busy) return <Navigate to={from ?? homePath(user.role)} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError(t('login.missing'));
      errorRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const signedIn = await login(email.trim(), password);
      navigate(from && from !== '/' ? from : homePath(signedIn.role), { replace: true, state: { afterLogin: true } });
    } catch (err) {
      setError(toApiError(err).message);
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <PublicShell>
      <div className="row justify-content-center">
        <div className="col-12 col-md-8 col-lg-6 col-xl-5">
          <h1 className="mb-3">{t('login.title')}</h1>
          <p className="lead">{t('login.intro')}</p>
          {status === 'restoring' ? (
            <LoadingPanel />
          ) : (
            <Panel>
                {ended === 'expired' && !error && <div className="alert alert-warning">{t('error.sessionExpired')}</div>}
                {ended === 'logout' && !error && <div className="alert alert-info">{t('login.loggedOut')}</div>}
                <div ref={errorRef} tabIndex={-1} role="alert" className={error ? 'alert alert-danger' : undefined}>
                  {error}
                </div>
                <form noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
                  <TextField
                    id="email"
                    label={t('login.email')}
                    type="email"
                    autoComplete="username"
                    inputMode="email"
                    spellCheck={false}
                    value={email}
                    onChange={(e) => setEmail(e.target.value)}
                    required
                  />
                  <PasswordField
                    id="password"
                    label={t('login.password')}
                    autoComplete="current-password"
                    value={password}
                    onChange={setPassword}
                    required
                  />
                  {busy && <ProgressBar label={t('login.submitting')} className="mb-3" />}
                  <Button type="submit" color="primary" block disabled={busy}>
                    {t('login.submit')}
                  </Button>
                </form>
            </Panel>
          )}
        </div>
      </div>
    </PublicShell>
  );
}
