/**
 * npm run token -- --role ROLE [--jurisdictions MN,TX] [--employer ID] [--peer ID] [--subject S] [--expires-in 8h]
 *
 * Prints an HS256 token the hub accepts: signed with JWT_SECRET or, outside production with no JWT_* key source,
 * the development secret, for the configured issuer and audience. Exit code 2 for bad options or configuration.
 */
import { GraphQLError } from 'graphql';
import { decodeJwt, SignJWT, type JWTPayload } from 'jose';
import { viewerFromClaims, TOKEN_ROLES, USPS_CODES } from '../http/tokens';
import { Role } from '../auth/viewer';
import { ConfigError, loadConfig, type HubConfig } from '../config';
import { fromGlobalId, MAX_KEY, toGlobalId } from '../graphql/global-id';
import { runCommand } from './run';

const USAGE = `usage: npm run token -- --role ROLE [options]
  --role ROLE              ${TOKEN_ROLES.join(', ')}
  --jurisdictions MN,TX    USPS codes (required for STATE_ANALYST and FUND_REVIEWER)
  --employer ID            Employer global id or integer key (required for EMPLOYER)
  --peer ID                PeerSpecialist global id or integer key (required for PEER and SUPERVISOR)
  --subject S              the token's sub (default dev-<role>)
  --expires-in DURATION    such as 30m, 8h, 1d (default 8h; at most JWT_MAX_LIFETIME_SECONDS)`;

/** A bad option or a configuration the CLI cannot sign for: the message is for the user, the exit code 2. */
export class TokenCliError extends Error {
  constructor(message: string, readonly showUsage = true) {
    super(message);
  }
}

export interface TokenArgs {
  role: Role;
  jurisdictions: string[];
  /** Global ids. */
  employerId: string | null;
  peerId: string | null;
  subject: string;
  expiresIn: string;
}

const OPTIONS = ['role', 'jurisdictions', 'employer', 'peer', 'subject', 'expires-in'] as const;
type Option = (typeof OPTIONS)[number];

function idOption(value: string, option: string, typeName: string): string {
  if (/^\d+$/.test(value)) {
    const key = Number(value);
    if (key >= 1 && key <= MAX_KEY) return toGlobalId(typeName, key);
  } else {
    try {
      if (fromGlobalId(value).typeName === typeName) return value;
    } catch {
      // reported below
    }
  }
  throw new TokenCliError(`--${option} must be the global id or integer key of a ${typeName}, got "${value.slice(0, 60)}"`);
}

/** Reads the command line (the arguments after `--`); throws TokenCliError when it is not valid. */
export function parseTokenArgs(argv: readonly string[]): TokenArgs {
  const given = new Map<Option, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1] as Option | undefined;
    if (!match || !name || !OPTIONS.includes(name)) throw new TokenCliError(`unknown option "${arg.slice(0, 40)}"`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) throw new TokenCliError(`--${name} needs a value`);
    if (given.has(name)) throw new TokenCliError(`--${name} is given twice`);
    given.set(name, value.trim());
  }

  const roleText = given.get('role');
  if (!roleText) throw new TokenCliError(`--role is required: one of ${TOKEN_ROLES.join(', ')}`);
  const role = roleText.toUpperCase() as Role;
  if (!TOKEN_ROLES.includes(role)) throw new TokenCliError(`--role must be one of ${TOKEN_ROLES.join(', ')}, got "${roleText.slice(0, 40)}"`);

  const jurisdictions = (given.get('jurisdictions') ?? '').split(',').map((code) => code.trim().toUpperCase()).filter(Boolean);
  for (const code of jurisdictions) {
    if (!USPS_CODES.has(code)) throw new TokenCliError(`--jurisdictions must be USPS codes separated by commas, such as MN,TX; "${code.slice(0, 20)}" is not one`);
  }
  if ((role === Role.STATE_ANALYST || role === Role.FUND_REVIEWER) && jurisdictions.length === 0) {
    throw new TokenCliError(`--jurisdictions is required for ${role}, such as --jurisdictions MN`);
  }

  const employer = given.get('employer');
  const peer = given.get('peer');
  if (role === Role.EMPLOYER && !employer) throw new TokenCliError('--employer is required for EMPLOYER');
  if (role !== Role.EMPLOYER && employer) throw new TokenCliError(`--employer applies to EMPLOYER only, not to ${role}`);
  const needsPeer = role === Role.PEER || role === Role.SUPERVISOR;
  if (needsPeer && !peer) throw new TokenCliError(`--peer is required for ${role}`);
  if (!needsPeer && peer) throw new TokenCliError(`--peer applies to PEER and SUPERVISOR only, not to ${role}`);

  const subject = given.get('subject') ?? `dev-${role.toLowerCase().replace(/_/g, '-')}`;
  if (!subject || subject.length > 255) throw new TokenCliError('--subject must be 1 to 255 characters');

  return {
    role,
    jurisdictions,
    employerId: employer ? idOption(employer, 'employer', 'Employer') : null,
    peerId: peer ? idOption(peer, 'peer', 'PeerSpecialist') : null,
    subject,
    expiresIn: given.get('expires-in') ?? '8h',
  };
}

