import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '../api/types';
import { LoadingPanel } from '../components/feedback/LoadingPanel';
import { ForbiddenPage } from '../pages/common/ForbiddenPage';
import { useSession, useUser } from '../session/context';

/** Signed-in pages: while a reload restores the session, wait; without a session, go to the login. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { status, ended } = useSession();
  const location = useLocation();
  if (status === 'restoring') {
    return (
      <main id="contenuto" className="container py-5">
        <LoadingPanel />
      </main>
    );
  }
  if (status === 'signed-out') {
    // After an expiry the same person comes back to this page; after a logout, whoever logs in next starts afresh.
    const state = ended === 'logout' ? null : { from: location.pathname + location.search };
    return <Navigate to="/accedi" replace state={state} />;
  }
  return <>{children}</>;
}

/** A page for some roles only: others get "non autorizzato", and the page (with its requests) never mounts. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const user = useUser();
  return roles.includes(user.role) ? <>{children}</> : <ForbiddenPage />;
}
