/** Bearer tokens (JWT): verified once per request into the Viewer that resolvers and plugins see. */
import { readFileSync } from 'node:fs';
import { HeaderMap } from '@apollo/server';
import type { FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ConfigError, type AuthConfig } from '../config';
import { ErrorCode } from '../errors';
import { fromGlobalId } from '../graphql/global-id';
import { PUBLIC_VIEWER, Role, ROLES, type Viewer } from '../auth/viewer';

/** Resolves the Authorization header of a request (undefined when absent) to its Viewer, or throws a 401 GraphQLError. */
export type TokenVerifier = (authorization: string | undefined) => Promise<Viewer>;

/** Skew allowed between the issuer's clock and the hub's on exp, nbf and iat. */
export const CLOCK_TOLERANCE_SECONDS = 5;

/** The roles a token may carry: PUBLIC is what the absence of a token means. */
export const TOKEN_ROLES: readonly Role[] = ROLES.filter((role) => role !== Role.PUBLIC);

/** USPS codes of the states, the District of Columbia and the territories. */
export const USPS_CODES: ReadonlySet<string> = new Set(
  ('AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA ' +
    'RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI').split(' '),
);

const ROLES_NEEDING_JURISDICTIONS = new Set<Role>([Role.STATE_ANALYST, Role.FUND_REVIEWER]);
const ROLES_NEEDING_PEER = new Set<Role>([Role.PEER, Role.SUPERVISOR]);

/** RFC 6750 challenges: a refused token, a malformed header, or no usable credentials at all. */
const INVALID_TOKEN = 'Bearer error="invalid_token"';
const INVALID_REQUEST = 'Bearer error="invalid_request"';
const BEARER = 'Bearer';

/** HTTP 401 with a www-authenticate challenge; Apollo honours extensions.http when the context function throws. */
export function unauthenticated(message: string, challenge = INVALID_TOKEN): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401, headers: new HeaderMap([['www-authenticate', challenge]]) } },
  });
}

/** The identity provider's keys could not be fetched: the caller is not at fault, so 503 rather than 401. */
class KeysUnavailable extends Error {}

function keysUnavailable(): GraphQLError {
  return new GraphQLError('The hub could not fetch the keys that verify tokens (JWKS); try again shortly.', {
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, http: { status: 503, headers: new HeaderMap([['retry-after', '30']]) } },
  });
}

/** Reads the claims a token carries into a Viewer; throws a 401 GraphQLError naming the first bad claim. */
export function viewerFromClaims(claims: JWTPayload): Viewer {
  const { sub, role } = claims;
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > 255) throw unauthenticated('claim sub must be a non-empty string of at most 255 characters');
  if (typeof role !== 'string' || !TOKEN_ROLES.includes(role as Role)) throw unauthenticated(`claim role must be one of ${TOKEN_ROLES.join(', ')}`);
  const viewer: Viewer = { role: role as Role, subject: sub, jurisdictions: jurisdictionsOf(claims.jurisdictions), employerId: null, peerId: null };
  if (ROLES_NEEDING_JURISDICTIONS.has(viewer.role) && viewer.jurisdictions.length === 0) {
    throw unauthenticated(`claim jurisdictions is required for ${role}: a non-empty array of USPS codes such as ["MN"]`);
  }
  // an id claim is read only for the roles it scopes, so that it can never widen another role's access
  if (viewer.role === Role.EMPLOYER) viewer.employerId = keyClaim(claims, 'employerId', 'Employer');
  if (ROLES_NEEDING_PEER.has(viewer.role)) viewer.peerId = keyClaim(claims, 'peerId', 'PeerSpecialist');
  return viewer;
}

function jurisdictionsOf(value: unknown): string[] {
  if (value === undefined) return [];
  const message = 'claim jurisdictions must be an array of two-letter USPS codes such as ["MN", "TX"]';
  if (!Array.isArray(value) || value.length > 60) throw unauthenticated(message);
  const codes = new Set<string>();
  for (const item of value) {
    const code = typeof item === 'string' ? item.trim().toUpperCase() : '';
    if (!USPS_CODES.has(code)) throw unauthenticated(`${message}; got ${JSON.stringify(item)?.slice(0, 20)}`);
    codes.add(code);
  }
  return [...codes];
}

function keyClaim(claims: JWTPayload, claim: string, typeName: string): number {
  const value = claims[claim];
  const message = `claim ${claim} is required for ${String(claims.role)}: the global id of a ${typeName}`;
  if (typeof value !== 'string') throw unauthenticated(message);
  try {
    const decoded = fromGlobalId(value);
    if (decoded.typeName === typeName) return decoded.key;
  } catch {
    // not an id of this hub: reported below
  }
  throw unauthenticated(`${message}; "${value.slice(0, 60)}" is not one`);
}

