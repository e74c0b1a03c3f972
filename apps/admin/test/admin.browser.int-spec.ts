import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { ApiHarness, makeComune, makeStaff, PASSWORD, startApi } from '../../api/test/harness';
import { ensureAdminBuild } from './admin-build';
import { Browser, checkPage, launchBrowser } from './browser';

/**
 * The admin app in Debian's Chromium, served by the real API (fresh database) from dist/admin: the
 * provider onboards a comune and its first admin, that admin adds staff, town users are kept out of
 * what is not theirs, logout. axe-core runs on every page visited; screenshots go to docs/screenshots.
 */
const STEP = 120_000;

let h: ApiHarness;
let browser: Browser;
let base: string;
let provider: { email: string };
let other: { comuneName: string; userId: string; userEmail: string };
let newAdmin: { email: string; password: string };
const comuneName = 'Vigevano Browser';


async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor({ timeout: 15_000 });
}

async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${base}/admin/accedi`);
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
}

async function text(page: Page): Promise<string> {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ');
}

beforeAll(async () => {
  const dist = ensureAdminBuild();
  h = await startApi({ ADMIN_DIST_DIR: dist });
  await h.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
  provider = await makeStaff(h, null, 'platform_admin');
  const otherComune = await makeComune(h, { name: 'Altrove sul Naviglio' });
  const otherUser = await makeStaff(h, otherComune.id, 'editor');
  other = { comuneName: otherComune.name, userId: otherUser.id, userEmail: otherUser.email };
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

it(
  'serves the app under /admin/ and sends a stranger to the login page, in Italian',
  async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/`);
    await heading(page, 'Accedi');
    expect(page.url()).toBe(`${base}/admin/accedi`);
    expect(await page.getAttribute('html', 'lang')).toBe('it');
    expect(await page.title()).toBe('Accedi – Bacheca');
    await checkPage(page, 'login');

    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    expect(await text(page)).toContain('Inserisci indirizzo e-mail e password.');
    await page.getByLabel('Indirizzo e-mail').fill(provider.email);
    await page.getByLabel(/^Password/).fill('not the password');
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.getByText('E-mail o password non corretti.').waitFor();
    await checkPage(page, 'login with error');
    await page.close();
  },
  STEP,
);

it(
  'shows the throttling message after too many failed logins',
  async () => {
    const victim = await makeStaff(h, null, 'platform_admin');
    for (let i = 0; i < 5; i++) await h.http().post('/api/v1/auth/login').send({ email: victim.email, password: 'wrong password' });
    const page = await browser.context.newPage();
    await login(page, victim.email, PASSWORD);
    await page.getByText('Troppi tentativi di accesso non riusciti: riprova più tardi.').waitFor();
    await page.close();
  },
  STEP,
);

