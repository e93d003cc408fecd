import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { HubContext } from '../../graphql/context';
import { toGlobalId } from '../../graphql/global-id';
import type { Row } from '../../graphql/loaders';
import { listedNodeResolver, parentOf } from '../../graphql/node-resolver';
import { CredentialType } from '../credentials/entities';
import { Employer, ServiceProgram } from '../employers/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { JobPosting } from './entities';
import { jobPostingJsonLd } from './json-ld';

@Resolver(() => JobPosting)
export class JobPostingResolver extends listedNodeResolver(JobPosting, 'jobPosting', 'jobPostings') {
  @FieldResolver(() => Employer)
  employer(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Employer, row.employerId);
  }

  @FieldResolver(() => ServiceProgram, { nullable: true })
  program(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, ServiceProgram, row.programId);
  }

  @FieldResolver(() => Jurisdiction, { description: 'The state the job is in.' })
  jurisdiction(@Root() row: Row, @Ctx() ctx: HubContext) {
    return parentOf(ctx, Jurisdiction, row.jurisdictionId);
  }

  @FieldResolver(() => GraphQLJSONObject, {
    description: 'The posting as schema.org JobPosting JSON-LD (title, description, dates, employmentType, hiringOrganization, jobLocation, baseSalary in dollars), ready to embed in a page as application/ld+json.',
  })
  async jsonLd(@Root() row: Row, @Ctx() ctx: HubContext): Promise<Record<string, unknown>> {
    const [employer, jurisdiction] = await Promise.all([parentOf(ctx, Employer, row.employerId), parentOf(ctx, Jurisdiction, row.jurisdictionId)]);
    return jobPostingJsonLd(row, employer, jurisdiction, toGlobalId(JobPosting.name, row.id));
  }

  @FieldResolver(() => [CredentialType], { description: 'Credentials the employer accepts for the job.' })
  acceptedCredentialTypes(@Root() row: Row, @Ctx() ctx: HubContext) {
    return ctx.loaders.related(JobPosting.name, 'acceptedCredentialTypes', row.id);
  }
}
