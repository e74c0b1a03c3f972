import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Stack, waitFor } from '../../worker/test/e2e/stack';
import { ensureAdminBuild } from './admin-build';
import { Browser, checkPage, launchBrowser } from './browser';

/**
 * The whole stack (sandbox standing in for Meta, API, worker, the demo comuni) driven from the admin app:
 * a citizen subscribes to Bientina, an editor writes a message, the admin (four eyes on) approves it,
 * the progress reaches 100 %, the citizen receives it; the admin finds the citizen and exports their data.
 * axe-core runs on every new page; screenshots go to docs/screenshots.
 */
// The last state of each staff page when a test ends, for a failure's post-mortem (not for review).
const SCREENS = join(tmpdir(), 'bacheca-admin');
const STEP = 90_000;
const ADMIN = 'admin@bientina.bacheca.local';
const EDITOR = 'redattore@bientina.example.org';
const EDITOR_PASSWORD = 'una-password-lunga';
const CITIZEN = '+393401234567';
const TITLE = 'Chiusura di via Roma';

let stack: Stack;
let browser: Browser;
let base: string;
let adminPage: Page;
let editorPage: Page;
let phonePage: Page;


async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
}

async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${base}/admin/accedi`);
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
  await heading(page, 'Cruscotto');
}

beforeAll(async () => {
  const dist = ensureAdminBuild();
  mkdirSync(SCREENS, { recursive: true });
  stack = await Stack.start({ ADMIN_DIST_DIR: dist });
  base = stack.apiUrl;
  const token = (await stack.api.http().post('/api/v1/auth/login').send({ email: ADMIN, password: 'demo-password-123' }).expect(200)).body.accessToken as string;
  await stack.api
    .http()
    .post('/api/v1/users')
    .set({ Authorization: `Bearer ${token}` })
    .send({ email: EDITOR, fullName: 'Rita Redattrice', role: 'editor', password: EDITOR_PASSWORD })
    .expect(201);
  browser = await launchBrowser();
  adminPage = await browser.context.newPage();
  editorPage = await browser.context.newPage();
  phonePage = await browser.context.newPage();
}, 120_000);

afterEach(async () => {
  await editorPage?.screenshot({ path: join(SCREENS, 'last-editor.png'), fullPage: true });
  await adminPage?.screenshot({ path: join(SCREENS, 'last-admin.png'), fullPage: true });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it(
  'a citizen subscribes from the sandbox phone; the admin turns on four eyes in the settings and tries a message',
  async () => {
    // The citizen types ATTIVA on the sandbox's phone page.
    await phonePage.goto(`${stack.sandbox.url}/phone`);
    const town = stack.numberOf('bientina');
    await phonePage.locator(`#town option[value="${town}"]`).waitFor({ state: 'attached' });
    await phonePage.locator('#town').selectOption(town);
    await phonePage.getByLabel('Il tuo numero').fill(CITIZEN);
    await phonePage.getByLabel('Messaggio').fill('ATTIVA');
    await phonePage.getByRole('button', { name: 'Invia', exact: true }).click();
    expect(await stack.reply('bientina', CITIZEN, 1)).toMatch(/Comune di Bientina/);
    await phonePage.locator('.chat').getByText(/Comune di Bientina/).first().waitFor({ timeout: 10_000 });

    await login(adminPage, ADMIN, 'demo-password-123');
    await adminPage.getByText('Per stato').waitFor();
    await checkPage(adminPage, 'town: dashboard with stats', { phone: true });

    await adminPage.getByRole('link', { name: 'Impostazioni' }).first().click();
    await heading(adminPage, 'Impostazioni');
    await adminPage.getByRole('heading', { name: 'Parole chiave' }).waitFor();
    // Bootstrap Italia's toggle hides the checkbox behind its lever: the label is what a person clicks.
    await adminPage.locator('label[for="s-approval"]').click();
    expect(await adminPage.getByLabel('Richiedi l’approvazione (quattro occhi)').isChecked()).toBe(true);
    await adminPage.getByRole('button', { name: 'Salva le regole di invio' }).click();
    await adminPage.getByText('Regole di invio salvate.').waitFor();
    await adminPage.getByLabel('Messaggio di un cittadino').fill('attiva');
    await adminPage.getByRole('button', { name: 'Prova', exact: true }).click();
    await adminPage.getByTestId('try-result').getByText('Iscrizione').first().waitFor();
    await checkPage(adminPage, 'town: settings', { phone: true });
  },
  STEP,
);

