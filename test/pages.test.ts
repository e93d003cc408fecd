/**
 * The pages the hub serves from dist/web (npm run build): the explorer at /explorer and for a browser at /graphql,
 * the dashboard at /dashboard, their hashed bundles cached for good and the pages checked on every visit, while
 * GraphQL over GET keeps answering every caller that is not a browser, in production too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './kit';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const IMMUTABLE = 'public, max-age=31536000, immutable';

let hub: TestHub;
let production: TestHub;

beforeAll(async () => {
  [hub, production] = await Promise.all([startTestHub(), startTestHub({ env: { NODE_ENV: 'production', JWT_SECRET: 'a production secret of the test suite, long enough' } })]);
});
afterAll(async () => {
  await hub?.close();
  await production?.close();
});

const get = (target: TestHub, url: string, accept?: string) => target.server.app.inject({ method: 'GET', url, headers: accept ? { accept } : {} });

/** The /web/assets/ files a page names (scripts, styles, preloads). */
const assetsOf = (html: string) => [...html.matchAll(/(?:src|href)="(\/web\/assets\/[^"]+)"/g)].map((match) => match[1]);

describe('pages', () => {
  it('a browser opening /graphql gets the explorer, not checked against caches', async () => {
    const response = await get(hub, '/graphql', BROWSER_ACCEPT);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers.vary).toMatch(/accept/i);
    expect(response.body).toContain('<title>Peer Workforce Hub · Explorer</title>');
    expect((await get(hub, '/explorer', BROWSER_ACCEPT)).body).toBe(response.body);
  });

  it('GraphQL over GET still answers callers that do not ask for HTML first', async () => {
    const url = `/graphql?query=${encodeURIComponent('{ jurisdictions { code } }')}`;
    for (const accept of [undefined, '*/*', 'application/json', 'application/graphql-response+json, application/json;q=0.9', 'application/json, text/html;q=0.5']) {
      const response = await get(hub, url, accept);
      expect([accept, response.statusCode, response.json().data]).toEqual([accept, 200, { jurisdictions: [] }]);
    }
  });

  it('the pages name only bundles of the hub, served with a year of caching', async () => {
    for (const page of ['/explorer', '/dashboard']) {
      const html = (await get(hub, page)).body;
      expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
      const assets = assetsOf(html);
      expect(assets.length).toBeGreaterThan(1);
      for (const asset of assets) {
        const response = await get(hub, asset);
        expect([asset, response.statusCode, response.headers['cache-control']]).toEqual([asset, 200, IMMUTABLE]);
        expect(response.headers['content-type']).toMatch(asset.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/);
      }
    }
    expect((await get(hub, '/web/assets/nothing-here.js')).statusCode).toBe(404);
  });

  it('in production the pages load, and a browser GET of /graphql is not refused as a CSRF attempt', async () => {
    const explorer = await get(production, '/graphql', BROWSER_ACCEPT);
    expect([explorer.statusCode, explorer.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    const dashboard = await get(production, '/dashboard', BROWSER_ACCEPT);
    expect(dashboard.statusCode).toBe(200);
    const asset = assetsOf(dashboard.body)[0];
    expect((await get(production, asset)).headers['cache-control']).toBe(IMMUTABLE);
    // GraphQL over GET from anything else keeps production's CSRF rule
    const plain = await get(production, `/graphql?query=${encodeURIComponent('{ jurisdictions { code } }')}`, 'application/json');
    expect(plain.statusCode).toBe(400);
  });
});
