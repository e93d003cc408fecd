/**
 * Production mode's rules that depend on who asks: callers without a token run only the trusted documents (by text
 * or by hash), only analysts and administrators introspect, and validation errors name no field the caller did not.
 */
import { print } from 'graphql';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as operations from '../src/client/operations';
import { documentHash } from '../src/client/trusted-documents';
import { toGlobalId } from '../src/graphql/global-id';
import { loadTrustedDocuments } from '../src/http/persisted-documents';
import { startTestHub, type TestHub } from './kit';

const SECRET = 'a production secret of the test suite, long enough';
let hub: TestHub;

async function token(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('test')
    .setIssuer('peer-workforce-hub')
    .setAudience('peer-workforce-hub')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));
}

async function post(body: unknown, bearer?: string) {
  const response = await hub.server.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    payload: body as object,
  });
  return { status: response.statusCode, body: response.json() };
}

beforeAll(async () => {
  hub = await startTestHub({ seedScale: 1, env: { NODE_ENV: 'production', JWT_SECRET: SECRET } });
});
afterAll(() => hub?.close());

const documents = Object.entries(operations).filter(([name]) => name.endsWith('Document'));

describe('callers without a token', () => {
  it('the trusted documents are exactly the client operations, as the typed documents print them', () => {
    const trusted = loadTrustedDocuments();
    expect(documents.length).toBeGreaterThanOrEqual(14);
    expect(Object.keys(trusted).sort()).toEqual(documents.map(([, document]) => documentHash(print(document as never))).sort());
  });

  it('run a trusted document sent as text', async () => {
    const { status, body } = await post({ query: print(operations.JobPostingsPageDocument), variables: { first: 3 } });
    expect(status).toBe(200);
    expect(body.data.jobPostings.edges).toHaveLength(3);
  });

  it('run a trusted document sent as its hash alone', async () => {
    const sha256Hash = documentHash(print(operations.SearchPostingsDocument));
    const { status, body } = await post({ variables: { text: 'peer support', first: 2 }, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(status).toBe(200);
    expect(body.data.jobPostings.nodes.length).toBeGreaterThan(0);
  });

  it('are refused any other document, before it runs', async () => {
    const { status, body } = await post({ query: '{ peerSpecialists(first: 1) { nodes { email } } }' });
    expect(status).toBe(403);
    expect(body.errors[0].extensions.code).toBe('UNTRUSTED_DOCUMENT');
    expect(body.data).toBeUndefined();
    // a trusted document with one character changed is another document
    const changed = await post({ query: print(operations.JobPostingsPageDocument).replace('title', 'title ') });
    expect(changed.body.errors[0].extensions.code).toBe('UNTRUSTED_DOCUMENT');
  });

  it('cannot register a document by hash', async () => {
    const query = '{ jurisdictions { code } }';
    const { status, body } = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(query) } } });
    expect(status).toBe(403);
    expect(body.errors[0].extensions.code).toBe('UNTRUSTED_DOCUMENT');
    const again = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(query) } } });
    expect(again.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('introspection', () => {
  const introspection = '{ __schema { queryType { name } } }';

  it('is open to state analysts and administrators', async () => {
    for (const claims of [{ role: 'STATE_ANALYST', jurisdictions: ['MN'] }, { role: 'ADMIN' }]) {
      const { status, body } = await post({ query: introspection }, await token(claims));
      expect(status).toBe(200);
      expect(body.data.__schema.queryType.name).toBe('Query');
    }
  });

  it('is refused to other roles, __type included, while __typename stays', async () => {
    const peer = await token({ role: 'PEER', peerId: toGlobalId('PeerSpecialist', 1) });
    const schema = await post({ query: introspection }, peer);
    expect(schema.status).toBe(403);
    expect(schema.body.errors[0].extensions.code).toBe('INTROSPECTION_FORBIDDEN');
    const type = await post({ query: 'query { jurisdictions { code } ...T } fragment T on Query { __type(name: "Employer") { name } }' }, peer);
    expect(type.body.errors[0].extensions.code).toBe('INTROSPECTION_FORBIDDEN');
    const typename = await post({ query: '{ __typename jurisdictions { code } }' }, peer);
    expect(typename.status).toBe(200);
    expect(typename.body.data.__typename).toBe('Query');
  });
});

describe('validation errors', () => {
  it('suggest no field names in production', async () => {
    const analyst = await token({ role: 'STATE_ANALYST', jurisdictions: ['MN'] });
    const { status, body } = await post({ query: '{ jobPostings(first: 1) { nodes { titel } } }' }, analyst);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toContain('titel');
    expect(body.errors[0].message).not.toMatch(/did you mean/i);
  });
});
