import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { connectionOf, pageArgsOf, type ConnectionArgs } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import { childrenOf, listedNodeResolver, nodeResolver, parentOf } from '../../graphql/node-resolver';
import { AssistanceFund } from '../assistance/entities';
import { Certification, CredentialType } from '../credentials/entities';
import { Employer } from '../employers/entities';
import { JobPosting } from '../jobs/entities';
import { PeerSpecialist } from '../people/entities';
import { Supervisor } from '../supervision/entities';
import { TrainingEvent, TrainingOrganization } from '../training/entities';
import { CertifyingBody, Jurisdiction } from './entities';

@Resolver(() => Jurisdiction)
export class JurisdictionResolver extends nodeResolver(Jurisdiction, 'jurisdictionById') {
  @Query(() => [Jurisdiction], { description: 'Every jurisdiction of the hub, by code.' })
  jurisdictions(@Ctx() ctx: HubContext): Promise<Row[]> {
    return ctx.loaders.all(Jurisdiction.name, 'code');
  }

  @Query(() => Jurisdiction, { nullable: true, description: 'A jurisdiction by USPS code (MN, TX), or null.' })
  jurisdiction(@Arg('code', () => String) code: string, @Ctx() ctx: HubContext): Promise<Row | null> {
    return ctx.loaders.byUnique(Jurisdiction.name, 'code', code.trim().toUpperCase());
  }

  @FieldResolver(() => connectionOf(CertifyingBody))
  certifyingBodies(@Root() row: Row, @Args(() => pageArgsOf(CertifyingBody)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, CertifyingBody, 'jurisdiction', row.id, args);
  }

  @FieldResolver(() => connectionOf(CredentialType))
  credentialTypes(@Root() row: Row, @Args(() => pageArgsOf(CredentialType)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, CredentialType, 'jurisdiction', row.id, args);
  }

  @FieldResolver(() => connectionOf(Certification))
  certifications(@Root() row: Row, @Args(() => pageArgsOf(Certification)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, Certification, 'jurisdiction', row.id, args);
  }

  @FieldResolver(() => connectionOf(PeerSpecialist), { description: 'People who live in the jurisdiction.' })
  residents(@Root() row: Row, @Args(() => pageArgsOf(PeerSpecialist)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, PeerSpecialist, 'jurisdiction', row.id, args);
  }

  @FieldResolver(() => connectionOf(Employer))
  employers(@Root() row: Row, @Args(() => pageArgsOf(Employer)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, Employer, 'jurisdiction', row.id, args);
  }

  @FieldResolver(() => connectionOf(Supervisor))
  supervisors(@Root() row: Row, @Args(() => pageArgsOf(Supervisor)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, Supervisor, 'jurisdiction', row.id, args);
  }

  @FieldResolver(() => connectionOf(JobPosting))
  jobPostings(@Root() row: Row, @Args(() => pageArgsOf(JobPosting)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, JobPosting, 'jurisdiction', row.id, args);
  }

  @FieldResolver(() => connectionOf(TrainingEvent))
  trainingEvents(@Root() row: Row, @Args(() => pageArgsOf(TrainingEvent)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, TrainingEvent, 'jurisdiction', row.id, args);
  }

  @FieldResolver(() => connectionOf(TrainingOrganization), { description: 'Training organisations based in the jurisdiction.' })
  trainingOrganizations(@Root() row: Row, @Args(() => pageArgsOf(TrainingOrganization)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, TrainingOrganization, 'jurisdiction', row.id, args);
  }

  @FieldResolver(() => connectionOf(AssistanceFund))
  assistanceFunds(@Root() row: Row, @Args(() => pageArgsOf(AssistanceFund)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, AssistanceFund, 'jurisdiction', row.id, args);
  }
}

@Resolver(() => CertifyingBody)
export class CertifyingBodyResolver extends listedNodeResolver(CertifyingBody, 'certifyingBody', 'certifyingBodies') {
  @FieldResolver(() => Jurisdiction)
  jurisdiction(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Jurisdiction, row.jurisdictionId);
  }

  @FieldResolver(() => connectionOf(CredentialType))
  credentialTypes(@Root() row: Row, @Args(() => pageArgsOf(CredentialType)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, CredentialType, 'certifyingBody', row.id, args);
  }
}
