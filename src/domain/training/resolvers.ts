import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { connectionOf, pageArgsOf, type ConnectionArgs } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import { childrenOf, listedNodeResolver, parentOf } from '../../graphql/node-resolver';
import { Certification, CredentialType } from '../credentials/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { ContinuingEducationRecord, TrainingEvent, TrainingOrganization, TrainingRegistration } from './entities';

@Resolver(() => TrainingOrganization)
export class TrainingOrganizationResolver extends listedNodeResolver(TrainingOrganization, 'trainingOrganization', 'trainingOrganizations') {
  @FieldResolver(() => Jurisdiction, { nullable: true, description: 'Home jurisdiction; null for national organisations.' })
  jurisdiction(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Jurisdiction, row.jurisdictionId);
  }

  @FieldResolver(() => connectionOf(TrainingEvent))
  events(@Root() row: Row, @Args(() => pageArgsOf(TrainingEvent)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, TrainingEvent, 'organization', row.id, args);
  }
}

@Resolver(() => TrainingEvent)
export class TrainingEventResolver extends listedNodeResolver(TrainingEvent, 'trainingEvent', 'trainingEvents') {
  @FieldResolver(() => TrainingOrganization)
  organization(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, TrainingOrganization, row.organizationId);
  }

  @FieldResolver(() => Jurisdiction)
  jurisdiction(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Jurisdiction, row.jurisdictionId);
  }

  @FieldResolver(() => CredentialType, { nullable: true, description: 'The credential the course prepares for.' })
  credentialType(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, CredentialType, row.credentialTypeId);
  }

  @FieldResolver(() => connectionOf(ContinuingEducationRecord), { description: 'CE credited for attending the event.' })
  continuingEducation(@Root() row: Row, @Args(() => pageArgsOf(ContinuingEducationRecord)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, ContinuingEducationRecord, 'trainingEvent', row.id, args);
  }

  @FieldResolver(() => connectionOf(TrainingRegistration))
  registrations(@Root() row: Row, @Args(() => pageArgsOf(TrainingRegistration)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, TrainingRegistration, 'event', row.id, args);
  }
}

@Resolver(() => TrainingRegistration)
export class TrainingRegistrationResolver extends listedNodeResolver(TrainingRegistration, 'trainingRegistration', 'trainingRegistrations') {
  @FieldResolver(() => TrainingEvent)
  event(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, TrainingEvent, row.eventId);
  }

  @FieldResolver(() => PeerSpecialist)
  person(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, PeerSpecialist, row.personId);
  }
}

@Resolver(() => ContinuingEducationRecord)
export class ContinuingEducationRecordResolver extends listedNodeResolver(ContinuingEducationRecord, 'continuingEducationRecord', 'continuingEducationRecords') {
  @FieldResolver(() => PeerSpecialist)
  person(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, PeerSpecialist, row.personId);
  }

  @FieldResolver(() => Certification, { description: 'The certification whose cycle the hours count toward.' })
  certification(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Certification, row.certificationId);
  }

  @FieldResolver(() => TrainingEvent, { nullable: true })
  trainingEvent(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, TrainingEvent, row.trainingEventId);
  }
}
