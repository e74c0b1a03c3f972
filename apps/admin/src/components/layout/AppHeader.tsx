import { Button, Header, HeaderContent, HeaderRightZone, Headers } from 'design-react-kit';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { SessionUser } from '../../api/types';
import { t } from '../../i18n';
import { useOwnComune, useSession } from '../../session/context';
import { MainNav } from './MainNav';

/** Bootstrap Italia header: service and user (slim bar), comune or provider (centre), menu (navbar). */
export function AppHeader({ user }: { user: SessionUser }) {
  const { logout } = useSession();
  const { comune } = useOwnComune();
  const [leaving, setLeaving] = useState(false);
  const isProvider = user.role === 'platform_admin';
  const brand = isProvider ? t('app.providerTitle') : comune ? t('app.comuneOf', { name: comune.name }) : t('app.name');

  return (
    <header>
      <Headers shadow>
        <Header type="slim">
          <HeaderContent>
            <span className="navbar-brand d-none d-sm-block">{t('app.name')}</span>
            <HeaderRightZone className="user-zone">
              <p className="user-identity mb-0">
                <span className="visually-hidden">{t('header.user')} </span>
                <span className="user-name">{user.fullName}</span>
                <span className="visually-hidden">, </span>
                <span className="user-role">{t(`role.${user.role}`)}</span>
              </p>
              <Button
                color="primary"
                size="sm"
                className="btn-logout"
                disabled={leaving}
                onClick={() => {
                  setLeaving(true);
                  void logout();
                }}
              >
                {t('header.logout')}
              </Button>
            </HeaderRightZone>
          </HeaderContent>
        </Header>
        <div className="it-nav-wrapper">
          <Header type="center" small>
            <HeaderContent>
              <div className="it-brand-wrapper">
                <Link to="/">
                  <div className="it-brand-text">
                    <div className="it-brand-title">{brand}</div>
                    <div className="it-brand-tagline d-none d-md-block">{t('app.tagline')}</div>
                  </div>
                </Link>
              </div>
            </HeaderContent>
          </Header>
          <MainNav role={user.role} />
        </div>
      </Headers>
    </header>
  );
}
