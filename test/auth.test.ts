/**
 * Authentication: what a caller sees for each token it may send (the viewer query's answer, or a 401 with code
 * UNAUTHENTICATED and a Bearer challenge, never a 500), the JWT_* configuration, and the token CLI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier, VERIFIED_TOKEN_TRUST_MS, VerifiedTokens } from '../src/http/tokens';
import { parseTokenArgs, signToken, TokenCliError } from '../src/cli/token';
import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from '../src/config';
import { toGlobalId } from '../src/graphql/global-id';
import { createHubServer, type HubServer } from '../src/http/server';
import { startTestHub, type TestHub } from './kit';

const VIEWER = '{ viewer { role subject jurisdictions employerId peerId } }';
const ISSUER = 'peer-workforce-hub';
const now = () => Math.floor(Date.now() / 1000);

/** The development hub: no JWT_* variable, so it verifies HS256 with the development secret. */
let hub: TestHub;
/** A JWKS of one RSA and one EC public key, in a temporary file and served over HTTP on loopback. */
let rsa: { privateKey: KeyLike; publicJwk: JWK };
let ec: { privateKey: KeyLike; publicJwk: JWK };
let jwksDir: string;
let jwksFile: string;
let jwksServer: Server;
let jwksUrl: string;
let jwksRequests = 0;

