import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import { entityResolver } from '../../graphql/entity-resolver';
import { toMany, toOne } from '../../graphql/relations';
import { AssistanceFund } from '../assistance/entities';
import { Certification, CredentialType } from '../credentials/entities';
import { Employer } from '../employers/entities';
import { JobPosting } from '../jobs/entities';
import { PeerSpecialist } from '../people/entities';
import { Supervisor } from '../supervision/entities';
import { TrainingEvent, TrainingOrganization } from '../training/entities';
import { CertifyingBody, Jurisdiction } from './entities';

@Resolver(() => Jurisdiction)
export class JurisdictionResolver extends entityResolver(Jurisdiction, {
  byId: 'jurisdictionById',
  relations: {
    certifyingBodies: toMany(() => CertifyingBody, 'jurisdiction'),
    credentialTypes: toMany(() => CredentialType, 'jurisdiction'),
    certifications: toMany(() => Certification, 'jurisdiction'),
    residents: toMany(() => PeerSpecialist, 'jurisdiction', 'People who live in the jurisdiction.'),
    employers: toMany(() => Employer, 'jurisdiction'),
    supervisors: toMany(() => Supervisor, 'jurisdiction'),
    jobPostings: toMany(() => JobPosting, 'jurisdiction'),
    trainingEvents: toMany(() => TrainingEvent, 'jurisdiction'),
    trainingOrganizations: toMany(() => TrainingOrganization, 'jurisdiction', 'Training organisations based in the jurisdiction.'),
    assistanceFunds: toMany(() => AssistanceFund, 'jurisdiction'),
  },
}) {
  @Query(() => [Jurisdiction], { description: 'Every jurisdiction of the hub, by code.' })
  jurisdictions(@Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row[]> {
    return ctx.loaders.all(Jurisdiction.name, 'code', info);
  }

  @Query(() => Jurisdiction, { nullable: true, description: 'A jurisdiction by USPS code (MN, TX), or null.' })
  jurisdiction(@Arg('code', () => String) code: string, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    return ctx.loaders.byUnique(Jurisdiction.name, 'code', code.trim().toUpperCase(), info);
  }
}

export const CertifyingBodyResolver = entityResolver(CertifyingBody, {
  byId: 'certifyingBody',
  list: 'certifyingBodies',
  relations: {
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction'),
    credentialTypes: toMany(() => CredentialType, 'certifyingBody'),
  },
});
