import { registerEnumType } from 'type-graphql';

export enum EmployerKind {
  COMMUNITY_MENTAL_HEALTH_CENTER = 'COMMUNITY_MENTAL_HEALTH_CENTER',
  PEER_RUN_ORGANIZATION = 'PEER_RUN_ORGANIZATION',
  HOSPITAL = 'HOSPITAL',
  CRISIS_PROVIDER = 'CRISIS_PROVIDER',
  RESIDENTIAL_TREATMENT = 'RESIDENTIAL_TREATMENT',
  COUNTY_AGENCY = 'COUNTY_AGENCY',
  LOCAL_MENTAL_HEALTH_AUTHORITY = 'LOCAL_MENTAL_HEALTH_AUTHORITY',
  OTHER = 'OTHER',
}
registerEnumType(EmployerKind, { name: 'EmployerKind', description: 'What kind of organisation an employer is.' });

export enum ServiceProgramKind {
  ARMHS = 'ARMHS',
  ACT = 'ACT',
  CRISIS_RESIDENTIAL = 'CRISIS_RESIDENTIAL',
  IRTS = 'IRTS',
  MH_CRISIS = 'MH_CRISIS',
  DROP_IN_CENTER = 'DROP_IN_CENTER',
  WARMLINE = 'WARMLINE',
  CASE_MANAGEMENT = 'CASE_MANAGEMENT',
  PEER_RECOVERY_SUPPORT = 'PEER_RECOVERY_SUPPORT',
  INPATIENT = 'INPATIENT',
  OUTPATIENT = 'OUTPATIENT',
  OTHER = 'OTHER',
}
registerEnumType(ServiceProgramKind, {
  name: 'ServiceProgramKind',
  description: 'Service programs where peers work.',
  valuesConfig: {
    ARMHS: { description: 'Adult Rehabilitative Mental Health Services (MN).' },
    ACT: { description: 'Assertive Community Treatment.' },
    CRISIS_RESIDENTIAL: { description: 'Crisis Residential Services.' },
    IRTS: { description: 'Intensive Residential Treatment Services (MN).' },
    MH_CRISIS: { description: 'Mental health crisis services (mobile or walk-in).' },
    DROP_IN_CENTER: { description: 'Peer drop-in centre (non-direct role).' },
    WARMLINE: { description: 'Peer support warmline (non-direct role).' },
    CASE_MANAGEMENT: { description: 'Case management (peers as case manager associates).' },
    PEER_RECOVERY_SUPPORT: { description: 'Stand-alone peer recovery support services.' },
  },
});

export enum EmploymentRole {
  PEER_SPECIALIST = 'PEER_SPECIALIST',
  PEER_SPECIALIST_INTERN = 'PEER_SPECIALIST_INTERN',
  PEER_SUPERVISOR = 'PEER_SUPERVISOR',
  CASE_MANAGER_ASSOCIATE = 'CASE_MANAGER_ASSOCIATE',
  WARMLINE_OPERATOR = 'WARMLINE_OPERATOR',
  RECOVERY_COACH = 'RECOVERY_COACH',
  OTHER = 'OTHER',
}
registerEnumType(EmploymentRole, { name: 'EmploymentRole', description: 'The role of a job or a position held.' });

/** schema.org JobPosting employmentType values. */
export enum EmploymentType {
  FULL_TIME = 'FULL_TIME',
  PART_TIME = 'PART_TIME',
  CONTRACTOR = 'CONTRACTOR',
  TEMPORARY = 'TEMPORARY',
  INTERN = 'INTERN',
  VOLUNTEER = 'VOLUNTEER',
  PER_DIEM = 'PER_DIEM',
  OTHER = 'OTHER',
}
registerEnumType(EmploymentType, { name: 'EmploymentType', description: 'As schema.org JobPosting.employmentType.' });
