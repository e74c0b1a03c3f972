import { Header, HeaderContent, Headers } from 'design-react-kit';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { t } from '../../i18n';
import { SkipLinks } from './SkipLinks';

/** The layout before login: the service's name and the content. */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <>
      <SkipLinks withNav={false} />
      <header>
        <Headers>
          <Header type="slim">
            <HeaderContent>
              <span className="navbar-brand">{t('app.name')}</span>
            </HeaderContent>
          </Header>
          <Header type="center" small>
            <HeaderContent>
              <div className="it-brand-wrapper">
                <Link to="/accedi">
                  <div className="it-brand-text">
                    <div className="it-brand-title">{t('app.name')}</div>
                    <div className="it-brand-tagline d-none d-md-block">{t('app.tagline')}</div>
                  </div>
                </Link>
              </div>
            </HeaderContent>
          </Header>
        </Headers>
      </header>
      <main id="contenuto" tabIndex={-1} className="app-main">
        <div className="container-xxl py-4 py-lg-5">{children}</div>
      </main>
    </>
  );
}
