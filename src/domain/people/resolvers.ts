import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { connectionOf, pageArgsOf, type ConnectionArgs } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import { childrenOf, listedNodeResolver, parentOf } from '../../graphql/node-resolver';
import { AssistanceApplication } from '../assistance/entities';
import { Certification, CertificationApplication } from '../credentials/entities';
import { Employment } from '../employers/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { SupervisedExperienceLog, Supervisor } from '../supervision/entities';
import { ContinuingEducationRecord, TrainingRegistration } from '../training/entities';
import { PeerSpecialist } from './entities';

@Resolver(() => PeerSpecialist)
export class PeerSpecialistResolver extends listedNodeResolver(PeerSpecialist, 'peerSpecialist', 'peerSpecialists') {
  @FieldResolver(() => Jurisdiction, { description: 'The state of residence.' })
  jurisdiction(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Jurisdiction, row.jurisdictionId);
  }

  @FieldResolver(() => connectionOf(Certification))
  certifications(@Root() row: Row, @Args(() => pageArgsOf(Certification)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, Certification, 'person', row.id, args);
  }

  @FieldResolver(() => connectionOf(CertificationApplication))
  certificationApplications(@Root() row: Row, @Args(() => pageArgsOf(CertificationApplication)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, CertificationApplication, 'person', row.id, args);
  }

  @FieldResolver(() => connectionOf(Employment))
  employments(@Root() row: Row, @Args(() => pageArgsOf(Employment)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, Employment, 'person', row.id, args);
  }

  @FieldResolver(() => connectionOf(TrainingRegistration))
  trainingRegistrations(@Root() row: Row, @Args(() => pageArgsOf(TrainingRegistration)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, TrainingRegistration, 'person', row.id, args);
  }

  @FieldResolver(() => connectionOf(ContinuingEducationRecord))
  continuingEducation(@Root() row: Row, @Args(() => pageArgsOf(ContinuingEducationRecord)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, ContinuingEducationRecord, 'person', row.id, args);
  }

  @FieldResolver(() => connectionOf(SupervisedExperienceLog))
  supervisedExperienceLogs(@Root() row: Row, @Args(() => pageArgsOf(SupervisedExperienceLog)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, SupervisedExperienceLog, 'person', row.id, args);
  }

  @FieldResolver(() => connectionOf(AssistanceApplication))
  assistanceApplications(@Root() row: Row, @Args(() => pageArgsOf(AssistanceApplication)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, AssistanceApplication, 'applicant', row.id, args);
  }

  @FieldResolver(() => connectionOf(Supervisor), { description: 'The person\'s roles as a supervisor.' })
  supervisorRoles(@Root() row: Row, @Args(() => pageArgsOf(Supervisor)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, Supervisor, 'person', row.id, args);
  }
}
