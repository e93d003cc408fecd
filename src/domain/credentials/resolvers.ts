import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { connectionOf, pageArgsOf, pageRequest, type ConnectionArgs } from '../../graphql/connection';
import { JobPosting } from '../jobs/entities';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import { childrenOf, listedNodeResolver, parentOf } from '../../graphql/node-resolver';
import { CertifyingBody, Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { SupervisedExperienceLog, Supervisor } from '../supervision/entities';
import { ContinuingEducationRecord, TrainingEvent } from '../training/entities';
import { Certification, CertificationApplication, CredentialType, RequirementProfile } from './entities';

@Resolver(() => CredentialType)
export class CredentialTypeResolver extends listedNodeResolver(CredentialType, 'credentialType', 'credentialTypes') {
  @FieldResolver(() => Jurisdiction)
  jurisdiction(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Jurisdiction, row.jurisdictionId);
  }

  @FieldResolver(() => CertifyingBody)
  certifyingBody(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, CertifyingBody, row.certifyingBodyId);
  }

  @FieldResolver(() => connectionOf(RequirementProfile), { description: 'Every version of the rules, oldest first.' })
  requirementProfiles(@Root() row: Row, @Args(() => pageArgsOf(RequirementProfile)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, RequirementProfile, 'credentialType', row.id, args);
  }

  @FieldResolver(() => connectionOf(Certification))
  certifications(@Root() row: Row, @Args(() => pageArgsOf(Certification)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, Certification, 'credentialType', row.id, args);
  }

  @FieldResolver(() => connectionOf(CertificationApplication))
  certificationApplications(@Root() row: Row, @Args(() => pageArgsOf(CertificationApplication)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, CertificationApplication, 'credentialType', row.id, args);
  }

  @FieldResolver(() => connectionOf(JobPosting), { description: 'Job postings that accept this credential.' })
  jobPostings(@Root() row: Row, @Args(() => pageArgsOf(JobPosting)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return ctx.loaders.relatedOwners(JobPosting.name, 'acceptedCredentialTypes', row.id, pageRequest(JobPosting, args, ctx.maxPageSize));
  }

  @FieldResolver(() => connectionOf(TrainingEvent))
  trainingEvents(@Root() row: Row, @Args(() => pageArgsOf(TrainingEvent)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, TrainingEvent, 'credentialType', row.id, args);
  }
}

@Resolver(() => RequirementProfile)
export class RequirementProfileResolver extends listedNodeResolver(RequirementProfile, 'requirementProfile', 'requirementProfiles') {
  @FieldResolver(() => CredentialType)
  credentialType(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, CredentialType, row.credentialTypeId);
  }
}

@Resolver(() => Certification)
export class CertificationResolver extends listedNodeResolver(Certification, 'certification', 'certifications') {
  @FieldResolver(() => PeerSpecialist, { description: 'The holder.' })
  person(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, PeerSpecialist, row.personId);
  }

  @FieldResolver(() => CredentialType)
  credentialType(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, CredentialType, row.credentialTypeId);
  }

  @FieldResolver(() => Jurisdiction)
  jurisdiction(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Jurisdiction, row.jurisdictionId);
  }

  @FieldResolver(() => connectionOf(CertificationApplication))
  applications(@Root() row: Row, @Args(() => pageArgsOf(CertificationApplication)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, CertificationApplication, 'certification', row.id, args);
  }

  @FieldResolver(() => connectionOf(ContinuingEducationRecord))
  continuingEducation(@Root() row: Row, @Args(() => pageArgsOf(ContinuingEducationRecord)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, ContinuingEducationRecord, 'certification', row.id, args);
  }

  @FieldResolver(() => connectionOf(SupervisedExperienceLog))
  supervisedExperienceLogs(@Root() row: Row, @Args(() => pageArgsOf(SupervisedExperienceLog)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, SupervisedExperienceLog, 'certification', row.id, args);
  }

  @FieldResolver(() => connectionOf(Supervisor), { description: 'Supervisor roles this (supervisor) credential qualifies.' })
  supervisorRoles(@Root() row: Row, @Args(() => pageArgsOf(Supervisor)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, Supervisor, 'supervisorCertification', row.id, args);
  }
}

@Resolver(() => CertificationApplication)
export class CertificationApplicationResolver extends listedNodeResolver(CertificationApplication, 'certificationApplication', 'certificationApplications') {
  @FieldResolver(() => PeerSpecialist, { description: 'The applicant.' })
  person(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, PeerSpecialist, row.personId);
  }

  @FieldResolver(() => CredentialType)
  credentialType(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, CredentialType, row.credentialTypeId);
  }

  @FieldResolver(() => Jurisdiction)
  jurisdiction(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Jurisdiction, row.jurisdictionId);
  }

  @FieldResolver(() => Certification, { nullable: true, description: 'The certification the application created or renews.' })
  certification(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Certification, row.certificationId);
  }
}
