import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, installed by scripts/ensure-chromium.sh; no browser is ever downloaded. */
export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Chromium with a fresh, throw-away profile. Each page is a separate staff session: the app keeps its
 * tokens in memory and in sessionStorage, which belong to one tab.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh`);
  const profile = mkdtempSync(join(tmpdir(), 'bacheca-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: 'it-IT',
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core on the page as it is now (injected into the page, WCAG 2.0/2.1 A and AA rules plus best
 * practices); returns the serious and critical violations.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Colours are measured once fades and slides are over (endless ones, like a progress bar, aside).
  await page.waitForFunction(
    'document.getAnimations().every((a) => a.playState !== "running" || a.effect.getComputedTiming().iterations === Infinity)',
    undefined,
    { timeout: 5_000 },
  );
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = (await page.evaluate(`
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((r) => r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => String(n.target)).slice(0, 5),
      })))
  `)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Where the browser tests leave a picture of every page they check (named in the README). */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'docs', 'screenshots');
const PHONE = { width: 390, height: 844 };

/**
 * axe-core on the page as it is, and a screenshot of the same moment; main pages also at phone width.
 * The file name comes from `where`, so a reviewer finds "provider: comuni list" as provider-comuni-list.png.
 */
export async function checkPage(page: Page, where: string, opts: { phone?: boolean } = {}): Promise<void> {
  const violations = await seriousA11yViolations(page);
  const file = where.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${file}.png`), fullPage: true });
  if (opts.phone) {
    const size = page.viewportSize();
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SCREENSHOTS, `${file}.phone.png`), fullPage: true });
    if (size) await page.setViewportSize(size);
  }
  expect({ where, violations }).toEqual({ where, violations: [] });
}