async function keyPair(alg: 'RS256' | 'ES256', kid: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

beforeAll(async () => {
  [hub, rsa, ec] = await Promise.all([startTestHub(), keyPair('RS256', 'rsa-1'), keyPair('ES256', 'ec-1')]);
  const jwks = JSON.stringify({ keys: [rsa.publicJwk, ec.publicJwk] });
  jwksDir = mkdtempSync(join(tmpdir(), 'hub-auth-'));
  jwksFile = join(jwksDir, 'jwks.json');
  writeFileSync(jwksFile, jwks);
  jwksServer = createServer((_request, response) => {
    jwksRequests++;
    response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(async () => {
  await new Promise((resolve) => jwksServer?.close(resolve));
  if (jwksDir) rmSync(jwksDir, { recursive: true, force: true });
  await hub?.close();
});

/** Another configuration of the hub on the same database: an HTTP server only, closed by the caller. */
function serverWith(env: NodeJS.ProcessEnv): Promise<HubServer> {
  return createHubServer(loadConfig({ LOG_LEVEL: 'fatal', ...env }), hub.orm);
}

async function ask(server: HubServer, authorization?: string, query = VIEWER) {
  const response = await server.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    payload: { query },
  });
  return { status: response.statusCode, body: response.json(), text: response.body, challenge: response.headers['www-authenticate'] };
}

const bearer = (token: string) => `Bearer ${token}`;

/** A token as an issuer would make it; `claims` may override or drop (undefined) the registered claims. */
async function hs256(claims: JWTPayload, secret = DEVELOPMENT_JWT_SECRET, header: Record<string, unknown> = {}): Promise<string> {
  return sign({ sub: 'user-1', iss: ISSUER, aud: ISSUER, iat: now(), exp: now() + 600, ...claims }, new TextEncoder().encode(secret), { alg: 'HS256', ...header });
}

async function sign(claims: JWTPayload, key: KeyLike | Uint8Array, header: Record<string, unknown> & { alg: string }): Promise<string> {
  const defined = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
  return new SignJWT(defined).setProtectedHeader(header).sign(key);
}

const analyst = { role: 'STATE_ANALYST', jurisdictions: ['MN'] };

/** What every refusal looks like to the client: 401, UNAUTHENTICATED, a Bearer challenge, and nothing internal. */
function expectRefused(answer: Awaited<ReturnType<typeof ask>>, message: string | RegExp) {
  expect(answer.status).toBe(401);
  expect(answer.challenge).toMatch(/^Bearer\b/);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  expect(answer.body.errors[0].message).toMatch(message);
  expect(answer.text).not.toMatch(/stacktrace|at .*\.(ts|js):\d+|node_modules|Context creation failed/i);
  expect(answer.text).not.toContain(DEVELOPMENT_JWT_SECRET);
}

describe('the viewer query', () => {
  it('answers PUBLIC without a token', async () => {
    const answer = await ask(hub.server);
    expect(answer.status).toBe(200);
    expect(answer.body.data.viewer).toEqual({ role: 'PUBLIC', subject: null, jurisdictions: [], employerId: null, peerId: null });
  });

  it('answers the role, subject and jurisdictions of a valid HS256 token, codes upper-cased once each', async () => {
    const answer = await ask(hub.server, bearer(await hs256({ role: 'STATE_ANALYST', jurisdictions: ['mn', 'MN', 'tx'] })));
    expect(answer.status).toBe(200);
    expect(answer.body.data.viewer).toEqual({ role: 'STATE_ANALYST', subject: 'user-1', jurisdictions: ['MN', 'TX'], employerId: null, peerId: null });
  });

  it('answers the employer of an EMPLOYER and the person of a PEER as global ids', async () => {
    const employer = await ask(hub.server, bearer(await hs256({ role: 'EMPLOYER', employerId: toGlobalId('Employer', 7) })));
    expect(employer.body.data.viewer).toMatchObject({ role: 'EMPLOYER', employerId: toGlobalId('Employer', 7), peerId: null });
    // an id claim of another role's is not read, so it cannot widen what the token grants
    const peer = await ask(hub.server, bearer(await hs256({ role: 'PEER', peerId: toGlobalId('PeerSpecialist', 3), employerId: toGlobalId('Employer', 7) })));
    expect(peer.body.data.viewer).toMatchObject({ role: 'PEER', employerId: null, peerId: toGlobalId('PeerSpecialist', 3) });
  });

  it('accepts a token expired within the clock tolerance of 5 seconds', async () => {
    const answer = await ask(hub.server, bearer(await hs256({ ...analyst, exp: now() - 2 })));
    expect(answer.status).toBe(200);
    expect(answer.body.data.viewer.role).toBe('STATE_ANALYST');
  });

  it('costs no SQL statement', async () => {
    const answer = await ask(hub.server, bearer(await hs256(analyst)));
    expect(answer.body.extensions.sqlStatements).toBe(0);
  });
});

describe('refused tokens get 401 UNAUTHENTICATED, never a 500', () => {
  const unsecured = (claims: JWTPayload) =>
    `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify({ sub: 'x', iss: ISSUER, aud: ISSUER, exp: now() + 600, ...claims }))}.`;

  const cases: [string, () => Promise<string>, string | RegExp][] = [
    ['a tampered payload (role raised to ADMIN, signature kept)', async () => {
      const [header, , signature] = (await hs256(analyst)).split('.');
      const payload = base64url.encode(JSON.stringify({ sub: 'user-1', iss: ISSUER, aud: ISSUER, exp: now() + 600, role: 'ADMIN' }));
      return bearer(`${header}.${payload}.${signature}`);
    }, 'token signature is invalid'],
    ['a token signed with another secret', async () => bearer(await hs256(analyst, 'another secret that is long enough to be one')), 'token signature is invalid'],
    ['an expired token', async () => bearer(await hs256({ ...analyst, exp: now() - 60 })), /^token expired/],
    ['a token without exp', async () => bearer(await hs256({ ...analyst, exp: undefined })), 'token must carry exp (an expiry time)'],
    ['a token not yet valid (nbf in the future)', async () => bearer(await hs256({ ...analyst, nbf: now() + 60 })), /^token not yet valid/],
    ['a wrong audience', async () => bearer(await hs256({ ...analyst, aud: 'another-service' })), 'audience must be peer-workforce-hub'],
    ['no audience', async () => bearer(await hs256({ ...analyst, aud: undefined })), 'audience must be peer-workforce-hub'],
    ['a wrong issuer', async () => bearer(await hs256({ ...analyst, iss: 'https://elsewhere.example' })), 'issuer must be peer-workforce-hub'],
    ['alg none (an unsecured JWT)', async () => bearer(unsecured({ role: 'ADMIN' })), 'token algorithm none is not accepted: this hub accepts HS256'],
    ['an RS256 token on a hub with a secret only', async () => bearer(await sign({ sub: 'x', iss: ISSUER, aud: ISSUER, exp: now() + 600, role: 'ADMIN' }, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' })), 'token algorithm RS256 is not accepted: this hub accepts HS256'],
    ['no role', async () => bearer(await hs256({ jurisdictions: ['MN'] })), /^claim role must be one of PEER, EMPLOYER, SUPERVISOR, FUND_REVIEWER, STATE_ANALYST, ADMIN$/],
    ['an unknown role', async () => bearer(await hs256({ role: 'SUPERUSER' })), /^claim role must be one of /],
    ['role PUBLIC (the absence of a token)', async () => bearer(await hs256({ role: 'PUBLIC' })), /^claim role must be one of /],
    ['no sub', async () => bearer(await hs256({ ...analyst, sub: undefined })), /^claim sub must be a non-empty string/],
    ['STATE_ANALYST without jurisdictions', async () => bearer(await hs256({ role: 'STATE_ANALYST' })), /^claim jurisdictions is required for STATE_ANALYST/],
    ['FUND_REVIEWER with empty jurisdictions', async () => bearer(await hs256({ role: 'FUND_REVIEWER', jurisdictions: [] })), /^claim jurisdictions is required for FUND_REVIEWER/],
    ['jurisdictions that are no USPS codes', async () => bearer(await hs256({ role: 'STATE_ANALYST', jurisdictions: ['MN', 'Minnesota'] })), /^claim jurisdictions must be an array of two-letter USPS codes/],
    ['EMPLOYER whose employerId is the id of a PeerSpecialist', async () => bearer(await hs256({ role: 'EMPLOYER', employerId: toGlobalId('PeerSpecialist', 7) })), /^claim employerId is required for EMPLOYER: the global id of a Employer; ".*" is not one$/],
    ['EMPLOYER whose employerId is no id at all', async () => bearer(await hs256({ role: 'EMPLOYER', employerId: 7 })), /^claim employerId is required for EMPLOYER/],
    ['PEER without peerId', async () => bearer(await hs256({ role: 'PEER' })), /^claim peerId is required for PEER/],
    ['Authorization: Basic', async () => `Basic ${Buffer.from('analyst:password').toString('base64')}`, 'Authorization of scheme Basic is not accepted: send "Authorization: Bearer <token>"'],
    ['Bearer with no token', async () => 'Bearer ', /^Authorization must be "Bearer <token>"/],
    ['an empty Authorization', async () => '', /is not accepted: send "Authorization: Bearer <token>"/],
    ['a token that is no JWT', async () => 'Bearer not-a-jwt', /^token is not a well-formed signed JWT/],
    ['a JWT whose header is not JSON', async () => `Bearer ${base64url.encode('{alg')}.${base64url.encode('{}')}.c2ln`, /^token is not a well-formed signed JWT/],
  ];

  for (const [name, authorization, message] of cases) {
    it(name, async () => {
      expectRefused(await ask(hub.server, await authorization()), message);
    });
  }

  it('a refusal names the Bearer scheme, and invalid_token when the token itself is at fault', async () => {
    expect((await ask(hub.server, bearer(await hs256({ ...analyst, exp: now() - 60 })))).challenge).toBe('Bearer error="invalid_token"');
    expect((await ask(hub.server, 'Basic abc')).challenge).toBe('Bearer');
  });
});

describe('tokens verified with a JWKS', () => {
  let fileHub: HubServer;
  beforeAll(async () => {
    fileHub = await serverWith({ JWT_JWKS_FILE: jwksFile });
  });
  afterAll(() => fileHub?.close());

  const claims = { sub: 'idp|42', iss: ISSUER, aud: ISSUER, role: 'FUND_REVIEWER', jurisdictions: ['TX'] };

  it('accepts RS256 and ES256 tokens from a JWKS file', async () => {
    for (const [key, alg, kid] of [[rsa.privateKey, 'RS256', 'rsa-1'], [ec.privateKey, 'ES256', 'ec-1']] as const) {
      const answer = await ask(fileHub, bearer(await sign({ ...claims, iat: now(), exp: now() + 600 }, key, { alg, kid })));
      expect(answer.status).toBe(200);
      expect(answer.body.data.viewer).toEqual({ role: 'FUND_REVIEWER', subject: 'idp|42', jurisdictions: ['TX'], employerId: null, peerId: null });
    }
  });

  it('refuses an HS256 token when only a JWKS is configured, even one signed with the development secret', async () => {
    expectRefused(await ask(fileHub, bearer(await hs256(analyst))), 'token algorithm HS256 is not accepted: this hub accepts RS256, ES256');
  });

  it('refuses a token signed by a key the JWKS does not hold, and an RS256 signature checked with the right key id but forged', async () => {
    const stranger = await keyPair('RS256', 'rsa-2');
    expectRefused(await ask(fileHub, bearer(await sign({ ...claims, iat: now(), exp: now() + 600 }, stranger.privateKey, { alg: 'RS256', kid: 'rsa-2' }))), /^token is signed with a key the hub does not know/);
    expectRefused(await ask(fileHub, bearer(await sign({ ...claims, iat: now(), exp: now() + 600 }, stranger.privateKey, { alg: 'RS256', kid: 'rsa-1' }))), 'token signature is invalid');
  });

  it('refuses an expired ES256 token like any other', async () => {
    expectRefused(await ask(fileHub, bearer(await sign({ ...claims, iat: now() - 120, exp: now() - 60 }, ec.privateKey, { alg: 'ES256', kid: 'ec-1' }))), /^token expired/);
  });

  it('accepts RS256 from a JWKS served over HTTP, fetched once and cached', async () => {
    const urlHub = await serverWith({ JWT_JWKS_URL: jwksUrl });
    try {
      const before = jwksRequests;
      for (let i = 0; i < 3; i++) {
        const answer = await ask(urlHub, bearer(await sign({ ...claims, iat: now(), exp: now() + 600 }, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' })));
        expect(answer.status).toBe(200);
        expect(answer.body.data.viewer.subject).toBe('idp|42');
      }
      expect(jwksRequests - before).toBe(1);
      expectRefused(await ask(urlHub, bearer(await hs256(analyst))), 'token algorithm HS256 is not accepted: this hub accepts RS256, ES256');
    } finally {
      await urlHub.close();
    }
  });

  it('answers 503, not 401 or 500, while the JWKS URL cannot be reached', async () => {
    const unreachable = new URL(jwksUrl);
    unreachable.port = '9';
    const lostHub = await serverWith({ JWT_JWKS_URL: unreachable.toString() });
    try {
      const answer = await ask(lostHub, bearer(await sign({ ...claims, iat: now(), exp: now() + 600 }, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' })));
      expect(answer.status).toBe(503);
      expect(answer.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(answer.body.errors[0].message).toMatch(/could not fetch the keys that verify tokens/);
    } finally {
      await lostHub.close();
    }
  });

  it('refuses to start on a JWKS file that is missing, malformed or holds a private key', async () => {
    const privateJwk = join(jwksDir, 'private.json');
    writeFileSync(privateJwk, JSON.stringify({ keys: [await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)] }));
    const notJwks = join(jwksDir, 'not-jwks.json');
    writeFileSync(notJwks, '{"keys": 1}');
    for (const [file, message] of [
      [join(jwksDir, 'absent.json'), /^JWT_JWKS_FILE .*absent\.json is not a readable JSON file/],
      [notJwks, /^JWT_JWKS_FILE .* must hold a JWKS/],
      [privateJwk, /^JWT_JWKS_FILE .* holds a private or symmetric key/],
    ] as const) {
      expect(() => createTokenVerifier(loadConfig({ JWT_JWKS_FILE: file }).auth)).toThrow(ConfigError);
      expect(() => createTokenVerifier(loadConfig({ JWT_JWKS_FILE: file }).auth)).toThrow(message);
    }
  });
});

describe('accepted tokens are remembered, refused ones never', () => {
  /** A verifier with the development configuration and a clock the test moves. */
  function verifierAt(capacity = 100) {
    const clock = { ms: Date.now() };
    const verifiedTokens = new VerifiedTokens(() => clock.ms, VERIFIED_TOKEN_TRUST_MS, capacity);
    return { clock, verifiedTokens, verify: createTokenVerifier(loadConfig({}).auth, { verifiedTokens }) };
  }

  it('answers a token sent again with the same frozen viewer, without verifying it again', async () => {
    const { verify, verifiedTokens } = verifierAt();
    const token = bearer(await hs256(analyst));
    const first = await verify(token);
    const again = await verify(token);
    expect(again).toBe(first);
    expect(first).toEqual({ role: 'STATE_ANALYST', subject: 'user-1', jurisdictions: ['MN'], employerId: null, peerId: null });
    expect(Object.isFrozen(first) && Object.isFrozen(first.jurisdictions)).toBe(true);
    expect(verifiedTokens.size).toBe(1);
  });

  it('verifies a token again once the trust window has passed, and never trusts it past its exp', async () => {
    const { verify, clock } = verifierAt();
    const longLived = bearer(await hs256({ ...analyst, exp: now() + 3600 }));
    const first = await verify(longLived);
    clock.ms += VERIFIED_TOKEN_TRUST_MS - 1000;
    expect(await verify(longLived)).toBe(first);
    clock.ms += 2000;
    expect(await verify(longLived)).not.toBe(first);

    const shortLived = bearer(await hs256({ ...analyst, exp: now() + 20 }));
    const before = await verify(shortLived);
    clock.ms = Date.now() + 21_000;
    // past its exp by the cache's clock: worked out afresh (jose, on the real clock, still accepts it)
    expect(await verify(shortLived)).not.toBe(before);
  });

  it('keeps no refused token, and forgets the oldest past its capacity', async () => {
    const { verify, verifiedTokens } = verifierAt(2);
    const forged = bearer(await hs256(analyst, 'another secret, not the hub one'));
    for (let i = 0; i < 2; i++) await expect(verify(forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(verifiedTokens.size).toBe(0);
    const tokens = await Promise.all(['a', 'b', 'c'].map((sub) => hs256({ ...analyst, sub }).then(bearer)));
    const viewers = [];
    for (const token of tokens) viewers.push(await verify(token));
    expect(verifiedTokens.size).toBe(2);
    expect(await verify(tokens[2])).toBe(viewers[2]);
    expect(await verify(tokens[0])).not.toBe(viewers[0]);
  });
});

describe('when a token was issued, and for how long, at a frozen clock', () => {
  /** The hub's clock, in seconds: every iat and exp below is counted from it. */
  const T = Date.UTC(2026, 10, 2, 12, 0, 0) / 1000;
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: T * 1000 });
  });
  afterAll(() => {
    vi.useRealTimers();
  });
  const issued = (iat: number | undefined, exp: number) => hs256({ ...analyst, iat, exp }).then(bearer);
  const accepted = async (server: HubServer, authorization: string) => {
    const answer = await ask(server, authorization);
    expect(answer.status).toBe(200);
    expect(answer.body.data.viewer.role).toBe('STATE_ANALYST');
  };

  it('accepts an iat up to the 5 seconds of clock skew ahead of the hub, and refuses one a second further', async () => {
    await accepted(hub.server, await issued(T + 5, T + 600));
    expectRefused(await ask(hub.server, await issued(T + 6, T + 600)), "token issued in the future: its iat is 6 seconds ahead of the hub's clock, and 5 seconds of clock skew are allowed");
    expectRefused(await ask(hub.server, await issued(T + 86_400, T + 2 * 86_400)), /^token issued in the future: its iat is 86400 seconds ahead/);
  });

  it('accepts a token valid for a day (JWT_MAX_LIFETIME_SECONDS by default), and refuses one valid for a second more', async () => {
    await accepted(hub.server, await issued(T, T + 86_400));
    expectRefused(await ask(hub.server, await issued(T, T + 86_401)), 'token valid for too long: exp - iat is 86401 seconds, and this hub accepts at most 86400; get a token that expires sooner');
  });

  it('counts the lifetime from iat, not from now: a token issued an hour ago for 25 hours is refused with a day left', async () => {
    expectRefused(await ask(hub.server, await issued(T - 3600, T + 86_400)), /^token valid for too long: exp - iat is 90000 seconds/);
  });

  it('refuses a token without iat, whose lifetime cannot be known', async () => {
    expectRefused(await ask(hub.server, await issued(undefined, T + 600)), 'token must carry iat (its issue time): the hub limits how long a token may be valid');
  });

  it('keeps to JWT_MAX_LIFETIME_SECONDS as configured, to the second', async () => {
    const verify = createTokenVerifier(loadConfig({ JWT_MAX_LIFETIME_SECONDS: '3600' }).auth);
    await expect(verify(await issued(T - 100, T + 3500))).resolves.toMatchObject({ role: 'STATE_ANALYST' });
    await expect(verify(await issued(T - 100, T + 3501))).rejects.toMatchObject({
      message: 'token valid for too long: exp - iat is 3601 seconds, and this hub accepts at most 3600; get a token that expires sooner',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('npm run token signs for at most JWT_MAX_LIFETIME_SECONDS, and the hub accepts what it signs', async () => {
    const day = await signToken(parseTokenArgs(['--role', 'STATE_ANALYST', '--jurisdictions', 'MN', '--expires-in', '24h']), loadConfig({}));
    await accepted(hub.server, bearer(day));
    await expect(signToken(parseTokenArgs(['--role', 'ADMIN', '--expires-in', '25h']), loadConfig({}))).rejects.toThrow('--expires-in must be at most 86400 seconds (JWT_MAX_LIFETIME_SECONDS), got "25h"');
    await expect(signToken(parseTokenArgs(['--role', 'ADMIN', '--expires-in', '2h']), loadConfig({ JWT_MAX_LIFETIME_SECONDS: '3600' }))).rejects.toThrow('--expires-in must be at most 3600 seconds');
  });
});

describe('production', () => {
  it('with no JWT variable accepts no token: 401 saying so', async () => {
    const production = await serverWith({ NODE_ENV: 'production' });
    try {
      expectRefused(await ask(production, bearer(await hs256(analyst))), /^This hub accepts no tokens/);
    } finally {
      await production.close();
    }
    // without a token the caller is PUBLIC
    await expect(createTokenVerifier(loadConfig({ NODE_ENV: 'production' }).auth)(undefined)).resolves.toMatchObject({ role: 'PUBLIC' });
  });

  it('never accepts the development secret', async () => {
    const verify = createTokenVerifier(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a production secret that is long enough' }).auth);
    await expect(verify(bearer(await hs256(analyst)))).rejects.toThrow('token signature is invalid');
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow('JWT_SECRET must not be the development secret in production');
  });
});

describe('configuration', () => {
  it('outside production with no JWT variable: HS256 with the development secret, issuer and audience peer-workforce-hub', () => {
    expect(loadConfig({}).auth).toEqual({
      secret: DEVELOPMENT_JWT_SECRET,
      developmentSecret: true,
      jwksFile: undefined,
      jwksUrl: undefined,
      issuer: 'peer-workforce-hub',
      audience: 'peer-workforce-hub',
      algorithms: ['HS256'],
      maxLifetimeSeconds: 86_400,
    });
  });

  it('accepts the algorithms of what is configured', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).auth.algorithms).toEqual([]);
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).auth).toMatchObject({ algorithms: ['HS256'], developmentSecret: false });
    expect(loadConfig({ JWT_JWKS_URL: 'https://idp.example/jwks' }).auth).toMatchObject({ algorithms: ['RS256', 'ES256'], secret: undefined });
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32), JWT_JWKS_FILE: 'keys/jwks.json', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'hub' }).auth)
      .toMatchObject({ algorithms: ['HS256', 'RS256', 'ES256'], issuer: 'https://idp.example', audience: 'hub' });
  });

  it.each([
    ['JWT_SECRET', { JWT_SECRET: 'short' }, 'JWT_SECRET must be at least 32 characters, got 5'],
    ['JWT_JWKS_URL', { JWT_JWKS_URL: 'file:///etc/jwks.json' }, 'JWT_JWKS_URL must be an http:// or https:// URL, got "file:///etc/jwks.json"'],
    ['JWT_JWKS_URL', { JWT_JWKS_URL: 'not a url' }, 'JWT_JWKS_URL must be an http:// or https:// URL'],
    ['JWT_JWKS_FILE', { JWT_JWKS_FILE: 'a.json', JWT_JWKS_URL: 'https://idp.example/jwks' }, 'JWT_JWKS_FILE and JWT_JWKS_URL are both set'],
  ])('refuses a bad %s with a message naming it', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('uses the configured issuer and audience', async () => {
    const verify = createTokenVerifier(loadConfig({ JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'hub-api' }).auth);
    await expect(verify(bearer(await hs256({ ...analyst, iss: 'https://idp.example', aud: 'hub-api' })))).resolves.toMatchObject({ role: 'STATE_ANALYST' });
    await expect(verify(bearer(await hs256({ ...analyst, iss: 'https://idp.example' })))).rejects.toThrow('audience must be hub-api');
  });
});

describe('npm run token', () => {
  it('makes a token the development hub accepts', async () => {
    const args = parseTokenArgs(['--role', 'STATE_ANALYST', '--jurisdictions', 'mn,TX']);
    expect(args).toEqual({ role: 'STATE_ANALYST', jurisdictions: ['MN', 'TX'], employerId: null, peerId: null, subject: 'dev-state-analyst', expiresIn: '8h' });
    const token = await signToken(args, loadConfig({}));
    const answer = await ask(hub.server, bearer(token));
    expect(answer.status).toBe(200);
    expect(answer.body.data.viewer).toEqual({ role: 'STATE_ANALYST', subject: 'dev-state-analyst', jurisdictions: ['MN', 'TX'], employerId: null, peerId: null });
  });

  it('takes an employer or a person by integer key or global id', async () => {
    const employer = await signToken(parseTokenArgs(['--role=employer', '--employer=7', '--subject', 'hr@clinic', '--expires-in', '30m']), loadConfig({}));
    expect((await ask(hub.server, bearer(employer))).body.data.viewer).toEqual({ role: 'EMPLOYER', subject: 'hr@clinic', jurisdictions: [], employerId: toGlobalId('Employer', 7), peerId: null });
    const peer = await signToken(parseTokenArgs(['--role', 'SUPERVISOR', '--peer', toGlobalId('PeerSpecialist', 12)]), loadConfig({}));
    expect((await ask(hub.server, bearer(peer))).body.data.viewer).toMatchObject({ role: 'SUPERVISOR', peerId: toGlobalId('PeerSpecialist', 12) });
  });

  it('signs with JWT_SECRET when it is set, in production too', async () => {
    const env = { NODE_ENV: 'production', JWT_SECRET: 'a production secret that is long enough' };
    const token = await signToken(parseTokenArgs(['--role', 'ADMIN']), loadConfig(env));
    await expect(createTokenVerifier(loadConfig(env).auth)(bearer(token))).resolves.toMatchObject({ role: 'ADMIN', subject: 'dev-admin' });
  });

  it('refuses production without JWT_SECRET, and a hub that verifies with a JWKS only', async () => {
    const args = parseTokenArgs(['--role', 'ADMIN']);
    await expect(signToken(args, loadConfig({ NODE_ENV: 'production' }))).rejects.toThrow(TokenCliError);
    await expect(signToken(args, loadConfig({ NODE_ENV: 'production' }))).rejects.toThrow('NODE_ENV is production and JWT_SECRET is not set: refusing to sign');
    await expect(signToken(args, loadConfig({ NODE_ENV: 'production', JWT_JWKS_URL: 'https://idp.example/jwks' }))).rejects.toThrow('JWT_SECRET is not set');
    await expect(signToken(args, loadConfig({ JWT_JWKS_FILE: jwksFile }))).rejects.toThrow(/verifies tokens with a JWKS only/);
  });

  it.each([
    [[], '--role is required'],
    [['--role', 'OWNER'], '--role must be one of PEER, EMPLOYER, SUPERVISOR, FUND_REVIEWER, STATE_ANALYST, ADMIN, got "OWNER"'],
    [['--role', 'PUBLIC'], '--role must be one of'],
    [['--role'], '--role needs a value'],
    [['--role', 'ADMIN', '--color', 'blue'], 'unknown option "--color"'],
    [['--role', 'ADMIN', '--role', 'PEER'], '--role is given twice'],
    [['--role', 'STATE_ANALYST'], '--jurisdictions is required for STATE_ANALYST'],
    [['--role', 'STATE_ANALYST', '--jurisdictions', 'MN,Minnesota'], '"MINNESOTA" is not one'],
    [['--role', 'EMPLOYER'], '--employer is required for EMPLOYER'],
    [['--role', 'EMPLOYER', '--employer', toGlobalId('PeerSpecialist', 1)], '--employer must be the global id or integer key of a Employer'],
    [['--role', 'EMPLOYER', '--employer', '0'], '--employer must be the global id or integer key of a Employer, got "0"'],
    [['--role', 'PEER'], '--peer is required for PEER'],
    [['--role', 'ADMIN', '--peer', '1'], '--peer applies to PEER and SUPERVISOR only, not to ADMIN'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseTokenArgs(argv)).toThrow(TokenCliError);
    expect(() => parseTokenArgs(argv)).toThrow(message);
  });

  it('refuses an --expires-in that is no duration or not in the future', async () => {
    await expect(signToken(parseTokenArgs(['--role', 'ADMIN', '--expires-in', 'soon']), loadConfig({}))).rejects.toThrow('--expires-in must be a duration such as 30m, 8h or 1d, got "soon"');
    await expect(signToken(parseTokenArgs(['--role', 'ADMIN', '--expires-in', '1h ago']), loadConfig({}))).rejects.toThrow('--expires-in must be a positive duration');
  });
});
