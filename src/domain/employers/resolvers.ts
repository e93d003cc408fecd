import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { connectionOf, pageArgsOf, type ConnectionArgs } from '../../graphql/connection';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import { childrenOf, listedNodeResolver, parentOf } from '../../graphql/node-resolver';
import { JobPosting } from '../jobs/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { PeerSpecialist } from '../people/entities';
import { SupervisedExperienceLog, Supervisor } from '../supervision/entities';
import { Employer, Employment, ServiceProgram } from './entities';

@Resolver(() => Employer)
export class EmployerResolver extends listedNodeResolver(Employer, 'employer', 'employers') {
  @FieldResolver(() => Jurisdiction)
  jurisdiction(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Jurisdiction, row.jurisdictionId);
  }

  @FieldResolver(() => connectionOf(ServiceProgram), { description: 'The service programs the employer runs.' })
  programs(@Root() row: Row, @Args(() => pageArgsOf(ServiceProgram)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, ServiceProgram, 'employer', row.id, args);
  }

  @FieldResolver(() => connectionOf(Employment), { description: 'Positions held with the employer, current and past.' })
  employments(@Root() row: Row, @Args(() => pageArgsOf(Employment)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, Employment, 'employer', row.id, args);
  }

  @FieldResolver(() => connectionOf(Supervisor))
  supervisors(@Root() row: Row, @Args(() => pageArgsOf(Supervisor)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, Supervisor, 'employer', row.id, args);
  }

  @FieldResolver(() => connectionOf(JobPosting))
  jobPostings(@Root() row: Row, @Args(() => pageArgsOf(JobPosting)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, JobPosting, 'employer', row.id, args);
  }

  @FieldResolver(() => connectionOf(SupervisedExperienceLog), { description: 'Supervised hours worked at this employer.' })
  supervisedExperienceLogs(@Root() row: Row, @Args(() => pageArgsOf(SupervisedExperienceLog)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, SupervisedExperienceLog, 'employer', row.id, args);
  }
}

@Resolver(() => ServiceProgram)
export class ServiceProgramResolver extends listedNodeResolver(ServiceProgram, 'serviceProgram', 'servicePrograms') {
  @FieldResolver(() => Employer)
  employer(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Employer, row.employerId);
  }

  @FieldResolver(() => connectionOf(Employment))
  employments(@Root() row: Row, @Args(() => pageArgsOf(Employment)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, Employment, 'program', row.id, args);
  }

  @FieldResolver(() => connectionOf(JobPosting))
  jobPostings(@Root() row: Row, @Args(() => pageArgsOf(JobPosting)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, JobPosting, 'program', row.id, args);
  }

  @FieldResolver(() => connectionOf(SupervisedExperienceLog), { description: 'Supervised hours worked in this program.' })
  supervisedExperienceLogs(@Root() row: Row, @Args(() => pageArgsOf(SupervisedExperienceLog)) args: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childrenOf(ctx, SupervisedExperienceLog, 'program', row.id, args);
  }
}

@Resolver(() => Employment)
export class EmploymentResolver extends listedNodeResolver(Employment, 'employment', 'employments') {
  @FieldResolver(() => PeerSpecialist)
  person(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, PeerSpecialist, row.personId);
  }

  @FieldResolver(() => Employer)
  employer(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Employer, row.employerId);
  }

  @FieldResolver(() => ServiceProgram, { nullable: true })
  program(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, ServiceProgram, row.programId);
  }
}