it(
  'the editor writes a message with a WhatsApp preview and sends it for approval; the admin approves it and watches it reach 100 %',
  async () => {
    await login(editorPage, EDITOR, EDITOR_PASSWORD);
    await editorPage.getByRole('link', { name: 'Messaggi' }).first().click();
    await heading(editorPage, 'Messaggi');
    await checkPage(editorPage, 'town: broadcasts', { phone: true });
    await editorPage.getByRole('link', { name: 'Nuovo messaggio' }).click();
    await heading(editorPage, 'Nuovo messaggio');
    await editorPage.getByLabel(/^Titolo/).fill(TITLE);
    await editorPage.getByLabel(/^Testo/).fill('Da lunedì lavori sulla rete idrica: deviazione per via Dante.');
    await editorPage.getByTestId('wa-preview').getByText(TITLE).waitFor();
    await checkPage(editorPage, 'town: new broadcast', { phone: true });
    await editorPage.getByRole('button', { name: 'Salva la bozza' }).click();
    await heading(editorPage, TITLE);
    await editorPage.getByText('Destinatari').waitFor();
    await checkPage(editorPage, 'town: broadcast draft');
    await editorPage.getByRole('button', { name: 'Invia per approvazione' }).click();
    await editorPage.getByTestId('broadcast-status').getByText('In attesa di approvazione').waitFor();
    expect(await editorPage.getByRole('button', { name: 'Approva' }).count()).toBe(0);

    await adminPage.goto(`${base}/admin/messaggi?status=awaiting_approval`);
    await heading(adminPage, 'Messaggi da approvare');
    await checkPage(adminPage, 'town: approval queue', { phone: true });
    await adminPage.getByRole('link', { name: TITLE }).click();
    await heading(adminPage, TITLE);
    // Live progress: the events stream is read with fetch (Bearer header), not EventSource.
    const stream = adminPage.waitForRequest((r) => r.url().endsWith('/events') && !!r.headers()['authorization']);
    await adminPage.getByRole('button', { name: 'Approva' }).click();
    await stream;
    await adminPage.getByText('Invio completato al 100%').waitFor({ timeout: 30_000 });
    await adminPage.getByTestId('broadcast-status').getByText('Inviato').waitFor({ timeout: 15_000 });
    expect(await adminPage.getByTestId('funnel-failed').innerText()).toBe('0');
    await checkPage(adminPage, 'town: broadcast sent', { phone: true });

    const got = await waitFor(async () => (await stack.messagesTo('bientina', CITIZEN)).find((m) => JSON.stringify(m.body).includes(TITLE)), 15_000);
    expect(JSON.stringify(got.body)).toContain('deviazione per via Dante');
    await phonePage.locator('.chat').getByText(TITLE).first().waitFor({ timeout: 10_000 });
    await phonePage.close(); // it polls the sandbox every second
  },
  STEP,
);

it(
  'the admin finds the citizen by number, downloads their data and erases them',
  async () => {
    await adminPage.getByRole('link', { name: 'Iscritti' }).first().click();
    await heading(adminPage, 'Iscritti');
    await adminPage.getByRole('table').waitFor();
    await checkPage(adminPage, 'town: subscribers', { phone: true });
    await adminPage.getByLabel('Numero di telefono').fill('340 123 4567');
    await adminPage.getByRole('button', { name: 'Cerca', exact: true }).click();
    await heading(adminPage, /^Iscritto /);
    await adminPage.getByRole('heading', { name: 'Storico dei consensi' }).waitFor();
    await checkPage(adminPage, 'town: subscriber', { phone: true });

    // The download goes through fetch (with the Bearer token) into a Blob: its answer is read on the way.
    let exported: { status: number; body: string } | undefined;
    await adminPage.route('**/api/v1/subscribers/*/export*', async (route) => {
      const response = await route.fetch();
      exported = { status: response.status(), body: await response.text() };
      await route.fulfill({ response });
    });
    await adminPage.getByRole('button', { name: 'Esporta i dati (JSON)' }).click();
    const download = await waitFor(async () => exported, 10_000);
    expect(download.status).toBe(200);
    expect(download.body).toContain('3401234567');
    await adminPage.getByText('Esportazione scaricata.').waitFor();

    // Erasure, after a confirmation dialog.
    await adminPage.getByRole('button', { name: 'Cancella i dati dell’iscritto' }).click();
    const dialog = adminPage.getByRole('dialog');
    await dialog.getByRole('heading', { name: /^Cancellare i dati dell’iscritto/ }).waitFor();
    await checkPage(adminPage, 'town: erase subscriber dialog');
    await dialog.getByRole('button', { name: 'Cancella definitivamente' }).click();
    await heading(adminPage, 'Iscritti');
    await adminPage.getByText('I dati dell’iscritto sono stati cancellati.').waitFor();
  },
  STEP,
);