it(
  'lets the provider create a comune through the form, then its first admin, and see the temporary password once',
  async () => {
    const page = await browser.context.newPage();
    await login(page, provider.email, PASSWORD);
    await heading(page, 'Comuni');
    expect(page.url()).toBe(`${base}/admin/fornitore/comuni`);
    await page.getByRole('link', { name: other.comuneName }).waitFor();
    expect(await text(page)).toContain('Bacheca – Fornitore');
    await checkPage(page, 'provider: comuni list', { phone: true });

    await page.getByLabel('Cerca un comune').fill('nessun comune si chiama così');
    await page.getByText('Nessun comune corrisponde alla ricerca.').waitFor();
    await page.getByLabel('Cerca un comune').fill('');

    await page.getByRole('link', { name: 'Nuovo comune' }).click();
    await heading(page, 'Nuovo comune');
    await page.getByRole('button', { name: 'Crea il comune' }).click();
    await page.getByText('Controlla i campi seguenti:').waitFor();
    expect(await text(page)).toContain('Campo obbligatorio.');
    await checkPage(page, 'provider: new comune, with errors');

    await page.getByLabel('Nome del comune').fill(comuneName);
    expect(await page.getByLabel('Identificativo').inputValue()).toBe('vigevano-browser');
    await page.getByLabel('Codice ISTAT').fill('1234');
    await page.getByLabel('Sigla della provincia').fill('pv');
    expect(await page.getByLabel('Sigla della provincia').inputValue()).toBe('PV');
    await page.getByLabel('E-mail per i cittadini').fill('non-una-email');
    await page.getByRole('button', { name: 'Crea il comune' }).click();
    await page.getByText('Il codice ISTAT è formato da 6 cifre.').first().waitFor();
    expect(await text(page)).toContain('Inserisci un indirizzo e-mail valido');
    await page.getByLabel('Codice ISTAT').fill('018177');
    await page.getByLabel('E-mail per i cittadini').fill('urp@comune.vigevano.pv.it');
    await page.getByLabel('Stato iniziale').selectOption('pre_launch');
    await page.getByRole('button', { name: 'Crea il comune' }).click();

    // Creation opens the onboarding wizard at its next step; this test goes on from the comune's page.
    await heading(page, `Attivazione di ${comuneName}`);
    expect(page.url()).toMatch(/\/admin\/fornitore\/comuni\/[0-9a-f-]{36}\/avvio$/);
    await page.getByText(`Il comune ${comuneName} è stato creato.`).waitFor();
    await page.getByRole('link', { name: 'Vai alla scheda del comune' }).click();
    await heading(page, comuneName);
    expect(page.url()).toMatch(/\/admin\/fornitore\/comuni\/[0-9a-f-]{36}$/);
    await page.getByRole('region', { name: 'Salute del servizio' }).getByText('Nessun numero WhatsApp registrato').waitFor();
    await page.getByText('Il comune non ha ancora utenti: crea il primo amministratore.').waitFor();
    await checkPage(page, 'provider: comune detail', { phone: true });

    const email = `sindaco.${Date.now()}@comune.vigevano.pv.it`;
    const users = page.getByRole('region', { name: 'Utenti del comune' });
    await users.getByLabel('Nome e cognome').fill('Andrea Ceffa');
    await users.getByLabel('Indirizzo e-mail').fill(email);
    await users.getByRole('button', { name: 'Crea l’amministratore' }).click();
    const secret = page.getByTestId('temporary-password');
    await secret.waitFor();
    const password = (await secret.textContent())!.trim();
    expect(password.length).toBeGreaterThanOrEqual(12);
    await users.getByRole('cell', { name: email }).waitFor();
    newAdmin = { email, password };
    await checkPage(page, 'provider: temporary password shown');

    // Once: closed, it is gone, and no reload brings it back.
    await page.getByRole('button', { name: 'Chiudi', exact: true }).click();
    expect(await secret.count()).toBe(0);

    // Suspend (reason required, confirmed in a dialog), then reactivate. Escape cancels, and the
    // focus goes back to the button that opened the dialog.
    const suspend = page.getByRole('button', { name: 'Sospendi il comune' });
    await suspend.click();
    const dialog = page.getByRole('dialog', { name: `Sospendere il comune ${comuneName}?` });
    await dialog.waitFor();
    await page.waitForFunction('document.activeElement.id === "motivo"', undefined, { timeout: 5_000 });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction('document.activeElement.textContent === "Sospendi il comune"', undefined, { timeout: 5_000 });
    await suspend.click();
    await dialog.waitFor();
    await checkPage(page, 'provider: suspend dialog');
    await dialog.getByRole('button', { name: 'Sospendi', exact: true }).click();
    await dialog.getByText('Indica il motivo (almeno 3 caratteri).').waitFor();
    await dialog.getByLabel('Motivo della sospensione').fill('Contratto in revisione');
    await dialog.getByRole('button', { name: 'Sospendi', exact: true }).click();
    await page.getByText(`Il comune ${comuneName} è stato sospeso.`).waitFor();
    await page.getByRole('button', { name: 'Riattiva il comune' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Riattiva', exact: true }).click();
    await page.getByText(`Il comune ${comuneName} è stato riattivato.`).waitFor();
    expect(await text(page)).toContain('Stato attuale: Pre-lancio');

    await page.getByRole('link', { name: 'Registro' }).click();
    await heading(page, 'Registro delle attività della piattaforma');
    await page.getByRole('cell', { name: 'Comune sospeso' }).first().waitFor();
    await checkPage(page, 'provider: audit');

    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByText('Sei uscito da Bacheca.').waitFor();
    await page.close();
  },
  STEP,
);

it(
  'lets the new admin log in, see the comune (pre-launch), and add an editor',
  async () => {
    const page = await browser.context.newPage();
    await login(page, newAdmin.email, newAdmin.password);
    await heading(page, 'Cruscotto');
    expect(page.url()).toBe(`${base}/admin/cruscotto`);
    await page.getByText(`Comune di ${comuneName}`).waitFor();
    const body = await text(page);
    expect(body).toContain('Andrea Ceffa');
    expect(body).toContain('Amministratore');
    expect(body).toContain('Pre-lancio');
    expect(body).toContain('urp@comune.vigevano.pv.it');
    await checkPage(page, 'town: dashboard');

    await page.getByRole('link', { name: 'Utenti', exact: true }).click();
    await heading(page, 'Utenti');
    await checkPage(page, 'town: users');
    const editorEmail = `redazione.${Date.now()}@comune.vigevano.pv.it`;
    await page.getByLabel('Nome e cognome').fill('Giulia Redattrice');
    await page.getByLabel('Indirizzo e-mail').fill(editorEmail);
    await page.getByLabel(/^Ruolo/).selectOption('editor');
    await page.getByRole('button', { name: 'Crea l’utente' }).click();
    await page.getByTestId('temporary-password').waitFor();
    await page.getByRole('cell', { name: editorEmail }).waitFor();
    const row = page.getByRole('row').filter({ hasText: editorEmail });
    expect(await row.innerText()).toContain('Redattore');

    // Her page: role change, then deactivation after confirmation.
    await page.getByRole('link', { name: 'Gestisci l’utente Giulia Redattrice' }).click();
    await heading(page, 'Utente Giulia Redattrice');
    await checkPage(page, 'town: user detail');
    await page.getByLabel(/^Ruolo/).selectOption('sender');
    await page.getByRole('button', { name: 'Salva il ruolo' }).click();
    await page.getByText('Ruolo di Giulia Redattrice aggiornato.').waitFor();
    await page.getByRole('button', { name: 'Disattiva l’account' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disattiva', exact: true }).click();
    await page.getByText('Account di Giulia Redattrice disattivato.').waitFor();
    await page.getByRole('button', { name: 'Riattiva l’account' }).waitFor();

    // One's own account: no role change, no deactivation.
    await page.getByRole('link', { name: 'Torna all’elenco degli utenti' }).click();
    await page.getByRole('link', { name: 'Gestisci l’utente Andrea Ceffa' }).click();
    await heading(page, 'Utente Andrea Ceffa');
    expect(await page.getByRole('button', { name: 'Disattiva l’account' }).isDisabled()).toBe(true);
    expect(await page.getByLabel(/^Ruolo/).isDisabled()).toBe(true);

    await page.getByRole('link', { name: 'Contatti', exact: true }).click();
    await heading(page, 'Contatti per i cittadini');
    await page.getByLabel('Sito web').fill('www.senza-protocollo.it');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByText('Inserisci un indirizzo web completo').first().waitFor();
    await page.getByLabel('Sito web').fill('https://www.comune.vigevano.pv.it');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByText('Contatti salvati.').waitFor();
    await checkPage(page, 'town: contacts (admin)');

    await page.getByRole('link', { name: 'Registro', exact: true }).click();
    await heading(page, 'Registro delle attività');
    await page.getByRole('cell', { name: 'Utente creato' }).first().waitFor();
    await checkPage(page, 'town: audit');

    // At phone width the tables scroll inside their box; the page itself never does sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/admin/utenti`);
    await page.getByRole('cell', { name: editorEmail }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await checkPage(page, 'phone: users');
    await page.close();
  },
  STEP,
);

it(
  'keeps a town user out of provider pages and of another comune’s data, then logs out',
  async () => {
    const town = await makeComune(h, { name: 'Cormano di prova' });
    const admin = await makeStaff(h, town.id, 'admin');
    const page = await browser.context.newPage();
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/')) apiCalls.push(new URL(r.url()).pathname);
    });
    await login(page, admin.email, PASSWORD);
    await heading(page, 'Cruscotto');

    // After login the focus is on the page's heading; on a page load, the first Tab reaches the skip
    // link, which leads into the content.
    expect(await page.evaluate('document.activeElement.tagName')).toBe('H1');
    await page.reload();
    await heading(page, 'Cruscotto');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Vai al contenuto principale');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('contenuto');

    await page.goto(`${base}/admin/fornitore/comuni`);
    await heading(page, 'Non autorizzato');
    expect(await text(page)).not.toContain(other.comuneName);
    expect(await page.title()).toBe('Non autorizzato – Bacheca');
    await checkPage(page, 'town: provider page refused');
    expect(await page.getByRole('link', { name: 'Comuni', exact: true }).count()).toBe(0);

    await page.goto(`${base}/admin/utenti/${other.userId}`);
    await heading(page, 'Pagina non trovata');
    expect(await text(page)).not.toContain(other.userEmail);
    await checkPage(page, 'town: other comune’s user');

    await page.goto(`${base}/admin/pagina-che-non-esiste`);
    await heading(page, 'Pagina non trovata');
    expect(apiCalls.filter((p) => p.startsWith('/api/v1/platform'))).toEqual([]);

    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByText('Sei uscito da Bacheca.').waitFor();
    expect(await page.evaluate('window.sessionStorage.length')).toBe(0);
    await page.goto(`${base}/admin/cruscotto`);
    await heading(page, 'Accedi');
    await page.close();
  },
  STEP,
);

it(
  'renews an expired access token once for concurrent requests, and goes back to the login when renewal is refused',
  async () => {
    const town = await makeComune(h, { name: 'Rozzano di prova' });
    const admin = await makeStaff(h, town.id, 'admin');
    const page = await browser.context.newPage();
    await login(page, admin.email, PASSWORD);
    await heading(page, 'Cruscotto');

    // The audit page asks for users and entries at once; both get a 401 as if the token had expired.
    const refreshes: number[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/auth/refresh')) refreshes.push(Date.now());
    });
    const expired = { status: 401, contentType: 'application/json', body: JSON.stringify({ statusCode: 401, code: 'UNAUTHORIZED', message: 'Accesso richiesto.' }) };
    await page.route('**/api/v1/users', (route) => route.fulfill(expired), { times: 1 });
    await page.route('**/api/v1/audit?**', (route) => route.fulfill(expired), { times: 1 });
    await page.getByRole('link', { name: 'Registro', exact: true }).click();
    await page.getByRole('cell', { name: 'Utente creato' }).first().waitFor();
    expect(refreshes).toHaveLength(1);

    // The renewed refresh token (rotated) is the one kept: a reload restores the session with it.
    await page.reload();
    await heading(page, 'Registro delle attività');

    // Renewal refused: back to the login page, which says why.
    await page.route('**/api/v1/auth/refresh', (route) => route.fulfill(expired));
    await page.route('**/api/v1/users', (route) => route.fulfill(expired), { times: 1 });
    await page.getByRole('link', { name: 'Utenti', exact: true }).click();
    await heading(page, 'Accedi');
    await page.getByText('La sessione è scaduta: accedi di nuovo.').waitFor();
    await page.close();
  },
  STEP,
);

it(
  'shows a pre-launch comune (as Saronno) to a viewer, read-only, and works at phone width',
  async () => {
    const saronno = await makeComune(h, { name: 'Saronno', province: 'VA', status: 'pre_launch', contactEmail: 'urp@comune.saronno.va.it' });
    const viewer = await makeStaff(h, saronno.id, 'viewer');
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await login(page, viewer.email, PASSWORD);
    await heading(page, 'Cruscotto');
    await page.getByText('Comune di Saronno').waitFor();
    expect(await page.getByTestId('status-help').innerText()).toContain('Pre-lancio');
    expect(await text(page)).toContain('Sola lettura');
    await checkPage(page, 'phone: dashboard');
    // Nothing wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    await page.getByRole('button', { name: 'Apri il menu' }).click();
    const menu = page.getByRole('link', { name: 'Contatti', exact: true });
    await menu.waitFor();
    await checkPage(page, 'phone: menu open');
    expect(await page.getByRole('link', { name: 'Utenti', exact: true }).count()).toBe(0);
    await menu.click();
    await heading(page, 'Contatti per i cittadini');
    // Once the menu has closed, the focus is on the new page's heading.
    await page.waitForFunction('document.activeElement.tagName === "H1"', undefined, { timeout: 5_000 });
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Contatti per i cittadini');
    expect(await text(page)).toContain('Solo gli amministratori del comune possono modificare i contatti.');
    expect(await page.getByRole('textbox').count()).toBe(0);
    await checkPage(page, 'phone: contacts (read-only)');

    await page.goto(`${base}/admin/utenti`);
    await heading(page, 'Non autorizzato');
    await page.close();
  },
  STEP,
);

it(
  'provider staff open the queue dashboard from the app; it stays closed to a town admin',
  async () => {
    const page = await browser.context.newPage();
    await login(page, provider.email, PASSWORD);
    await heading(page, 'Comuni');
    await page.getByRole('link', { name: 'Code', exact: true }).click();
    await heading(page, 'Code di lavoro');
    await checkPage(page, 'provider: queues');
    await page.getByRole('button', { name: 'Apri il cruscotto delle code' }).click();
    await page.waitForURL(`${base}/ops/queues/**`, { timeout: 15_000 });
    // bull-board's own page, read-only, listing Bacheca's queues.
    await page.getByText('Bacheca: code').first().waitFor({ timeout: 15_000 });
    for (const queue of ['system', 'inbound', 'delivery', 'priority', 'feeds']) await page.getByText(queue, { exact: true }).first().waitFor({ timeout: 15_000 });
    await page.close();

    // Without the cookie (a town admin's browser), the dashboard is closed, and a town admin cannot get one.
    await browser.context.clearCookies();
    const townPage = await browser.context.newPage();
    expect((await townPage.goto(`${base}/ops/queues/`))?.status()).toBe(401);
    const admin = await makeStaff(h, (await makeComune(h)).id, 'admin');
    const session = await townPage.request.post(`${base}/api/v1/platform/queues/session`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(session.status()).toBe(403);
    expect((await townPage.goto(`${base}/ops/queues/`))?.status()).toBe(401);
    await townPage.close();
  },
  STEP,
);