function readJwksFile(file: string): JSONWebKeySet {
  let jwks: JSONWebKeySet;
  try {
    jwks = JSON.parse(readFileSync(file, 'utf8')) as JSONWebKeySet;
  } catch (error) {
    throw new ConfigError(`JWT_JWKS_FILE ${file} is not a readable JSON file: ${(error as Error).message}`);
  }
  if (!jwks || !Array.isArray(jwks.keys)) throw new ConfigError(`JWT_JWKS_FILE ${file} must hold a JWKS: { "keys": [ ... ] }`);
  // a private or symmetric key here means a secret was put where only public keys belong
  if (jwks.keys.some((key) => key && typeof key === 'object' && ('d' in key || 'k' in key))) {
    throw new ConfigError(`JWT_JWKS_FILE ${file} holds a private or symmetric key: publish only the public keys`);
  }
  if (!jwks.keys.some((key) => key?.kty === 'RSA' || key?.kty === 'EC')) throw new ConfigError(`JWT_JWKS_FILE ${file} holds no RSA or EC public key`);
  return jwks;
}

/** Picks the key by the token's algorithm (already checked against the accepted list): the secret for HS256, the JWKS otherwise. */
function keyResolver(auth: AuthConfig): JWTVerifyGetKey {
  const secret = auth.secret === undefined ? undefined : new TextEncoder().encode(auth.secret);
  let jwks: JWTVerifyGetKey | undefined;
  if (auth.jwksFile) {
    try {
      jwks = createLocalJWKSet(readJwksFile(auth.jwksFile));
    } catch (error) {
      throw error instanceof ConfigError ? error : new ConfigError(`JWT_JWKS_FILE ${auth.jwksFile}: ${(error as Error).message}`);
    }
  } else if (auth.jwksUrl) {
    const remote = createRemoteJWKSet(new URL(auth.jwksUrl));
    jwks = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys || error instanceof errors.JOSENotSupported) throw error;
        throw new KeysUnavailable(`JWT_JWKS_URL ${auth.jwksUrl}: ${(error as Error).message}`);
      }
    };
  }
  return (header, token) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (jwks) return jwks(header, token);
    throw new errors.JOSEAlgNotAllowed('no key for this algorithm');
  };
}

function algorithmOf(jwt: string): string {
  try {
    const alg = decodeProtectedHeader(jwt).alg;
    return typeof alg === 'string' && /^[A-Za-z0-9+-]{1,16}$/.test(alg) ? alg : 'given';
  } catch {
    return 'given';
  }
}

