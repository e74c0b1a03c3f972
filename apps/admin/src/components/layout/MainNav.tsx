import { Collapse, Header, HeaderContent, HeaderToggler, Icon, Nav, NavItem } from 'design-react-kit';
import { useEffect, useState } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import type { Role } from '../../api/types';
import { t } from '../../i18n';
import { navFor } from '../../routes/route-table';

/** The role's menu, from the route table. Below 992px it opens as a panel from the burger button. */
export function MainNav({ role }: { role: Role }) {
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  useEffect(() => setOpen(false), [pathname]);
  const items = navFor(role);

  return (
    <nav id="navigazione" aria-label={t('nav.label')} tabIndex={-1}>
      <Header type="navbar" theme="">
        <HeaderContent expand="lg" megamenu={false}>
          <HeaderToggler
            aria-controls="menu-principale"
            isOpen={open}
            aria-label={open ? t('nav.close') : t('nav.open')}
            onClick={() => setOpen(!open)}
          >
            <Icon icon="it-burger" aria-hidden />
          </HeaderToggler>
          <Collapse
            id="menu-principale"
            isOpen={open}
            navbar
            header
            onOverlayClick={() => setOpen(false)}
            closeSrText={t('nav.close')}
          >
            <div className="menu-wrapper">
              <Nav navbar>
                {items.map((item) => (
                  <NavItem key={item.path}>
                    <NavLink to={`/${item.path}`} className="nav-link">
                      <span>{t(item.nav!)}</span>
                    </NavLink>
                  </NavItem>
                ))}
              </Nav>
            </div>
          </Collapse>
        </HeaderContent>
      </Header>
    </nav>
  );
}
