import { Arg, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { badInput } from '../../graphql/errors';
import { DateScalar } from '../../graphql/scalars';
import type { SqlRunner } from '../../graphql/sql';
import { CertificationStatus } from './enums';

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

/** One statement: the credential by jurisdiction and number (the unique key of certification). */
export async function lookUpCertification(sql: SqlRunner, jurisdiction: string, credentialNumber: string): Promise<CertificationVerification | null> {
  const rows = await sql.rows<CertificationVerification>(
    `select j.code as jurisdiction, c.credential_number as "credentialNumber", p.first_name || ' ' || p.last_name as "holderName",
            ct.code as credential, ct.name as "credentialName", c.status, c.issued_on as "issuedOn", c.expires_on as "expiresOn"
       from certification c
       join jurisdiction j on j.id = c.jurisdiction_id
       join peer_specialist p on p.id = c.person_id
       join credential_type ct on ct.id = c.credential_type_id
      where j.code = ? and c.credential_number = ?`,
    [jurisdiction, credentialNumber],
  );
  return rows[0] ?? null;
}

@Resolver()
export class CertificationVerificationResolver {
  @Query(() => CertificationVerification, {
    nullable: true,
    description: 'Verify a credential as a public licence lookup does: by jurisdiction (MN, TX) and credential number. Null when no such credential exists.',
  })
  verifyCertification(
    @Arg('jurisdiction', () => String) jurisdiction: string,
    @Arg('credentialNumber', () => String) credentialNumber: string,
    @Ctx() ctx: HubContext,
  ): Promise<CertificationVerification | null> {
    const code = jurisdiction.trim().toUpperCase();
    const number = credentialNumber.trim();
    if (!/^[A-Z]{2}$/.test(code)) throw badInput(`"jurisdiction" must be a two-letter USPS code such as MN or TX; got "${jurisdiction.slice(0, 20)}"`, { argument: 'jurisdiction' });
    if (!number || number.length > 32) throw badInput('"credentialNumber" must be 1 to 32 characters', { argument: 'credentialNumber' });
    return lookUpCertification(ctx.sql, code, number);
  }
}