/** What went wrong, in words a client can act on: never the key, the token or a stack. */
function refusal(error: unknown, auth: AuthConfig, jwt: string): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof errors.JWTExpired) return unauthenticated('token expired: get a new one');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const { claim, reason } = error;
    if (claim === 'iss') return unauthenticated(`issuer must be ${auth.issuer}`);
    if (claim === 'aud') return unauthenticated(`audience must be ${auth.audience}`);
    if (claim === 'nbf' && reason === 'check_failed') return unauthenticated('token not yet valid: its nbf (not before) is in the future');
    if (claim === 'exp' && reason === 'missing') return unauthenticated('token must carry exp (an expiry time)');
    if (claim === 'sub' && reason === 'missing') return unauthenticated('claim sub must be a non-empty string of at most 255 characters');
    if (claim === 'iat' && reason === 'missing') return unauthenticated('token must carry iat (its issue time): the hub limits how long a token may be valid');
    return unauthenticated(`claim ${claim} must be a NumericDate (seconds since 1970)`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return unauthenticated(`token algorithm ${algorithmOf(jwt)} is not accepted: this hub accepts ${auth.algorithms.join(', ')}`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return unauthenticated('token signature is invalid');
  if (error instanceof errors.JWKSNoMatchingKey) return unauthenticated('token is signed with a key the hub does not know: no key of its JWKS matches the token\'s kid and algorithm');
  if (error instanceof errors.JWKSMultipleMatchingKeys) return unauthenticated('several keys of the hub\'s JWKS match the token: name one with kid in the token header');
  if (error instanceof errors.JWTInvalid) return unauthenticated('token payload must be a JSON object of claims');
  return unauthenticated('token is not a well-formed signed JWT (header.payload.signature, base64url)');
}

/**
 * What jose leaves unchecked: a token issued later than the hub's clock allows (iat past the skew), or valid for
 * longer than JWT_MAX_LIFETIME_SECONDS. The lifetime is exp - iat, the issuer's own two figures, so no skew applies.
 */
function checkIssued(claims: JWTPayload, now: number, maxLifetimeSeconds: number): void {
  const iat = claims.iat as number;
  const exp = claims.exp as number;
  if (iat > now + CLOCK_TOLERANCE_SECONDS) {
    throw unauthenticated(`token issued in the future: its iat is ${Math.ceil(iat - now)} seconds ahead of the hub's clock, and ${CLOCK_TOLERANCE_SECONDS} seconds of clock skew are allowed`);
  }
  if (exp - iat > maxLifetimeSeconds) {
    throw unauthenticated(`token valid for too long: exp - iat is ${Math.ceil(exp - iat)} seconds, and this hub accepts at most ${maxLifetimeSeconds}; get a token that expires sooner`);
  }
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 8192;

export interface TokenVerifierOptions {
  /** Told when the JWKS could not be fetched (the request gets 503); no token text is passed. */
  log?: (message: string) => void;
  /** Where accepted tokens are remembered (tests pass one with their own clock). */
  verifiedTokens?: VerifiedTokens;
}

/**
 * Built once at start (reads JWT_JWKS_FILE; a bad file throws ConfigError). No Authorization header: PUBLIC.
 * Otherwise `Bearer <jwt>`, checked for signature, algorithm, iss, aud, exp and iat (required), nbf, the lifetime
 * and the hub's claims.
 */
export function createTokenVerifier(auth: AuthConfig, options: TokenVerifierOptions = {}): TokenVerifier {
  if (auth.algorithms.length === 0) {
    return async (authorization) => {
      if (authorization === undefined) return PUBLIC_VIEWER;
      throw unauthenticated('This hub accepts no tokens (it has no JWT_SECRET, JWT_JWKS_FILE or JWT_JWKS_URL): send requests without Authorization.', BEARER);
    };
  }
  const getKey = keyResolver(auth);
  const verifyOptions = {
    algorithms: auth.algorithms,
    issuer: auth.issuer,
    audience: auth.audience,
    // iat is required: without it a token's lifetime cannot be known, and a long-lived one would pass in its last day
    requiredClaims: ['exp', 'sub', 'iat'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
  const verified = options.verifiedTokens ?? new VerifiedTokens();
  return async (authorization) => {
    if (authorization === undefined) return PUBLIC_VIEWER;
    const header = authorization.trim();
    const space = header.search(/\s/);
    const scheme = space < 0 ? header : header.slice(0, space);
    if (scheme.toLowerCase() !== 'bearer') {
      const named = /^[A-Za-z0-9._~+-]{1,20}$/.test(scheme) ? ` of scheme ${scheme}` : '';
      throw unauthenticated(`Authorization${named} is not accepted: send "Authorization: Bearer <token>"`, BEARER);
    }
    const jwt = space < 0 ? '' : header.slice(space).trim();
    if (!jwt || /\s/.test(jwt)) throw unauthenticated('Authorization must be "Bearer <token>" with one token', INVALID_REQUEST);
    if (jwt.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(jwt)) {
      throw unauthenticated('token is not a well-formed signed JWT (header.payload.signature, base64url)');
    }
    const remembered = verified.get(jwt);
    if (remembered) return remembered;
    let claims: JWTPayload;
    // one instant for jose's checks and the hub's own
    const now = Math.floor(Date.now() / 1000);
    try {
      claims = (await jwtVerify(jwt, getKey, { ...verifyOptions, currentDate: new Date(now * 1000) })).payload;
      checkIssued(claims, now, auth.maxLifetimeSeconds);
    } catch (error) {
      if (error instanceof KeysUnavailable) {
        options.log?.(`token keys unavailable: ${error.message}`);
        throw keysUnavailable();
      }
      throw refusal(error, auth, jwt);
    }
    const viewer = viewerFromClaims(claims);
    verified.remember(jwt, viewer, (claims.exp as number) * 1000);
    return viewer;
  };
}

/** How long a verified token is taken on trust without checking it again: a key withdrawn from a JWKS counts after this. */
export const VERIFIED_TOKEN_TRUST_MS = 60_000;
/** Verified tokens remembered at most; past it the oldest is forgotten first. */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Tokens verified lately, with their viewer: a client sends the same token with every request, and checking its
 * signature and claims again each time was about 4% of the CPU of a page of employers (a profile under load). An
 * entry lasts VERIFIED_TOKEN_TRUST_MS, never past the token's exp; only accepted tokens are kept, so a refusal is
 * always worked out afresh. The viewer is frozen, since requests share it.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { viewer: Viewer; until: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly trustMs = VERIFIED_TOKEN_TRUST_MS,
    private readonly capacity = VERIFIED_TOKENS_KEPT,
  ) {}

  get(jwt: string): Viewer | undefined {
    const entry = this.entries.get(jwt);
    if (!entry) return undefined;
    if (this.now() < entry.until) return entry.viewer;
    this.entries.delete(jwt);
    return undefined;
  }

  remember(jwt: string, viewer: Viewer, expiresAt: number): void {
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    Object.freeze(viewer.jurisdictions);
    this.entries.set(jwt, { viewer: Object.freeze(viewer), until: Math.min(expiresAt, this.now() + this.trustMs) });
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The Viewer of a request, verified at most once: the limiter needs it for the key, the GraphQL context after it. */
export type RequestViewer = (request: FastifyRequest) => Promise<Viewer>;

export function requestViewer(verify: TokenVerifier): RequestViewer {
  // the rejection of a refused token is kept too, so that the context rethrows the same 401 without verifying again
  const viewers = new WeakMap<FastifyRequest, Promise<Viewer>>();
  return (request) => {
    let viewer = viewers.get(request);
    if (!viewer) {
      viewer = verify(request.headers.authorization);
      viewers.set(request, viewer);
    }
    return viewer;
  };
}
