/**
 * The find page (/find) in headless Chromium, as a future peer specialist uses it: a ZIP code in, supervisors with a
 * place free, training with seats left and open jobs near it out, each list the API's own answer; an unknown ZIP code
 * answered in words; and, signed in as an intern (a PEER token), asking a supervisor for supervision, which leaves a
 * request in the database. No request may leave the hub and no console error may appear.
 */
import { mkdirSync } from 'node:fs';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/viewer';
import { createHubClient, JobsNearMeDocument, SupervisorsNearMeDocument, TrainingCalendarDocument, type HubClient } from '../../src/client';
import { DEFAULT_SEED_SCALE } from '../../src/config';
import { loadPostalCodes } from '../../src/db/seed/load-postal-codes';
import { fromGlobalId, toGlobalId } from '../../src/graphql/global-id';
import { startTestHub, tokenFor, type TestHub } from '../kit';
import { CHROMIUM, haveChromium, launchChromium, requireChromium, SCREENSHOTS } from './chromium';

const TOKEN_KEY = 'peer-workforce-hub.token';
/** Downtown Austin: the sample's Texas supervisors, training and postings are around it. */
const AUSTIN = '78701';

requireChromium('the find page in a browser');

describe.skipIf(!haveChromium)(`the find page in headless Chromium (skipped without ${CHROMIUM})`, () => {
  let hub: TestHub;
  let origin: string;
  let browser: Browser;
  let publicClient: HubClient;

  beforeAll(async () => {
    hub = await startTestHub({ seedScale: DEFAULT_SEED_SCALE });
    // the ZIP code centroids, as the hub writes them with the reference data at start
    const client = new Client({ connectionString: hub.db.url });
    await client.connect();
    try {
      await loadPostalCodes(client);
    } finally {
      await client.end();
    }
    origin = await hub.server.app.listen({ port: 0, host: '127.0.0.1' });
    publicClient = createHubClient({ url: `${origin}/graphql` });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  async function open(token?: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    if (token) await context.addInitScript(([key, value]) => sessionStorage.setItem(key, value), [TOKEN_KEY, token]);
    const page = await context.newPage();
    const visited = { page, requests: [] as string[], errors: [] as string[] };
    page.on('request', (request) => visited.requests.push(request.url()));
    page.on('console', (message) => message.type() === 'error' && visited.errors.push(message.text()));
    page.on('pageerror', (error) => visited.errors.push(error.message));
    await page.goto(`${origin}/find`);
    return visited;
  }

  async function search(page: Page, postalCode: string, withinMiles = 50, language = 'en') {
    await page.locator('input[name="postalCode"]').fill(postalCode);
    await page.locator('select[name="withinMiles"]').selectOption(String(withinMiles));
    await page.locator('select[name="language"]').selectOption(language);
    await page.locator('button[type="submit"]').click();
  }

  const headingCount = async (page: Page, id: string) => Number(/\((\d+)\)/.exec(await page.locator(`#${id}`).innerText())![1]);

  it('lists the supervisors, training and jobs near a ZIP code that the API lists, nearest first', async () => {
    const { page, requests, errors } = await open();
    await search(page, AUSTIN, 50);
    await page.locator('#supervisors-heading').waitFor({ timeout: 30_000 });

    const near = { postalCode: AUSTIN, withinMiles: 50 };
    const supervisors = (await publicClient.request(SupervisorsNearMeDocument, { ...near, languages: ['en'], first: 10 })).supervisors;
    const training = (await publicClient.request(TrainingCalendarDocument, { filter: { near, seatsLeft: { gt: 0 } }, first: 10 })).trainingEvents;
    const jobs = (await publicClient.request(JobsNearMeDocument, { ...near, includeRemote: true, first: 10 })).jobPostings;
    // the sample has each of them near Austin: an empty list would prove nothing
    expect(supervisors.totalCount).toBeGreaterThan(0);
    expect(training.totalCount).toBeGreaterThan(0);
    expect(jobs.totalCount).toBeGreaterThan(0);

    expect(await headingCount(page, 'supervisors-heading')).toBe(supervisors.totalCount);
    expect(await headingCount(page, 'training-heading')).toBe(training.totalCount);
    expect(await headingCount(page, 'jobs-heading')).toBe(jobs.totalCount);
    expect(await page.locator('[data-supervisor]').evaluateAll((all) => all.map((li) => li.getAttribute('data-supervisor')))).toEqual(supervisors.nodes.map((s) => s.id));
    expect(await page.locator('[data-event]').evaluateAll((all) => all.map((li) => li.getAttribute('data-event')))).toEqual(training.nodes.map((e) => e.id));
    expect(await page.locator('[data-job]').evaluateAll((all) => all.map((li) => li.getAttribute('data-job')))).toEqual(jobs.nodes.map((j) => j.id));
    // nearest first, as shown
    const distances = supervisors.nodes.map((s) => s.distanceMiles!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(await page.locator('[data-supervisor]').first().innerText()).toContain(`${distances[0].toFixed(1)} mi`);
    // seats left, a count, never who registered
    expect(await page.locator('[data-event]').first().innerText()).toContain(`${training.nodes[0].seatsLeft} seat`);
    // no "Ask" button without a token
    expect(await page.locator('[data-supervisor] button').count()).toBe(0);
    // training soonest first
    const starts = training.nodes.map((e) => e.startsOn);
    expect(starts).toEqual([...starts].sort());
    await page.screenshot({ path: `${SCREENSHOTS}/find.png`, fullPage: true });

    expect(errors).toEqual([]);

    // a ZIP code the hub does not know is answered in words, and nothing else is shown
    await search(page, '00000');
    await expect.poll(() => page.locator('[role="alert"]').innerText()).toContain('00000');
    expect(await page.locator('#supervisors-heading').count()).toBe(0);
    // the hub refuses the three requests with 400 (BAD_USER_INPUT), which Chromium reports in the console; nothing else
    expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([]);

    expect(requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin)).toEqual([]);
    await page.context().close();
  });

  it('an intern signed in asks a supervisor for supervision, and the request is stored', async () => {
    const { supervisors } = await publicClient.request(SupervisorsNearMeDocument, { postalCode: AUSTIN, withinMiles: 50, languages: ['en'], first: 10 });
    const supervisorKey = fromGlobalId(supervisors.nodes[0].id).key;
    // someone who has never asked for supervision, and is not the supervisor
    const [intern] = await hub.sql<{ id: number }>(
      `select p.id from peer_specialist p where not exists (select 1 from supervision s where s.person_id = p.id)
         and not exists (select 1 from supervisor v where v.person_id = p.id) order by p.id limit 1`,
    );
    // an administrator's token shows no "Ask" button: only an intern asks, for themselves
    const admin = await open(await tokenFor({ role: Role.ADMIN }));
    await search(admin.page, AUSTIN, 50);
    await admin.page.locator('[data-supervisor]').first().waitFor({ timeout: 30_000 });
    expect(await admin.page.locator('[data-supervisor] button').count()).toBe(0);
    await admin.page.context().close();

    const token = await tokenFor({ role: Role.PEER, peerId: toGlobalId('PeerSpecialist', intern.id) });
    const { page, errors } = await open(token);
    await search(page, AUSTIN, 50);
    const first = page.locator('[data-supervisor]').first();
    await first.locator('button').click();
    await expect.poll(() => first.locator('[role="status"]').innerText()).toBe('Asked: requested');

    const stored = await hub.sql<{ status: string }>('select status from supervision where person_id = ? and supervisor_id = ?', [intern.id, supervisorKey]);
    expect(stored).toEqual([{ status: 'REQUESTED' }]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
