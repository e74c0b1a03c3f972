import type { Page } from 'playwright-core';
import { SecretBox, BlindIndex, citizenPhoneCodec } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { Stack, waitFor } from '../../worker/test/e2e/stack';
import { ensureAdminBuild } from './admin-build';
import { Browser, checkPage, launchBrowser } from './browser';

/**
 * The provider's side on the whole stack: the health of every comune, then the onboarding wizard from
 * an empty comune to a citizen subscribed on the sandbox phone, with a number made on the sandbox's
 * console as an operator makes one in Meta's dashboard. Then a sender pauses, resumes and cancels a
 * long send. axe-core runs on every page; screenshots go to docs/screenshots.
 */
const STEP = 120_000;
const PROVIDER = 'fornitore@bacheca.local';
const PASSWORD = 'demo-password-123';
const CITIZEN = '+39 347 111 2233';

let stack: Stack;
let browser: Browser;
let base: string;

async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor({ timeout: 15_000 });
}

async function login(page: Page, email: string, landing: string): Promise<void> {
  await page.goto(`${base}/admin/accedi`);
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
  await heading(page, landing);
}

beforeAll(async () => {
  const dist = ensureAdminBuild();
  stack = await Stack.start({ ADMIN_DIST_DIR: dist });
  base = stack.apiUrl;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it(
  'shows the provider each comune’s subscribers and health, and a stopped number with its reason',
  async () => {
    const rozzano = await stack.comuneId('rozzano');
    await stack.db((em) => em.query(`update whatsapp_numbers set sending_status = 'stopped', sending_stopped_reason = 'Token di accesso scaduto' where tenant_id = $1`, [rozzano]));
    const page = await browser.context.newPage();
    await login(page, PROVIDER, 'Comuni');
    const row = page.getByRole('row', { name: /Rozzano/ });
    await row.getByText('Bloccato').waitFor();
    await row.getByText('Invii fermi su un numero').waitFor();
    await page.getByRole('row', { name: /Bientina/ }).getByText('Regolare').waitFor();
    await checkPage(page, 'provider: comuni with health', { phone: true });

    await row.getByRole('link', { name: 'Rozzano' }).click();
    await heading(page, 'Rozzano');
    const health = page.getByRole('region', { name: 'Salute del servizio' });
    await health.getByText('Fermi: Token di accesso scaduto').waitFor();
    await checkPage(page, 'provider: comune health');
    await stack.db((em) => em.query(`update whatsapp_numbers set sending_status = 'active', sending_stopped_reason = null where tenant_id = $1`, [rozzano]));
    await page.close();
  },
  STEP,
);

it(
  'onboards a comune in the wizard, with a number from the sandbox console, ready for a citizen to subscribe',
  async () => {
    const page = await browser.context.newPage();
    await login(page, PROVIDER, 'Comuni');
    await page.getByRole('link', { name: 'Nuovo comune' }).click();
    await heading(page, 'Nuovo comune');
    await page.getByLabel('Nome del comune').fill('Vignate');
    await page.getByLabel('Codice ISTAT').fill('015236');
    await page.getByLabel('Sigla della provincia').fill('MI');
    await page.getByLabel('E-mail per i cittadini').fill('urp@comune.vignate.mi.it');
    await page.getByRole('button', { name: 'Crea il comune' }).click();

    await heading(page, 'Attivazione di Vignate');
    const steps = page.getByRole('navigation', { name: 'Passi dell’attivazione' });
    expect(await steps.locator('[aria-current="step"]').innerText()).toContain('Numero WhatsApp');
    // Nothing filled: every field says what is wrong, nothing is sent.
    await page.getByRole('button', { name: 'Registra il numero' }).click();
    await page.getByText('Controlla i campi seguenti:').waitFor();
    await page.getByLabel('Phone number ID').fill('106-540');
    await page.getByRole('button', { name: 'Registra il numero' }).click();
    await page.getByText('Solo cifre, come le mostra Meta.').first().waitFor();
    await checkPage(page, 'provider: onboarding, number with errors', { phone: true });

    // The operator makes the number on the sandbox console, as in Meta's WhatsApp Manager.
    const meta = await browser.context.newPage();
    await meta.goto(`${stack.sandbox.url}/console`);
    await meta.getByLabel('Nome mostrato sul telefono di prova').fill('Comune di Vignate');
    await meta.getByLabel('URL del webhook di Bacheca').fill(`${stack.apiUrl}/webhooks/whatsapp`);
    await meta.getByRole('button', { name: 'Crea il numero' }).click();
    await meta.getByText('Numero creato.').waitFor();
    const value = async (id: string) => (await meta.locator(`#${id}`).innerText()).trim();
    const creds = {
      phoneNumberId: await value('phoneNumberId'),
      displayPhoneNumber: await value('displayPhoneNumber'),
      wabaId: await value('wabaId'),
      accessToken: await value('accessToken'),
      appSecret: await value('appSecret'),
      webhookVerifyToken: await value('webhookVerifyToken'),
    };
    await meta.close();

    await page.getByLabel('Phone number ID').fill(creds.phoneNumberId);
    await page.getByLabel('ID dell’account WhatsApp Business (WABA)').fill(creds.wabaId);
    await page.getByLabel('Numero di telefono').fill(creds.displayPhoneNumber);
    await page.getByLabel('Token di accesso (utente di sistema)').fill(creds.accessToken);
    await page.getByLabel('App secret').fill(creds.appSecret);
    await page.getByLabel('Verify token del webhook').fill(creds.webhookVerifyToken);
    await page.getByRole('button', { name: 'Registra il numero' }).click();
    await page.getByRole('heading', { name: 'Parole chiave', level: 2 }).waitFor({ timeout: 15_000 });
    expect(await page.locator('body').innerText()).not.toContain(creds.accessToken);

    await page.getByLabel('Modello di parole chiave').selectOption('rozzano');
    await page.getByRole('button', { name: 'Usa questo modello' }).click();
    await page.getByTestId('current-keywords').getByText(/Iscrivimi/).waitFor();
    await checkPage(page, 'provider: onboarding, keywords');
    await page.getByRole('button', { name: 'Continua con queste parole' }).click();

    await page.getByRole('heading', { name: 'Informativa privacy', level: 2 }).waitFor();
    await page.getByLabel('Indirizzo della pagina dell’informativa').fill('non un indirizzo');
    await page.getByRole('button', { name: 'Pubblica l’informativa' }).click();
    await page.getByText('Inserisci un indirizzo web completo').first().waitFor();
    await page.getByLabel('Indirizzo della pagina dell’informativa').fill('https://www.comune.vignate.mi.it/privacy-whatsapp');
    await page.getByRole('button', { name: 'Pubblica l’informativa' }).click();

    await page.getByRole('heading', { name: 'Primo amministratore', level: 2 }).waitFor();
    await page.getByLabel('Nome e cognome').fill('Paola Vignati');
    await page.getByLabel('Indirizzo e-mail').fill('segreteria@comune.vignate.mi.it');
    await page.getByRole('button', { name: 'Crea l’amministratore' }).click();
    await page.getByTestId('temporary-password').waitFor();
    await checkPage(page, 'provider: onboarding, first admin');
    await page.getByRole('button', { name: 'Continua', exact: true }).click();

    await page.getByRole('heading', { name: 'Pronto per la prova', level: 2 }).waitFor();
    const instructions = await page.getByTestId('ready-instructions').innerText();
    expect(instructions).toContain(creds.displayPhoneNumber);
    expect(instructions).toContain('«Iscrivimi»');
    await checkPage(page, 'provider: onboarding, ready', { phone: true });

    // The citizen, on the sandbox phone, writes the word to the new number and gets the welcome.
    const phone = await browser.context.newPage();
    await phone.goto(`${stack.sandbox.url}/phone`);
    await phone.locator(`#town option[value="${creds.phoneNumberId}"]`).waitFor({ state: 'attached' });
    await phone.locator('#town').selectOption(creds.phoneNumberId);
    await phone.getByLabel('Il tuo numero').fill(CITIZEN);
    await phone.getByLabel('Messaggio').fill('Iscrivimi');
    await phone.getByRole('button', { name: 'Invia', exact: true }).click();
    await phone.locator('.msg.theirs').getByText(/Vignate/).first().waitFor({ timeout: 15_000 });

    // The wizard's last step opens the service; reopened, it resumes at the end.
    await page.getByRole('button', { name: 'Attiva il servizio' }).click();
    await page.getByText('Stato del comune aggiornato: Attivo.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Pronto per la prova', level: 2 }).waitFor({ timeout: 15_000 });
    const vignate = await stack.db((em) => em.query(`select id, status from comuni where slug = 'vignate'`));
    expect(vignate[0].status).toBe('active');
    const subscribed = await stack.db((em) => em.query(`select count(*)::int as n from subscribers where tenant_id = $1 and status = 'active'`, [vignate[0].id]));
    expect(subscribed[0].n).toBe(1);
    await phone.close();
    await page.close();
  },
  STEP,
);

it(
  'lets a sender pause a long send, resume it, and cancel it with confirmation; nothing more goes after',
  async () => {
    const tenantId = await stack.comuneId('cormano');
    // 200 subscribers, written straight to the database (the flow is tested elsewhere), and a number
    // slowed to 2 messages a second so the send lasts long enough to act on.
    await stack.api.app.get(TenantDb).inTenant(tenantId, async (em) => {
      const codec = citizenPhoneCodec(stack.api.app.get(SecretBox), stack.api.app.get(BlindIndex), tenantId);
      for (let i = 0; i < 200; i++) {
        const p = `+39348${String(3000000 + i)}`;
        await em.query(`insert into subscribers (tenant_id, phone_hash, phone_enc, status, state_changed_at) values ($1, $2, $3, 'active', now())`, [tenantId, codec.hash(p), codec.seal(p)]);
      }
    });
    const provider = (await stack.api.http().post('/api/v1/auth/login').send({ email: PROVIDER, password: PASSWORD }).expect(200)).body.accessToken;
    const [number] = (await stack.api.http().get(`/api/v1/platform/comuni/${tenantId}/numbers`).set({ Authorization: `Bearer ${provider}` }).expect(200)).body;
    await stack.api.http().patch(`/api/v1/platform/numbers/${number.id}`).set({ Authorization: `Bearer ${provider}` }).send({ mps: 2 }).expect(200);
    const page = await browser.context.newPage();
    await login(page, 'admin@cormano.bacheca.local', 'Cruscotto');
    await page.getByRole('link', { name: 'Messaggi' }).first().click();
    await page.getByRole('link', { name: 'Nuovo messaggio' }).click();
    await page.getByLabel(/^Titolo/).fill('Raccolta differenziata');
    await page.getByLabel(/^Testo/).fill('Da lunedì cambia il calendario della raccolta.');
    await page.getByRole('button', { name: 'Salva la bozza' }).click();
    await page.getByRole('button', { name: 'Invia', exact: true }).click();
    await page.getByTestId('broadcast-status').getByText('In invio').waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Pausa' }).click();
    await page.getByTestId('broadcast-status').getByText('In pausa').waitFor({ timeout: 15_000 });
    const id = page.url().split('/').pop()!;
    const sentNow = async () =>
      (await stack.db((em) => em.query(`select count(*)::int as n from deliveries where broadcast_id = $1 and status in ('sent', 'delivered', 'read')`, [id])))[0].n as number;
    const atPause = await sentNow();
    await new Promise((r) => setTimeout(r, 2_000));
    // A batch in flight notices the pause within a second: a send or two at 2 per second, no more.
    expect(await sentNow()).toBeLessThanOrEqual(atPause + 4);
    await checkPage(page, 'town: broadcast paused', { phone: true });

    await page.getByRole('button', { name: 'Riprendi' }).click();
    await page.getByTestId('broadcast-status').getByText('In invio').waitFor({ timeout: 15_000 });
    await waitFor(async () => ((await sentNow()) > atPause + 2 ? true : undefined), 20_000);

    await page.getByRole('button', { name: 'Annulla l’invio' }).click();
    const dialog = page.getByRole('dialog', { name: 'Annullare l’invio di «Raccolta differenziata»?' });
    await dialog.waitFor();
    await checkPage(page, 'town: cancel broadcast dialog');
    await dialog.getByRole('button', { name: 'Annulla l’invio' }).click();
    await page.getByTestId('broadcast-status').getByText('Annullato').waitFor({ timeout: 15_000 });
    const atCancel = await sentNow();
    expect(atCancel).toBeLessThan(200);
    await new Promise((r) => setTimeout(r, 2_000));
    const cancelled = await stack.db((em) => em.query(`select count(*)::int as n from deliveries where broadcast_id = $1 and status = 'cancelled'`, [id]));
    expect(cancelled[0].n).toBeGreaterThan(0);
    expect(await sentNow()).toBeLessThanOrEqual(atCancel + 4);
    await page.close();
  },
  STEP,
);
