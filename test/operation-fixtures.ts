/** The client operations of schema/operations (their typed documents) and variables that run each on scale-1 data. */
import { Kind, type DocumentNode } from 'graphql';
import * as operations from '../src/client/operations';
import { toGlobalId } from '../src/graphql/global-id';

/** Variables for every operation; an operation added to schema/operations without an entry here fails the suite. */
export const operationVariables: Record<string, Record<string, unknown>> = {
  CertificationsPage: { first: 100 },
  ExpiringCertifications: { jurisdiction: 'TX', credential: 'MHPS', status: 'ACTIVE', before: '2027-03-01', first: 50 },
  NodeLookup: { id: toGlobalId('Certification', 7) },
  PersonRecord: { id: toGlobalId('PeerSpecialist', 12) },
  SupervisionLoad: { first: 40 },
  EmployersOpenPostings: { jurisdiction: 'MN', first: 50 },
  EmployersWithPostings: { first: 50, postings: 5 },
  FundsOverview: { first: 20 },
  StateOverview: {},
  DashboardJurisdictions: {},
  JobPosting: { id: toGlobalId('JobPosting', 3) },
  JobPostingsPage: { first: 20 },
  SearchPostings: { text: 'crisis peer support', first: 20 },
  SearchOpenPostings: { jurisdiction: 'MN', programs: ['ACT', 'MH_CRISIS', 'CRISIS_RESIDENTIAL'], minHourlyCents: 1800, first: 20 },
  VerifyCertification: { jurisdiction: 'TX', credentialNumber: 'MHPS-000001' },
  VerifyCertificationsByName: { jurisdiction: 'TX', lastName: 'Garcia', firstName: 'M' },
  WorkforceDashboard: { asOf: '2026-11-01' },
  WorkforceTrend: { from: '2025-11-01', to: '2026-10-31' },
  CertificationBreakdown: { first: 100 },
  PostingPay: { jurisdictions: ['MN', 'TX'] },
  SearchJobs: {
    filter: {
      remote: { eq: false },
      supervisionProvided: { eq: true },
      acceptedCredentialTypes: { some: { code: { eq: 'MHPS' } } },
      payUnit: { eq: 'HOUR' },
      payMaxCents: { gte: 1800 },
      datePosted: { gte: '2026-10-15' },
    },
    first: 20,
  },
  TrainingCalendar: { filter: { jurisdiction: { code: { eq: 'TX' } }, format: { in: ['IN_PERSON', 'HYBRID'] }, seatsLeft: { gt: 0 } }, first: 20 },
  JobsNearMe: { postalCode: '78701', withinMiles: 100, includeRemote: true, first: 20 },
  SupervisorsNearMe: { postalCode: '78701', withinMiles: 100, languages: ['en', 'es'], first: 20 },
  FindSupervisors: { jurisdiction: 'TX', languages: ['es'], first: 20 },
  MySupervisionRequests: { first: 20 },
  RequestSupervision: { supervisorId: toGlobalId('Supervisor', 1) },
  LiveOpenPostings: { filter: { jurisdiction: { code: { eq: 'TX' } } } },
  LiveWorkforceDashboard: { asOf: '2026-11-01' },
  LiveCertificationStatus: { jurisdiction: 'TX' },
};

/** Whether a document's operation is a subscription: sent over WebSocket, not HTTP (docs/live.md). */
export function isSubscription(document: DocumentNode): boolean {
  return document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'subscription');
}

/** [operation name, typed document] for every operation of the typed client. */
export const operationDocuments = Object.entries(operations)
  .filter(([name]) => name.endsWith('Document'))
  .map(([name, document]) => [name.slice(0, -'Document'.length), document as DocumentNode] as const);
