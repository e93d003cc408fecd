import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ClassType } from 'type-graphql';
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
