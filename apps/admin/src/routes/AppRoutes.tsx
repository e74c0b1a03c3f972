import { Navigate, Route, Routes } from 'react-router-dom';
import { AppShell } from '../components/layout/AppShell';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/common/NotFoundPage';
import { useUser } from '../session/context';
import { RequireRole, RequireSession } from './guards';
import { APP_ROUTES, homePath } from './route-table';

function Home() {
  return <Navigate to={homePath(useUser().role)} replace />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="accedi" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <AppShell />
          </RequireSession>
        }
      >
        <Route index element={<Home />} />
        {APP_ROUTES.map((r) => (
          <Route key={r.path} path={r.path} element={<RequireRole roles={r.roles}>{r.element}</RequireRole>} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
