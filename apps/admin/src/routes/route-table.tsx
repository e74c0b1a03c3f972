import type { ReactElement } from 'react';
import type { Role } from '../api/types';
import type { MessageKey } from '../i18n';
import { ComuneDetailPage } from '../pages/provider/ComuneDetailPage';
import { ComuniListPage } from '../pages/provider/ComuniListPage';
import { NewComunePage } from '../pages/provider/NewComunePage';
import { OnboardingPage } from '../pages/provider/onboarding/OnboardingPage';
import { PlatformAuditPage } from '../pages/provider/PlatformAuditPage';
import { QueuesPage } from '../pages/provider/QueuesPage';
import { AuditPage } from '../pages/town/AuditPage';
import { ContactsPage } from '../pages/town/ContactsPage';
import { DashboardPage } from '../pages/town/DashboardPage';
import { FeedsPage } from '../pages/town/FeedsPage';
import { UserDetailPage } from '../pages/town/UserDetailPage';
import { UsersPage } from '../pages/town/UsersPage';
import { BroadcastDetailPage } from '../pages/town/BroadcastDetailPage';
import { BroadcastsPage } from '../pages/town/BroadcastsPage';
import { NewBroadcastPage } from '../pages/town/NewBroadcastPage';
import { SettingsPage } from '../pages/town/SettingsPage';
import { SubscriberDetailPage } from '../pages/town/SubscriberDetailPage';
import { SubscribersPage } from '../pages/town/SubscribersPage';

/** A page of the signed-in app: where it is, who may open it, and its menu entry if it has one. */
export interface AppRoute {
  /** Under /admin/, without the leading slash. */
  path: string;
  element: ReactElement;
  roles: readonly Role[];
  nav?: MessageKey;
}

const PROVIDER: readonly Role[] = ['platform_admin'];
const TOWN_ADMIN: readonly Role[] = ['admin'];
const ANY_TOWN: readonly Role[] = ['admin', 'editor', 'sender', 'viewer'];
const WRITERS: readonly Role[] = ['admin', 'editor', 'sender'];

/**
 * Every page after login. A new page is one entry here (with `nav` to put it in the menus of the roles
 * that may open it); the API checks the same roles again on every request.
 */
export const APP_ROUTES: readonly AppRoute[] = [
  { path: 'fornitore/comuni', element: <ComuniListPage />, roles: PROVIDER, nav: 'provider.comuni.nav' },
  { path: 'fornitore/comuni/nuovo', element: <NewComunePage />, roles: PROVIDER },
  { path: 'fornitore/comuni/:id', element: <ComuneDetailPage />, roles: PROVIDER },
  { path: 'fornitore/comuni/:id/avvio', element: <OnboardingPage />, roles: PROVIDER },
  { path: 'fornitore/registro', element: <PlatformAuditPage />, roles: PROVIDER, nav: 'provider.audit.nav' },
  { path: 'fornitore/code', element: <QueuesPage />, roles: PROVIDER, nav: 'provider.queues.nav' },
  { path: 'cruscotto', element: <DashboardPage />, roles: ANY_TOWN, nav: 'dashboard.nav' },
  { path: 'messaggi', element: <BroadcastsPage />, roles: ANY_TOWN, nav: 'broadcasts.nav' },
  { path: 'messaggi/nuovo', element: <NewBroadcastPage />, roles: WRITERS },
  { path: 'messaggi/:id', element: <BroadcastDetailPage />, roles: ANY_TOWN },
  { path: 'iscritti', element: <SubscribersPage />, roles: ANY_TOWN, nav: 'subscribers.nav' },
  { path: 'iscritti/:id', element: <SubscriberDetailPage />, roles: ANY_TOWN },
  { path: 'utenti', element: <UsersPage />, roles: TOWN_ADMIN, nav: 'users.nav' },
  { path: 'utenti/:id', element: <UserDetailPage />, roles: TOWN_ADMIN },
  { path: 'contatti', element: <ContactsPage />, roles: ANY_TOWN, nav: 'contacts.nav' },
  { path: 'impostazioni', element: <SettingsPage />, roles: ANY_TOWN, nav: 'settings.nav' },
  { path: 'impostazioni/notizie-dal-sito', element: <FeedsPage />, roles: ANY_TOWN },
  { path: 'registro', element: <AuditPage />, roles: TOWN_ADMIN, nav: 'audit.nav' },
];

/** The menu of a role, in table order. */
export const navFor = (role: Role): AppRoute[] => APP_ROUTES.filter((r) => r.nav && r.roles.includes(role));

/** Where a role lands after login. */
export const homePath = (role: Role): string => (role === 'platform_admin' ? '/fornitore/comuni' : '/cruscotto');
