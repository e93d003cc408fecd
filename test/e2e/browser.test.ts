/**
 * The explorer and the dashboard in a real browser: Debian's headless Chromium driven by playwright-core, against a
 * hub on seeded data. No request may leave the hub, no console error may appear, the bundles come with their cache
 * headers, the explorer runs a query with a token, and the dashboard draws the API's own numbers. Both follow changes
 * live: a subscription in the explorer, the dashboard's figures. Screenshots of both pages are saved in
 * test/e2e/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import {
  createHubClient,
  DashboardJurisdictionsDocument,
  PostingPayDocument,
  WorkforceDashboardDocument,
  WorkforceTrendDocument,
  type HubClient,
  type WorkforceDashboardQuery,
  type WorkforceTrendQuery,
} from '../../src/client';
import { DEFAULT_SEED_SCALE } from '../../src/config';
import { startTestHub, tokenFor, type TestHub } from '../kit';
import { postJob } from '../live';
import { CHROMIUM, haveChromium, launchChromium, requireChromium, SCREENSHOTS } from './chromium';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The day the pages believe it is: a month after the sample's reference date (2026-11-01). */
const PAGE_TODAY = new Date('2026-12-04T12:00:00Z');

requireChromium('the browser tests');

/** What a page did: every request it made, what came back, and what it reported as errors. */
interface Visit {
  page: Page;
  requests: string[];
  responses: Response[];
  errors: string[];
}

