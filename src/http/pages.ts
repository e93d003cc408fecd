/**
 * The browser pages the hub serves itself, built by Vite into dist/web (npm run build) from src/web: the explorer
 * (GraphiQL) at /explorer and at /graphql for a browser, the workforce dashboard at /dashboard, and at /find the page a
 * future peer specialist finds supervisors, training and jobs near a ZIP code on. Nothing they load
 * comes from elsewhere: the machines the hub runs on may have no internet.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { negotiate } from '@fastify/accept-negotiator';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { fromRoot } from '../paths';

export const WEB_DIR = fromRoot('dist/web');

/** Where the hashed bundles are served: a changed file is a new URL, so browsers may keep each one for good. */
export const ASSETS_PREFIX = '/web/assets/';

const PAGES = { explorer: 'explorer/index.html', dashboard: 'dashboard/index.html', find: 'find/index.html' } as const;
type Page = keyof typeof PAGES;

const GRAPHQL_OR_HTML = ['application/graphql-response+json', 'application/json', 'text/html'];

/** True when the Accept header puts HTML first, as a browser's does; curl's * / * and clients' JSON do not. */
export function prefersHtml(accept: string | undefined): boolean {
  return accept ? negotiate(accept, GRAPHQL_OR_HTML) === 'text/html' : false;
}

async function sendPage(reply: FastifyReply, webDir: string, page: Page): Promise<FastifyReply> {
  let html: string;
  try {
    html = await readFile(join(webDir, PAGES[page]), 'utf8');
  } catch {
    return reply.status(503).type('text/plain; charset=utf-8').send('The web pages are not built: run npm run build.');
  }
  // the page names the current bundles, so it is checked with the hub on every visit
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').send(html);
}

/**
 * Registers the pages and their bundles; call before the /graphql route is declared, so that a browser's GET of
 * /graphql is answered with the explorer before Apollo sees it. Every other GET of /graphql stays GraphQL over HTTP.
 */
export async function registerPages(app: FastifyInstance, webDir = WEB_DIR): Promise<void> {
  const assets = join(webDir, 'assets');
  if (existsSync(assets)) {
    await app.register(fastifyStatic, { root: assets, prefix: ASSETS_PREFIX, index: false, immutable: true, maxAge: '365d', decorateReply: false });
  }
  app.get('/explorer', (_request, reply) => sendPage(reply, webDir, 'explorer'));
  app.get('/dashboard', (_request, reply) => sendPage(reply, webDir, 'dashboard'));
  app.get('/find', (_request, reply) => sendPage(reply, webDir, 'find'));
  // in the callback style: this runs before every request, and an async hook costs each a promise
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method === 'GET' && request.routeOptions.url === '/graphql' && prefersHtml(request.headers.accept)) {
      // the same URL answers JSON to other callers: caches must key on Accept
      return void sendPage(reply.header('vary', 'accept'), webDir, 'explorer');
    }
    done();
  });
}
