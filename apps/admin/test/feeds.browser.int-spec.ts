import type { Page } from 'playwright-core';
import { rss, SAN_GIULIANO } from '../../../libs/feeds/test/samples';
import { FeedServer } from '../../../libs/feeds/test/feed-server';
import { Stack } from '../../worker/test/e2e/stack';
import { ensureAdminBuild } from './admin-build';
import { Browser, checkPage, launchBrowser } from './browser';

/**
 * "Notizie dal sito" in the admin app: Cormano's admin adds the town website's feed, checks it now,
 * sees its health, and deletes it after confirming. axe-core runs on each state.; screenshots go to docs/screenshots.
 */
let stack: Stack;
let site: FeedServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const dist = ensureAdminBuild();
  // An hour between ticks: the feed is checked only when the admin asks.
  stack = await Stack.start({ ADMIN_DIST_DIR: dist, FEED_ALLOW_PRIVATE_NETWORKS: 'true', FEED_POLL_TICK_S: '3600' });
  site = await FeedServer.start();
  browser = await launchBrowser();
  page = await browser.context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await stack?.stop();
});

it('the admin adds the website feed, checks it now, sees its health, and deletes it after confirming', async () => {
  const url = site.publish('/rss/notizie.xml', rss([SAN_GIULIANO]));
  await page.goto(`${stack.apiUrl}/admin/accedi`);
  await page.getByLabel('Indirizzo e-mail').fill('admin@cormano.bacheca.local');
  await page.getByLabel(/^Password/).fill('demo-password-123');
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Cruscotto' }).waitFor({ timeout: 15_000 });

  await page.getByRole('link', { name: 'Impostazioni' }).first().click();
  await page.getByRole('link', { name: 'Notizie dal sito' }).click();
  await page.getByRole('heading', { level: 1, name: 'Notizie dal sito' }).waitFor();
  await page.getByText('Nessun feed configurato.').waitFor();

  await page.getByRole('button', { name: 'Aggiungi un feed' }).click();
  await page.getByLabel(/^Nome/).fill('Notizie del Comune');
  await page.getByLabel(/^Indirizzo del feed/).fill(url);
  await page.getByLabel(/^Modalità/).selectOption('auto');
  await page.getByLabel('Solo queste categorie').fill('Viabilità, Eventi');
  await checkPage(page, 'town: feeds form');
  await page.getByRole('button', { name: 'Salva', exact: true }).click();
  await page.getByText('Feed salvato.').waitFor();
  const row = page.getByRole('row', { name: /Notizie del Comune/ });
  await row.getByText('Non ancora controllato').waitFor();
  await row.getByText('Invio automatico').waitFor();

  await row.getByRole('button', { name: 'Controlla ora' }).click();
  await page.getByText(/^Primo controllo fatto: le notizie già presenti sul sito sono state annotate/).waitFor();
  await row.getByText('Funziona').waitFor();
  await checkPage(page, 'town: feeds with health', { phone: true });

  // The site breaks: the error shows, in Italian.
  site.route('/rss/notizie.xml', (_req, res) => res.writeHead(500).end());
  await row.getByRole('button', { name: 'Controlla ora' }).click();
  await row.getByText('Il sito ha un problema temporaneo (errore 500).').waitFor();
  await row.getByText('Errore (1 di seguito)').waitFor();

  await row.getByRole('button', { name: 'Elimina' }).click();
  const dialog = page.getByRole('dialog', { name: 'Eliminare il feed?' });
  await dialog.waitFor();
  await checkPage(page, 'town: delete feed dialog');
  await dialog.getByRole('button', { name: 'Elimina' }).click();
  await page.getByText('Feed eliminato.').waitFor();
  await page.getByText('Nessun feed configurato.').waitFor();
}, 120_000);
