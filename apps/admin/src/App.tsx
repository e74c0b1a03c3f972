import { BrowserRouter } from 'react-router-dom';
import { ToastProvider } from './components/feedback/ToastProvider';
import { AppRoutes } from './routes/AppRoutes';
import { SessionProvider } from './session/SessionProvider';

/** The router lives under the base the API serves the app from (/admin/). */
const basename = import.meta.env.BASE_URL.replace(/\/$/, '');

export function App() {
  return (
    <BrowserRouter basename={basename}>
      <ToastProvider>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </ToastProvider>
    </BrowserRouter>
  );
}
