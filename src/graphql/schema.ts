import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type ClassType } from 'type-graphql';
import { ViewerResolver } from '../auth/resolvers';
import { AssistanceApplicationResolver, AssistanceFundResolver } from '../domain/assistance/resolvers';
import { AssistanceWorkflowResolver } from '../domain/assistance/workflow';
import { AuditRecordResolver } from '../domain/audit/resolvers';
import { TrainingWorkflowResolver } from '../domain/training/workflow';
import { CertificationApplicationResolver, CertificationResolver, CredentialTypeResolver, RequirementProfileResolver } from '../domain/credentials/resolvers';
import { CertificationVerificationResolver } from '../domain/credentials/verification';
import { CertificationWorkflowResolver } from '../domain/credentials/workflow';
import { EmployerResolver, EmploymentResolver, ServiceProgramResolver } from '../domain/employers/resolvers';
import { JobPostingResolver } from '../domain/jobs/resolvers';
import { JobPostingWorkflowResolver } from '../domain/jobs/workflow';
import { CertifyingBodyResolver, JurisdictionResolver } from '../domain/jurisdictions/resolvers';
import { CertificationStatsResolver, JobPostingStatsResolver } from '../domain/metrics/stats';
import { CredentialProgressFieldsResolver, CredentialProgressResolver } from '../domain/people/progress';
import { PeerSpecialistResolver } from '../domain/people/resolvers';
import { SupervisedExperienceLogResolver, SupervisorResolver } from '../domain/supervision/resolvers';
import { SupervisionWorkflowResolver } from '../domain/supervision/workflow';
import { ContinuingEducationWorkflowResolver } from '../domain/training/continuing-education';
import { ContinuingEducationRecordResolver, TrainingEventResolver, TrainingOrganizationResolver, TrainingRegistrationResolver } from '../domain/training/resolvers';
import { JurisdictionSeriesResolver, WorkforceTimeSeriesResolver } from '../domain/metrics/series';
import { FundFiguresResolver, JurisdictionWorkforceFiguresResolver, WorkforceMetricsResolver } from '../domain/metrics/workforce';
import { cacheArgumentValues } from './argument-cache';
import { pageArgsOf } from './connection';
import { listFilterOf } from './filter-types';
import { NodeQueryResolver } from './node-query';
import { installRowResolvers, registeredTypes } from './relations';

export const resolvers = [
  NodeQueryResolver,
  ViewerResolver,
  JurisdictionResolver,
  CertifyingBodyResolver,
  CredentialTypeResolver,
  RequirementProfileResolver,
  PeerSpecialistResolver,
  CertificationResolver,
  CertificationApplicationResolver,
  CertificationVerificationResolver,
  TrainingOrganizationResolver,
  TrainingEventResolver,
  TrainingRegistrationResolver,
  ContinuingEducationRecordResolver,
  EmployerResolver,
  ServiceProgramResolver,
  EmploymentResolver,
  SupervisorResolver,
  SupervisedExperienceLogResolver,
  AssistanceFundResolver,
  AssistanceApplicationResolver,
  JobPostingResolver,
  CertificationStatsResolver,
  JobPostingStatsResolver,
  WorkforceMetricsResolver,
  JurisdictionWorkforceFiguresResolver,
  FundFiguresResolver,
  WorkforceTimeSeriesResolver,
  JurisdictionSeriesResolver,
  AuditRecordResolver,
  AssistanceWorkflowResolver,
  JobPostingWorkflowResolver,
  TrainingWorkflowResolver,
  CertificationWorkflowResolver,
  CredentialProgressResolver,
  CredentialProgressFieldsResolver,
  SupervisionWorkflowResolver,
  ContinuingEducationWorkflowResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/**
 * Plain fields read their property with graphql-js's own default resolver. Without `simple`, type-graphql wraps each
 * in a resolver that builds a middleware context per value, thousands per dashboard answer; the hub has no
 * middlewares and no @Authorized (access is decided in the resolvers and their SQL), so the wrapper only reads
 * `root[name]`. A field named apart from its property, or given middlewares or roles, keeps it.
 */
function resolvePlainFieldsByDefault(): void {
  const storage = getMetadataStorage();
  // attached to the fields only as the schema builds: read from where the decorators put them
  const guarded = new Set([...storage.authorizedFields, ...storage.middlewares].map((m) => `${m.target.name}.${m.fieldName}`));
  for (const field of storage.fields) {
    if (field.simple === undefined && field.name === field.schemaName && !guarded.has(`${field.target.name}.${field.name}`)) field.simple = true;
  }
}

/** The schema, built once per process from the type-graphql classes. */
export function hubSchema(): Promise<GraphQLSchema> {
  cacheArgumentValues();
  // every connection's argument and filter types exist before type-graphql builds, whichever field names them first
  for (const type of registeredTypes()) {
    pageArgsOf(type as ClassType);
    listFilterOf(type as ClassType);
  }
  // no class-validator pass over every argument of every field: the inputs carry no validation decorators, and on
  // a nested connection the pass ran once per parent row (mutations with rules opt in per argument)
  resolvePlainFieldsByDefault();
  built ??= buildSchema({ resolvers, validate: false }).then((schema) => {
    installRowResolvers(schema);
    return schema;
  });
  return built;
}

/** The SDL checked in at schema/schema.graphql: sorted, so that it changes only when the API does. */
export async function printHubSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await hubSchema())) + '\n';
}