describe.skipIf(!haveChromium)(`the pages in headless Chromium (skipped without ${CHROMIUM}: apt-get install -y chromium)`, () => {
  let hub: TestHub;
  let origin: string;
  let browser: Browser;
  let publicClient: HubClient;

  beforeAll(async () => {
    // the sample a first start seeds, as a newcomer sees it
    hub = await startTestHub({ seedScale: DEFAULT_SEED_SCALE });
    origin = await hub.server.app.listen({ port: 0, host: '127.0.0.1' });
    publicClient = createHubClient({ url: `${origin}/graphql` });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  async function visit(path: string, today?: Date): Promise<Visit> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    // the page's today, whatever the machine's date (the dashboard draws its trend's range from it)
    if (today) await page.clock.setFixedTime(today);
    const visited: Visit = { page, requests: [], responses: [], errors: [] };
    page.on('request', (request) => visited.requests.push(request.url()));
    page.on('response', (response) => visited.responses.push(response));
    page.on('console', (message) => message.type() === 'error' && visited.errors.push(message.text()));
    page.on('pageerror', (error) => visited.errors.push(error.message));
    await page.goto(`${origin}${path}`);
    return visited;
  }

  /** Every request went to the hub (a worker made from a blob: URL carries the hub's origin too). */
  function expectOnlyHub({ requests }: Visit) {
    expect(requests.length).toBeGreaterThan(3);
    const elsewhere = requests.filter((url) => !url.startsWith('data:') && new URL(url.startsWith('blob:') ? url.slice(5) : url).origin !== origin);
    expect(elsewhere).toEqual([]);
  }

  function expectCacheHeaders({ responses }: Visit, path: string) {
    const document = responses.find((response) => new URL(response.url()).pathname === path)!;
    expect(document.headers()['cache-control']).toBe('no-cache');
    const bundles = responses.filter((response) => new URL(response.url()).pathname.startsWith('/web/assets/'));
    expect(bundles.length).toBeGreaterThan(1);
    expect(bundles.filter((response) => response.status() !== 200 || response.headers()['cache-control'] !== IMMUTABLE).map((r) => r.url())).toEqual([]);
  }

  /** What a Monaco editor shows (it draws spaces as no-break spaces). */
  async function editorText(page: Page, container: string): Promise<string> {
    return (await page.locator(`${container} .view-lines`).first().innerText()).replace(/\u00a0/g, ' ');
  }

  it('the explorer loads from the hub alone, documents the schema, and runs a query with a token', async () => {
    const explorer = await visit('/graphql');
    const { page } = explorer;
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 30_000 });

    // the operations of schema/operations are its example tabs, after the viewer check
    const tabs = page.locator('.graphiql-tab');
    await expect.poll(() => tabs.count()).toBeGreaterThan(15);
    const titles = await tabs.allInnerTexts();
    for (const name of ['Viewer', 'WorkforceDashboard', 'WorkforceTrend', 'JobPostingsPage', 'PersonRecord', 'VerifyCertification']) {
      expect(titles.map((title) => title.trim())).toContain(name);
    }

    // documentation from the schema, fetched by introspection from the hub
    await page.getByLabel('Show Documentation Explorer').click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().click();
    await expect.poll(() => page.locator('.graphiql-doc-explorer-content').innerText(), { timeout: 15_000 }).toContain('workforceMetrics');

    // autocompletion: field names of the schema suggested as one types
    await page.locator('.graphiql-query-editor .monaco-editor').first().click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('{ workforceM');
    await page.keyboard.press('Control+Space');
    await expect.poll(() => page.locator('.suggest-widget').innerText(), { timeout: 15_000 }).toContain('workforceMetrics');
    await page.keyboard.press('Escape');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    // inserted whole: typed, the editor would close each brace a second time
    await page.keyboard.insertText('{ viewer { role jurisdictions } }');
    await expect.poll(() => editorText(page, '.graphiql-query-editor')).toBe('{ viewer { role jurisdictions } }');

    const token = await tokenFor({ role: Role.STATE_ANALYST, jurisdictions: ['TX'] });
    await page.locator('#token').fill(token);
    await page.locator('#token').press('Enter');
    const answer = page.waitForResponse((response) => response.url() === `${origin}/graphql` && (response.request().postData() ?? '').includes('viewer { role jurisdictions }'));
    await page.locator('.graphiql-execute-button').click();
    const sent = (await answer).request();
    expect([sent.method(), sent.headers()['content-type'], sent.headers()['authorization']]).toEqual(['POST', 'application/json', `Bearer ${token}`]);
    await expect.poll(() => editorText(page, '.graphiql-response'), { timeout: 15_000 }).toMatch(/"role": "STATE_ANALYST"[\s\S]*"TX"/);

    await page.screenshot({ path: `${SCREENSHOTS}/explorer.png` });
    expectOnlyHub(explorer);
    expectCacheHeaders(explorer, '/graphql');
    expect(explorer.errors).toEqual([]);
    await page.context().close();
  });

  /** The text a figure must show: the number as the dashboard writes it, or "suppressed" when withheld. */
  const shown = (figure: { value: number | null; suppressed: boolean }, format: (value: number) => string) =>
    figure.suppressed ? 'suppressed' : figure.value === null ? 'n/a' : format(figure.value);
  const counted = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const perCapita = (value: number) => value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const dollars = (cents: number) => (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
  const raw = (figure: { value: number | null; suppressed: boolean }) => (figure.suppressed || figure.value === null ? '' : String(figure.value));

  /** What a chart mark says: its data-value and its label's text. */
  async function mark(page: Page, chart: string, row: string, series?: string): Promise<[string | null, string]> {
    let locator = page.locator(`svg[data-chart="${chart}"] [data-row="${row}"]`);
    if (series) locator = locator.locator(`[data-series="${series}"]`);
    return [await locator.getAttribute('data-value'), ((await locator.locator('.value-label').textContent()) ?? '').trim()];
  }

  type Metrics = WorkforceDashboardQuery['workforceMetrics'];
  const keeps = (figures: Pick<Metrics['totals'], 'coverage'>, kind: string) => figures.coverage.some((c) => c.kind === kind && c.jurisdictionCodes.length > 0);
  const chartRows = (page: Page, chart: string) => page.locator(`svg[data-chart="${chart}"] [data-row]`).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row')));

  async function expectFigures(page: Page, metrics: Metrics) {
    const states = metrics.byJurisdiction;
    // what each total covers, as the API says; a state keeping no records of a kind has no bar in its charts
    for (const coverage of metrics.totals.coverage) {
      expect(await page.locator(`[data-coverage="${coverage.kind}"]`).getAttribute('data-codes')).toBe(coverage.jurisdictionCodes.join(' '));
    }
    const certifying = states.filter((s) => keeps(s, 'CERTIFICATIONS'));
    const posting = states.filter((s) => keeps(s, 'JOB_POSTINGS'));
    expect(await chartRows(page, 'headcount')).toEqual(certifying.map((s) => s.jurisdiction.code));
    expect(await chartRows(page, 'per-capita')).toEqual(certifying.map((s) => s.jurisdiction.code));
    expect(await chartRows(page, 'open-postings')).toEqual(posting.map((s) => s.jurisdiction.code));
    for (const state of states.filter((s) => !keeps(s, 'CERTIFICATIONS'))) {
      const cells = await page.locator(`table[data-table="states"] tr[data-row="${state.jurisdiction.code}"] td`).allInnerTexts();
      expect(cells.slice(2, 4)).toEqual(['no records', 'no records']);
    }
    for (const state of certifying) {
      const code = state.jurisdiction.code;
      expect(await mark(page, 'headcount', code)).toEqual([raw(state.activeCertifications), shown(state.activeCertifications, counted)]);
      expect(await mark(page, 'per-capita', code)).toEqual([raw(state.activePer100k), shown(state.activePer100k, perCapita)]);
      for (const [series, figure] of [['30 days', state.expiringWithin30Days], ['60 days', state.expiringWithin60Days], ['90 days', state.expiringWithin90Days]] as const) {
        expect(await mark(page, 'expirations', code, series)).toEqual([raw(figure), shown(figure, counted)]);
      }
    }
    for (const state of posting) {
      const code = state.jurisdiction.code;
      expect(await mark(page, 'open-postings', code)).toEqual([raw(state.openJobPostings), shown(state.openJobPostings, counted)]);
      expect(await mark(page, 'pay-by-state', code)).toEqual([raw(state.medianHourlyPayCents), shown(state.medianHourlyPayCents, dollars)]);
    }
    for (const state of states) {
      const code = state.jurisdiction.code;
      for (const fund of state.funds) {
        const key = `${code}:${fund.fund.name}:${fund.fund.fiscalYear}`;
        const bar = page.locator(`svg[data-chart="funds"] [data-row="${key}"]`);
        expect([await bar.getAttribute('data-value'), await bar.locator('[data-series="remaining"]').getAttribute('data-value')]).toEqual([String(fund.budgetCents), String(fund.remainingCents)]);
        const cells = await page.locator(`table[data-table="funds"] tr[data-row="${key}"] td`).allInnerTexts();
        expect(cells.slice(1)).toEqual([shown(fund.applications, counted), shown(fund.requestedCents, dollars), shown(fund.awardedCents, dollars), shown(fund.disbursedCents, dollars), dollars(fund.remainingCents)]);
      }
    }
    const totals = metrics.totals;
    for (const key of ['internsAwaitingSupervisor', 'openSupervisorSlots', 'provisionalCertifications', 'newlyCertified', 'activeCertifications'] as const) {
      expect(await mark(page, 'pipeline', key)).toEqual([raw(totals[key]), shown(totals[key], counted)]);
    }
    for (const [tile, figure, format] of [
      ['activeCertifications', totals.activeCertifications, counted],
      ['activePer100k', totals.activePer100k, perCapita],
      ['openJobPostings', totals.openJobPostings, counted],
      ['medianHourlyPayCents', totals.medianHourlyPayCents, dollars],
    ] as const) {
      const element = page.locator(`[data-tile="${tile}"]`);
      expect([await element.getAttribute('data-value'), await element.locator('.tile-value').innerText()]).toEqual([raw(figure), shown(figure, format)]);
    }
  }

  type Trend = WorkforceTrendQuery['workforceTimeSeries'];
  const DRAWN = ['certificationsIssued', 'certificationsLapsed', 'postingsOpened'] as const;
  const withheldShare = (trend: Trend) => {
    const cells = trend.totals.flatMap((period) => DRAWN.map((series) => period[series]));
    return cells.filter((cell) => cell.suppressed).length / cells.length;
  };

  /** The trend the page draws: twelve months, or eight quarters where over a quarter of the months' cells are withheld. */
  async function expectTrend(page: Page, jurisdictions: string[] | undefined) {
    const today = PAGE_TODAY;
    const only = jurisdictions ? { jurisdictions } : {};
    const to = today.toISOString().slice(0, 10);
    const monthsFrom = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
    const quartersFrom = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (today.getUTCMonth() % 3) - 21, 1)).toISOString().slice(0, 10);
    let { workforceTimeSeries: trend } = await publicClient.request(WorkforceTrendDocument, { ...only, from: monthsFrom, to });
    expect(trend.months).toHaveLength(12);
    if (withheldShare(trend) > 0.25) {
      trend = (await publicClient.request(WorkforceTrendDocument, { ...only, from: quartersFrom, to, interval: 'QUARTER' })).workforceTimeSeries;
      expect(trend.months).toHaveLength(8);
    }
    // on the default sample the public reads a trend, not a row of withheld cells
    expect(withheldShare(trend)).toBeLessThanOrEqual(0.25);
    expect(await page.locator('section h2', { hasText: trend.interval === 'QUARTER' ? 'Quarter by quarter' : 'Month by month' }).count()).toBe(1);
    for (const [series, pick] of [
      ['Certifications issued', (m: (typeof trend.totals)[number]) => m.certificationsIssued],
      ['Certifications lapsed', (m: (typeof trend.totals)[number]) => m.certificationsLapsed],
      ['Postings opened', (m: (typeof trend.totals)[number]) => m.postingsOpened],
    ] as const) {
      const drawn = await page.locator(`svg[data-chart="trend"] [data-series="${series}"] circle`).evaluateAll((points) => points.map((point) => point.getAttribute('data-value')));
      expect([series, drawn]).toEqual([series, trend.totals.map((month) => raw(pick(month)))]);
      // and the table under the chart, where a withheld month reads as a dash
      const cells = await page.locator(`table[data-table="trend"] tr[data-row="${series}"] td`).allInnerTexts();
      expect(cells.slice(1)).toEqual(trend.totals.map((month) => (pick(month).suppressed ? '–' : shown(pick(month), counted))));
    }
  }

  async function expectPay(page: Page, jurisdictions: string[]) {
    const { jobPostingStats } = await publicClient.request(PostingPayDocument, { jurisdictions });
    expect(jobPostingStats.buckets.length).toBeGreaterThan(0);
    expect(await page.locator('svg[data-chart="pay"] [data-row]').count()).toBe(jobPostingStats.buckets.length);
    for (const bucket of jobPostingStats.buckets) {
      const median = { value: bucket.median.hourlyPayCents, suppressed: bucket.suppressed };
      const [value, label] = await mark(page, 'pay', `${bucket.key.jurisdiction!.code}:${bucket.key.employmentType ?? ''}`);
      expect([value, label.startsWith(shown(median, dollars))]).toEqual([raw(median), true]);
    }
  }

  it('the dashboard draws the API\'s numbers, for every state and for the one selected', async () => {
    const dashboard = await visit('/dashboard', PAGE_TODAY);
    const { page } = dashboard;
    await page.locator('svg[data-chart="headcount"]').waitFor({ timeout: 30_000 });

    const { jurisdictions } = await publicClient.request(DashboardJurisdictionsDocument);
    const options = await page.locator('#jurisdiction option').evaluateAll((all) => all.map((option) => option.getAttribute('value')));
    expect(options).toEqual(['', ...jurisdictions.map((j) => j.code)]);

    const everywhere = (await publicClient.request(WorkforceDashboardDocument)).workforceMetrics;
    expect(everywhere.byJurisdiction.length).toBe(jurisdictions.length);
    // the sample keeps certifications in MN and TX alone: WA is listed, and left out of what the totals cover
    expect(everywhere.totals.coverage.find((c) => c.kind === 'CERTIFICATIONS')!.jurisdictionCodes).toEqual(['MN', 'TX']);
    // the page asks without a token, as PUBLIC: with small counts withheld
    expect(everywhere.totals.activeCertifications.value).toBeGreaterThan(10);
    await expectFigures(page, everywhere);
    await expectTrend(page, undefined);
    await expectPay(page, jurisdictions.map((j) => j.code));
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard.png`, fullPage: true });

    // one state: the page asks again, and shows that state's figures alone
    await page.locator('#jurisdiction').selectOption('TX');
    await expect.poll(() => chartRows(page, 'headcount')).toEqual(['TX']);
    const texas = (await publicClient.request(WorkforceDashboardDocument, { jurisdictions: ['TX'] })).workforceMetrics;
    await expectFigures(page, texas);
    await expectTrend(page, ['TX']);
    await expectPay(page, ['TX']);
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-tx.png`, fullPage: true });

    expectOnlyHub(dashboard);
    expectCacheHeaders(dashboard, '/dashboard');
    expect(dashboard.errors).toEqual([]);
    await page.context().close();
  });

  it('the explorer runs a subscription over WebSocket with its token, and shows each answer as it comes', async () => {
    const explorer = await visit('/graphql');
    const { page } = explorer;
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 30_000 });
    // the published subscriptions are example tabs too
    await expect.poll(async () => (await page.locator('.graphiql-tab').allInnerTexts()).map((title) => title.trim())).toContain('LiveOpenPostings');

    // a draft reaches its employer and ADMIN alone: seen here, the token went with the socket
    await page.locator('#token').fill(await tokenFor({ role: Role.ADMIN }));
    await page.locator('#token').press('Enter');
    await page.locator('.graphiql-query-editor .monaco-editor').first().click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText('subscription { jobPostingChanged { title status } }');
    await expect.poll(() => editorText(page, '.graphiql-query-editor')).toBe('subscription { jobPostingChanged { title status } }');
    const { multiplexer } = hub.server.live;
    const before = multiplexer.counts().subscriptions;
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => multiplexer.counts().subscriptions, { timeout: 15_000 }).toBe(before + 1);

    await postJob(hub, { jurisdiction: 'TX', title: 'A draft heard in the explorer', publish: false });
    await expect.poll(() => editorText(page, '.graphiql-response'), { timeout: 15_000 }).toMatch(/"title": "A draft heard in the explorer",\s*"status": "DRAFT"/);
    await page.screenshot({ path: `${SCREENSHOTS}/explorer-subscription.png` });
    // the run button stops it
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => multiplexer.counts().subscriptions, { timeout: 15_000 }).toBe(before);
    expectOnlyHub(explorer);
    expect(explorer.errors).toEqual([]);
    await page.context().close();
  });

  it('the dashboard\'s figures follow a change in the database without reloading', async () => {
    const dashboard = await visit('/dashboard', PAGE_TODAY);
    const { page } = dashboard;
    await page.locator('[data-tile="openJobPostings"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.live-state').getAttribute('data-live'), { timeout: 15_000 }).toBe('live');
    expect(await page.locator('.live-state').innerText()).toBe('live');
    const tile = page.locator('[data-tile="openJobPostings"]');
    const open = Number(await tile.getAttribute('data-value'));
    expect(open).toBeGreaterThan(10);
    // a mark on the page a reload would wipe
    await page.evaluate(() => ((globalThis as unknown as { unreloaded: boolean }).unreloaded = true));
    const requests = dashboard.requests.length;

    await postJob(hub, { jurisdiction: 'TX', title: 'A posting the dashboard counts live' });
    await expect.poll(() => tile.getAttribute('data-value'), { timeout: 15_000 }).toBe(String(open + 1));
    const { workforceMetrics } = await publicClient.request(WorkforceDashboardDocument);
    expect(workforceMetrics.totals.openJobPostings.value).toBe(open + 1);
    expect(await tile.locator('.tile-value').innerText()).toBe((open + 1).toLocaleString('en-US'));
    expect(await page.evaluate(() => (globalThis as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);
    // the new figure came over the socket: no request over HTTP since
    expect(dashboard.requests.slice(requests)).toEqual([]);
    expect(dashboard.errors).toEqual([]);
    await page.context().close();
  });
});
