import { GraphQLJSONObject } from 'graphql-scalars';
import { FieldResolver, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id';
import type { Row } from '../../graphql/loaders';
import { fieldNeeds, neededRelationKey } from '../../graphql/plan';
import { entityResolver } from '../../graphql/entity-resolver';
import { toOne, toTargets } from '../../graphql/relations';
import { CredentialType } from '../credentials/entities';
import { Employer, ServiceProgram } from '../employers/entities';
import { Jurisdiction } from '../jurisdictions/entities';
import { JobPosting } from './entities';
import './search';
import { jobPostingJsonLd } from './json-ld';

@Resolver(() => JobPosting)
export class JobPostingResolver extends entityResolver(JobPosting, {
  byId: 'jobPosting',
  list: 'jobPostings',
  relations: {
    employer: toOne(() => Employer, 'employer'),
    program: toOne(() => ServiceProgram, 'program', { nullable: true }),
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction', { description: 'The state the job is in.' }),
    acceptedCredentialTypes: toTargets(() => CredentialType, 'acceptedCredentialTypes', 'Credentials the employer accepts for the job.'),
  },
}) {
  @FieldResolver(() => GraphQLJSONObject, {
    // query cost (src/graphql/limits.ts): about twenty values, read with the employer and the state
    complexity: 20,
    description: 'The posting as schema.org JobPosting JSON-LD (title, description, dates, employmentType, hiringOrganization, jobLocation, baseSalary in dollars), ready to embed in a page as application/ld+json.',
  })
  jsonLd(@Root() row: Row): Record<string, unknown> {
    const employer = row[neededRelationKey('employer')] as Row;
    const jurisdiction = row[neededRelationKey('jurisdiction')] as Row;
    return jobPostingJsonLd(row, employer, jurisdiction, toGlobalId(JobPosting.name, row.id));
  }
}

// the plan fetches what the JSON-LD shows with the posting, in the same statement
fieldNeeds(JobPosting, 'jsonLd', { columns: 'all', relations: ['employer', 'jurisdiction'] });
