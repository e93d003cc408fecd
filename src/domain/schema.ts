import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ClassType } from 'type-graphql';
import { ViewerResolver } from './viewer/resolvers';
import { AssistanceApplicationResolver, AssistanceFundResolver } from './assistance/resolvers';
import { AssistanceWorkflowResolver } from './assistance/workflow';
import { AuditRecordResolver } from './audit/resolvers';
import { WebhookDeliveryAttemptResolver, WebhookDeliveryResolver, WebhookEndpointResolver } from './webhooks/resolvers';
import { WebhookWorkflowResolver } from './webhooks/workflow';
import { TrainingWorkflowResolver } from './training/workflow';
import { CertificationApplicationResolver, CertificationResolver, CredentialTypeResolver, RequirementProfileResolver } from './credentials/resolvers';
import { CertificationVerificationResolver } from './credentials/verification';
import { CertificationWorkflowResolver } from './credentials/workflow';
import { EmployerResolver, EmploymentResolver, ServiceProgramResolver } from './employers/resolvers';
import { JobPostingResolver } from './jobs/resolvers';
import { JobPostingWorkflowResolver } from './jobs/workflow';
import { CertifyingBodyResolver, JurisdictionResolver } from './jurisdictions/resolvers';
import { CertificationStatsResolver, JobPostingStatsResolver } from './metrics/stats';
import { CredentialProgressFieldsResolver, CredentialProgressResolver } from './people/progress';
import { PeerSpecialistResolver } from './people/resolvers';
import { SupervisedExperienceLogResolver, SupervisionResolver, SupervisorResolver } from './supervision/resolvers';
import { SupervisionWorkflowResolver } from './supervision/workflow';
import { SupervisionRequestWorkflowResolver } from './supervision/requests';
import { ContinuingEducationWorkflowResolver } from './training/continuing-education';
import { ContinuingEducationRecordResolver, TrainingEventResolver, TrainingOrganizationResolver, TrainingRegistrationResolver } from './training/resolvers';
import { JurisdictionSeriesResolver, WorkforceTimeSeriesResolver } from './metrics/series';
import { FundFiguresResolver, JurisdictionWorkforceFiguresResolver, WorkforceMetricsResolver } from './metrics/workforce';
import { JobPostingSubscriptionResolver } from './jobs/subscriptions';
import { CertificationSubscriptionResolver } from './credentials/subscriptions';
import { LiveMetricsResolver } from './metrics/live';
import { cacheArgumentValues } from '../internals/graphql-argument-cache';
import { resolvePlainFieldsByDefault } from '../internals/type-graphql-metadata';
import { pageArgsOf, resolveConnectionThunks } from '../graphql/connection-types';
import { listFilterOf } from '../graphql/filter-types';
import { NodeQueryResolver } from '../graphql/node-query';
import { resolveNodeTypeSynchronously } from '../graphql/node';
import { installPlainResolvers } from '../graphql/plain-resolvers';
import { requireLiveSpecs, topicsRefused } from '../graphql/live';
import { registeredTypes } from '../graphql/relations';

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
  SupervisionResolver,
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
  SupervisionRequestWorkflowResolver,
  ContinuingEducationWorkflowResolver,
  JobPostingSubscriptionResolver,
  CertificationSubscriptionResolver,
  LiveMetricsResolver,
  WebhookEndpointResolver,
  WebhookDeliveryResolver,
  WebhookDeliveryAttemptResolver,
  WebhookWorkflowResolver,
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
  resolvePlainFieldsByDefault();
  built ??= buildSchema({ resolvers, validate: false, pubSub: topicsRefused }).then((schema) => {
    installPlainResolvers(schema);
    resolveConnectionThunks(schema);
    resolveNodeTypeSynchronously(schema);
    requireLiveSpecs(schema);
    return schema;
  });
  return built;
}

/** The SDL checked in at schema/schema.graphql: sorted, so that it changes only when the API does. */
export async function printHubSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await hubSchema())) + '\n';
}
