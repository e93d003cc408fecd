import { Arg, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { badInput } from '../../errors';
import { likePattern } from '../../graphql/filter-sql';
import { DateScalar } from '../../graphql/scalars';
import type { SqlRunner } from '../../sql/runner';
import { todayLiteral } from '../../graphql/dated';
import { CertificationStatus } from './enums';
import { certificationStatusSql } from './lifecycle';

/** What a public licence lookup shows, as state registries publish it: no id, no contact details, no links. */
@ObjectType({ description: 'The public licence-lookup answer for one credential: who holds it, what it is, and whether it is in force.' })
export class CertificationVerification {
  @Field(() => String, { description: 'USPS code of the issuing jurisdiction.' })
  jurisdiction!: string;

  @Field(() => String)
  credentialNumber!: string;

  @Field(() => String, { description: 'The holder\'s first and last name.' })
  holderName!: string;

  @Field(() => String, { description: 'Credential code, such as MHPS.' })
  credential!: string;

  @Field(() => String)
  credentialName!: string;

  @Field(() => CertificationStatus)
  status!: CertificationStatus;

  @Field(() => DateScalar, { nullable: true })
  issuedOn!: string | null;

  @Field(() => DateScalar, { nullable: true })
  expiresOn!: string | null;
}

/** Most matches a lookup by name returns; more is said by hasMore, never cut silently. */
export const MAX_NAME_MATCHES = 25;

/** A credential number as the lookup compares it: without white space, in capitals ("mhps - 000001" = "MHPS-000001"). */
export const NORMALISED_NUMBER_SQL = (column: string) => `upper(regexp_replace(${column}, '\\s+', '', 'g'))`;

function normalisedNumber(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/** What the lookup shows of a certification aliased `c`, its holder `p`, credential `ct` and jurisdiction `j`. */
function shownSql(): string {
  return `j.code as jurisdiction, c.credential_number as "credentialNumber", p.first_name || ' ' || p.last_name as "holderName",
            ct.code as credential, ct.name as "credentialName", ${certificationStatusSql('c', todayLiteral())} as status,
            c.issued_on as "issuedOn", c.expires_on as "expiresOn"`;
}

/** The certification `c` with its holder `p`, credential `ct` and jurisdiction `j`: what every lookup reads from. */
const LOOKUP_FROM = `certification c
       join jurisdiction j on j.id = c.jurisdiction_id
       join peer_specialist p on p.id = c.person_id
       join credential_type ct on ct.id = c.credential_type_id`;

/** One statement: the credential by jurisdiction and number, on the index of the normalised number. */
export async function lookUpCertification(sql: SqlRunner, jurisdiction: string, credentialNumber: string): Promise<CertificationVerification | null> {
  const rows = await sql.rows<CertificationVerification>(
    `select ${shownSql()}
       from ${LOOKUP_FROM}
      where c.jurisdiction_id = (select id from jurisdiction where code = ?) and ${NORMALISED_NUMBER_SQL('c.credential_number')} = ?
      order by c.id limit 1`,
    [jurisdiction, normalisedNumber(credentialNumber)],
  );
  return rows[0] ?? null;
}

@ObjectType({ description: 'The certifications a lookup by name found, as a public licence lookup lists them.' })
export class CertificationLookup {
  @Field(() => [CertificationVerification], { description: `The matches, by last name, first name and credential number: at most ${MAX_NAME_MATCHES}.` })
  matches!: CertificationVerification[];

  @Field(() => Boolean, { description: 'More certifications match than are listed: give the full first name to narrow the list.' })
  hasMore!: boolean;
}

/** One statement: issued credentials of a jurisdiction whose holder's last name is `lastName` and first name starts with `firstName`, case aside. */
export async function lookUpCertificationsByName(sql: SqlRunner, jurisdiction: string, firstName: string, lastName: string): Promise<CertificationLookup> {
  const rows = await sql.rows<CertificationVerification>(
    `select ${shownSql()}
       from ${LOOKUP_FROM}
      where lower(p.last_name) = ? and lower(p.first_name) like ? and j.code = ? and c.credential_number is not null
      order by p.last_name, p.first_name, c.credential_number limit ?`,
    [lastName.toLowerCase(), likePattern(firstName.toLowerCase(), false), jurisdiction, MAX_NAME_MATCHES + 1],
  );
  const lookup = new CertificationLookup();
  lookup.hasMore = rows.length > MAX_NAME_MATCHES;
  lookup.matches = rows.slice(0, MAX_NAME_MATCHES);
  return lookup;
}

function jurisdictionCode(jurisdiction: string): string {
  const code = jurisdiction.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) throw badInput(`"jurisdiction" must be a two-letter USPS code such as MN or TX; got "${jurisdiction.slice(0, 20)}"`, { argument: 'jurisdiction' });
  return code;
}

function personName(value: string, argument: string): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (!name || name.length > 100) throw badInput(`"${argument}" must be 1 to 100 characters`, { argument });
  return name;
}

@Resolver()
export class CertificationVerificationResolver {
  @Query(() => CertificationVerification, {
    nullable: true,
    description:
      'Verify a credential as a public licence lookup does: by jurisdiction (MN, TX) and credential number, whatever its case and spacing ("mhps 000001" finds MHPS-000001). The status is today\'s. Null when no such credential exists.',
  })
  verifyCertification(
    @Arg('jurisdiction', () => String) jurisdiction: string,
    @Arg('credentialNumber', () => String) credentialNumber: string,
    @Ctx() ctx: HubContext,
  ): Promise<CertificationVerification | null> {
    const code = jurisdictionCode(jurisdiction);
    const number = normalisedNumber(credentialNumber);
    if (!number || number.length > 32) throw badInput('"credentialNumber" must be 1 to 32 characters besides spaces', { argument: 'credentialNumber' });
    return lookUpCertification(ctx.sql, code, number);
  }

  @Query(() => CertificationLookup, {
    description: `Find credentials by holder within a jurisdiction, as state licence lookups do: the last name in full and the first name or its beginning, case aside. Issued credentials only (with a number), with the fields verifyCertification shows and never contact details; at most ${MAX_NAME_MATCHES}, hasMore saying when more match.`,
  })
  verifyCertificationsByName(
    @Arg('jurisdiction', () => String) jurisdiction: string,
    @Arg('lastName', () => String) lastName: string,
    @Arg('firstName', () => String, { defaultValue: '', description: 'The first name or its beginning; every first name when empty.' }) firstName: string,
    @Ctx() ctx: HubContext,
  ): Promise<CertificationLookup> {
    const code = jurisdictionCode(jurisdiction);
    const last = personName(lastName, 'lastName');
    const first = firstName.trim() === '' ? '' : personName(firstName, 'firstName');
    return lookUpCertificationsByName(ctx.sql, code, first, last);
  }
}
