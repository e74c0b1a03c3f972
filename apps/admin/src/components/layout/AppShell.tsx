import { useEffect, useRef } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { OwnComuneProvider } from '../../session/OwnComuneProvider';
import { useUser } from '../../session/context';
import { AppHeader } from './AppHeader';
import { SkipLinks } from './SkipLinks';

/** Longer than the closing slide of the phone menu, which then gives the focus back to its button. */
const MENU_CLOSE_MS = 400;

/** After in-app navigation, the focus goes to the new page's h1 so screen readers announce it. */
function useFocusOnNavigation(): void {
  const { pathname, search, state } = useLocation();
  const navigate = useNavigate();
  const previous = useRef(pathname);
  const afterLogin = (state as { afterLogin?: boolean } | null)?.afterLogin === true;
  useEffect(() => {
    const focus = () => (document.querySelector<HTMLElement>('main h1') ?? document.getElementById('contenuto'))?.focus();
    // First render (twice under StrictMode): a page load keeps the focus at the top, where the skip
    // links are; coming from the login form (whose button is gone), the focus goes to the page.
    if (previous.current === pathname) {
      if (!afterLogin) return;
      focus();
      navigate({ pathname, search }, { replace: true, state: null }); // not again on a reload
      return;
    }
    previous.current = pathname;
    // Chosen from the phone menu: wait until the menu has closed and handed the focus back, then move it.
    const menuOpen = document.querySelector('.navbar-collapsable[role="dialog"]') !== null;
    if (!menuOpen) return focus();
    const timer = window.setTimeout(focus, MENU_CLOSE_MS);
    return () => window.clearTimeout(timer);
  }, [pathname, search, afterLogin, navigate]);
}

/** The signed-in layout: skip links, header with the role's menu, the page. */
export function AppShell() {
  const user = useUser();
  useFocusOnNavigation();
  return (
    <OwnComuneProvider>
      <SkipLinks />
      <AppHeader user={user} />
      <main id="contenuto" tabIndex={-1} className="app-main">
        <div className="container-xxl py-4 py-lg-5">
          <Outlet />
        </div>
      </main>
    </OwnComuneProvider>
  );
}