/**
 * Signs the token. Refuses (TokenCliError) when the hub has no HS256 key the CLI may use: in production without
 * JWT_SECRET, or a hub that verifies with a JWKS only (its tokens come from the identity provider).
 */
export async function signToken(args: TokenArgs, config: Pick<HubConfig, 'production' | 'auth'>): Promise<string> {
  const { auth } = config;
  if (!auth.secret || !auth.algorithms.includes('HS256')) {
    if (config.production) throw new TokenCliError('NODE_ENV is production and JWT_SECRET is not set: refusing to sign. Set JWT_SECRET (the hub must have the same) to sign tokens.', false);
    throw new TokenCliError('this hub verifies tokens with a JWKS only (JWT_JWKS_FILE or JWT_JWKS_URL): get tokens from its identity provider, or set JWT_SECRET to sign HS256 tokens here', false);
  }
  const claims: JWTPayload = { role: args.role };
  if (args.jurisdictions.length) claims.jurisdictions = args.jurisdictions;
  if (args.employerId) claims.employerId = args.employerId;
  if (args.peerId) claims.peerId = args.peerId;
  let jwt;
  try {
    jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(args.subject)
      .setIssuer(auth.issuer)
      .setAudience(auth.audience)
      .setIssuedAt()
      .setExpirationTime(args.expiresIn);
  } catch {
    throw new TokenCliError(`--expires-in must be a duration such as 30m, 8h or 1d, got "${args.expiresIn.slice(0, 40)}"`);
  }
  const token = await jwt.sign(new TextEncoder().encode(auth.secret));
  const payload = decodeJwt(token);
  if (payload.exp! <= payload.iat!) throw new TokenCliError(`--expires-in must be a positive duration, got "${args.expiresIn.slice(0, 40)}"`);
  if (payload.exp! - payload.iat! > auth.maxLifetimeSeconds) {
    throw new TokenCliError(`--expires-in must be at most ${auth.maxLifetimeSeconds} seconds (JWT_MAX_LIFETIME_SECONDS), got "${args.expiresIn.slice(0, 40)}"`);
  }
  // the hub's own claim checks: the CLI never prints a token the hub would refuse
  try {
    viewerFromClaims(payload);
  } catch (error) {
    throw new TokenCliError(error instanceof GraphQLError ? error.message : String(error));
  }
  return token;
}

async function main(argv: string[]): Promise<number> {
  try {
    const config = loadConfig();
    const args = parseTokenArgs(argv);
    const token = await signToken(args, config);
    const exp = decodeJwt(token).exp!;
    // only the token on stdout, so that TOKEN=$(npm run -s token -- ...) works
    console.log(token);
    console.error(`${args.role} token for ${args.subject}, valid until ${new Date(exp * 1000).toISOString()}` +
      (config.auth.developmentSecret ? ', signed with the development secret (accepted only outside production)' : '') +
      '. Send it as "Authorization: Bearer <token>".');
    return 0;
  } catch (error) {
    if (error instanceof TokenCliError || error instanceof ConfigError) {
      console.error(error.message);
      if (error instanceof TokenCliError && error.showUsage) console.error(USAGE);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) runCommand(USAGE, main);
