import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { connectionOf, pageArgsOf, type ConnectionArgs } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import { childrenOf, listedNodeResolver, parentOf } from '../../graphql/node-resolver';
import { Certification } from '../credentials/entities';
import { Employer, ServiceProgram } from '../employers/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { SupervisedExperienceLog, Supervisor } from './entities';

@Resolver(() => Supervisor)
export class SupervisorResolver extends listedNodeResolver(Supervisor, 'supervisor', 'supervisors') {
  @FieldResolver(() => PeerSpecialist)
  person(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, PeerSpecialist, row.personId);
  }

  @FieldResolver(() => Jurisdiction)
  jurisdiction(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Jurisdiction, row.jurisdictionId);
  }

  @FieldResolver(() => Employer, { nullable: true })
  employer(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Employer, row.employerId);
  }

  @FieldResolver(() => Certification, { nullable: true, description: 'The supervisor credential held (TX PSS); null for clinicians.' })
  supervisorCertification(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Certification, row.supervisorCertificationId);
  }

  @FieldResolver(() => connectionOf(SupervisedExperienceLog), { description: 'Hours logged by this supervisor\'s supervisees.' })
  experienceLogs(@Root() row: Row, @Args(() => pageArgsOf(SupervisedExperienceLog)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, SupervisedExperienceLog, 'supervisor', row.id, args);
  }
}

@Resolver(() => SupervisedExperienceLog)
export class SupervisedExperienceLogResolver extends listedNodeResolver(SupervisedExperienceLog, 'supervisedExperienceLog', 'supervisedExperienceLogs') {
  @FieldResolver(() => PeerSpecialist)
  person(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, PeerSpecialist, row.personId);
  }

  @FieldResolver(() => Certification)
  certification(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Certification, row.certificationId);
  }

  @FieldResolver(() => Supervisor)
  supervisor(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Supervisor, row.supervisorId);
  }

  @FieldResolver(() => Employer, { nullable: true, description: 'The site where the hours were worked.' })
  employer(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Employer, row.employerId);
  }

  @FieldResolver(() => ServiceProgram, { nullable: true })
  program(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, ServiceProgram, row.programId);
  }
}
