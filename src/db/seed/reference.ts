/**
 * Reference data: the jurisdictions, certifying bodies, credential types and requirement profiles the hub ships
 * with. Every value carries its source (the tags of ../shared/DOMAIN.md); values the sources do not settle are
 * marked verified: false and stay configurable reference data, never presented as fact.
 *
 * Ids are explicit so that the synthetic data can refer to them without a round trip.
 */

export interface FactSourceRef {
  /** The field the source supports (the entity's property name, such as validityMonths). */
  fact: string;
  citation: string;
  verified: boolean;
}

export type CertifyingBodyKindRef = 'STATE_AGENCY' | 'CERTIFICATION_BOARD' | 'HEALTH_DEPARTMENT' | 'OTHER';
export type CredentialCategoryRef = 'PEER' | 'SUPERVISOR' | 'FAMILY' | 'YOUTH';
export type LivedExperienceFocusRef = 'MENTAL_HEALTH' | 'SUBSTANCE_USE' | 'CO_OCCURRING' | 'FAMILY' | 'YOUTH' | 'NONE';

export interface JurisdictionRef {
  id: number;
  code: string;
  name: string;
  fipsCode: string;
  population: number;
  populationYear: number;
  sources: FactSourceRef[];
}

export interface CertifyingBodyRef {
  id: number;
  jurisdictionId: number;
  name: string;
  kind: CertifyingBodyKindRef;
  website: string | null;
  sources: FactSourceRef[];
}

export interface CredentialTypeRef {
  id: number;
  jurisdictionId: number;
  certifyingBodyId: number;
  code: string;
  name: string;
  category: CredentialCategoryRef;
  livedExperienceFocus: LivedExperienceFocusRef;
  provisional: boolean;
  sources: FactSourceRef[];
}

export interface RequirementProfileRef {
  id: number;
  credentialTypeId: number;
  version: number;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  trainingHours: number;
  supervisedHoursRequired: number;
  provisionalValidityMonths: number | null;
  extensionsAllowed: number;
  extensionMonths: number | null;
  validityMonths: number;
  ceHoursPerCycle: number;
  ethicsHoursPerCycle: number;
  gracePeriodMonths: number;
  lateRenewalMonths: number;
  applicationFeeCents: number;
  reducedApplicationFeeCents: number | null;
  renewalFeeCents: number;
  lateFeeCents: number;
  reinstatementFeeCents: number;
  backgroundCheckRequired: boolean;
  decisionDueDays: number | null;
  sources: FactSourceRef[];
}

/** Citation text for values no source settles. */
export const UNVERIFIED = 'unverified: configurable reference data';

/** Citation tags, as DOMAIN.md lists them. */
export const CITE = {
  mnDhsCps: '[1] MN DHS, Certified Peer Specialists (project source document 000)',
  peerForce: '[2] PeerForce, Mental Health Peer Specialist (project source document 004)',
  tac3203: '[3] 1 TAC 354.3203, txrules.elaws.us/rule/title1_chapter354_sec.354.3203',
  tac3251: '[4] 1 TAC 354.3251',
  pfTraining: '[5] wiki.peerforce.org, what training is required for Texas peer specialists',
  tac3159: '[6] 1 TAC 354.3159',
  pfFee: '[7] wiki.peerforce.org, application processing fee',
  tac3205: '[8] 1 TAC 354.3205',
  pfHours: '[9] wiki.peerforce.org, when can I start collecting my 250 work experience hours',
  tac3103: '[10] 1 TAC 354.3103',
  renewal: '[11] 1 TAC 354.3161 and 354.3207; wiki.peerforce.org, how do I renew my MHPS or RSPS certification',
  mnStat2007: '[12] revisor.mn.gov, 256B.0615 (2007)',
  mnStat2021: '[13] revisor.mn.gov, 256B.0615 (2021)',
  copelandMn: '[14] copelandcenter.com, Minnesota',
  mnDhsProvider: '[15] MN DHS CPS provider page',
  pfVoucher: '[16] peerforce.org, state application financial assistance application',
  census2020: 'US Census Bureau, 2020 Census apportionment counts (resident population)',
  fips: 'US Census Bureau, ANSI/FIPS state codes',
  copelandStates: '[17] copelandcenter.com state pages (PA, GA, NY, FL, WA, IA)',
  waDoh: '[20] WA DOH provider credential search and its open data columns',
} as const;

const verified = (fact: string, ...citations: string[]): FactSourceRef => ({ fact, citation: citations.join('; '), verified: true });
const unverified = (fact: string, note?: string): FactSourceRef => ({
  fact,
  citation: note ? `${UNVERIFIED} (${note})` : UNVERIFIED,
  verified: false,
});

export const JURISDICTION_ID = { MN: 1, TX: 2, WA: 3 } as const;
export const CERTIFYING_BODY_ID = { MN_DHS: 1, TX_TCB: 2, TX_HHSC: 3, WA_DOH: 4 } as const;
export const CREDENTIAL_TYPE_ID = { MN_CPS: 1, TX_MHPS: 2, TX_RSPS: 3, TX_PSS: 4, WA_CPS: 5, WA_CPS_TRAINEE: 6 } as const;

export const JURISDICTIONS: readonly JurisdictionRef[] = [
  {
    id: JURISDICTION_ID.MN,
    code: 'MN',
    name: 'Minnesota',
    fipsCode: '27',
    population: 5_706_494,
    populationYear: 2020,
    sources: [
      verified('code', CITE.fips),
      verified('name', CITE.fips),
      verified('fipsCode', CITE.fips),
      verified('population', CITE.census2020),
      verified('populationYear', CITE.census2020),
    ],
  },
  {
    id: JURISDICTION_ID.TX,
    code: 'TX',
    name: 'Texas',
    fipsCode: '48',
    population: 29_145_505,
    populationYear: 2020,
    sources: [
      verified('code', CITE.fips),
      verified('name', CITE.fips),
      verified('fipsCode', CITE.fips),
      verified('population', CITE.census2020),
      verified('populationYear', CITE.census2020),
    ],
  },
  // Washington publishes its credentials as open data (the wa-doh import format); the hub ships no sample data for it
  {
    id: JURISDICTION_ID.WA,
    code: 'WA',
    name: 'Washington',
    fipsCode: '53',
    population: 7_705_281,
    populationYear: 2020,
    sources: [
      verified('code', CITE.fips),
      verified('name', CITE.fips),
      verified('fipsCode', CITE.fips),
      verified('population', CITE.census2020),
      verified('populationYear', CITE.census2020),
    ],
  },
];

export const CERTIFYING_BODIES: readonly CertifyingBodyRef[] = [
  {
    id: CERTIFYING_BODY_ID.MN_DHS,
    jurisdictionId: JURISDICTION_ID.MN,
    name: 'Minnesota Department of Human Services',
    kind: 'STATE_AGENCY',
    website: 'https://mn.gov/dhs/',
    sources: [
      verified('name', CITE.mnDhsCps),
      verified('kind', CITE.mnDhsCps),
      verified('jurisdiction', CITE.mnDhsCps),
      unverified('website'),
    ],
  },
  {
    id: CERTIFYING_BODY_ID.TX_TCB,
    jurisdictionId: JURISDICTION_ID.TX,
    name: 'Texas Certification Board',
    kind: 'CERTIFICATION_BOARD',
    website: null,
    sources: [
      verified('name', CITE.tac3251),
      verified('kind', CITE.tac3251),
      verified('jurisdiction', CITE.tac3251),
    ],
  },
  {
    id: CERTIFYING_BODY_ID.TX_HHSC,
    jurisdictionId: JURISDICTION_ID.TX,
    name: 'Texas Health and Human Services Commission',
    kind: 'STATE_AGENCY',
    website: 'https://www.hhs.texas.gov/',
    sources: [
      verified('name', CITE.tac3203),
      verified('kind', CITE.tac3203),
      verified('jurisdiction', CITE.tac3203),
      unverified('website'),
    ],
  },
  {
    id: CERTIFYING_BODY_ID.WA_DOH,
    jurisdictionId: JURISDICTION_ID.WA,
    name: 'Washington State Department of Health',
    kind: 'HEALTH_DEPARTMENT',
    website: 'https://doh.wa.gov/',
    sources: [
      verified('name', CITE.waDoh),
      verified('kind', CITE.waDoh),
      verified('jurisdiction', CITE.waDoh),
      unverified('website'),
    ],
  },
];

export const CREDENTIAL_TYPES: readonly CredentialTypeRef[] = [
  {
    id: CREDENTIAL_TYPE_ID.MN_CPS,
    jurisdictionId: JURISDICTION_ID.MN,
    certifyingBodyId: CERTIFYING_BODY_ID.MN_DHS,
    code: 'CPS',
    name: 'Certified Peer Specialist',
    category: 'PEER',
    livedExperienceFocus: 'MENTAL_HEALTH',
    provisional: false,
    sources: [
      verified('code', CITE.mnDhsCps),
      verified('name', CITE.mnDhsCps),
      verified('category', CITE.mnDhsCps),
      verified('livedExperienceFocus', CITE.mnDhsCps),
      verified('certifyingBody', CITE.mnDhsCps),
      verified('provisional', CITE.mnDhsProvider),
    ],
  },
  {
    id: CREDENTIAL_TYPE_ID.TX_MHPS,
    jurisdictionId: JURISDICTION_ID.TX,
    certifyingBodyId: CERTIFYING_BODY_ID.TX_TCB,
    code: 'MHPS',
    name: 'Mental Health Peer Specialist',
    category: 'PEER',
    livedExperienceFocus: 'MENTAL_HEALTH',
    provisional: false,
    sources: [
      verified('code', CITE.tac3203),
      verified('name', CITE.tac3203),
      verified('category', CITE.peerForce),
      verified('livedExperienceFocus', CITE.peerForce),
      verified('certifyingBody', CITE.tac3251),
      // the initial ("intern") period is a status of the same credential, not a separate provisional credential
      verified('provisional', CITE.tac3205),
    ],
  },
  {
    id: CREDENTIAL_TYPE_ID.TX_RSPS,
    jurisdictionId: JURISDICTION_ID.TX,
    certifyingBodyId: CERTIFYING_BODY_ID.TX_TCB,
    code: 'RSPS',
    name: 'Recovery Support Peer Specialist',
    category: 'PEER',
    livedExperienceFocus: 'SUBSTANCE_USE',
    provisional: false,
    sources: [
      verified('code', CITE.pfTraining, CITE.renewal),
      unverified('name', 'DOMAIN.md gives the code RSPS, not its expansion'),
      verified('category', CITE.pfTraining),
      verified('livedExperienceFocus', CITE.pfTraining),
      unverified('certifyingBody', 'assumed to be the same certification entity as MHPS'),
      unverified('provisional'),
    ],
  },
  {
    id: CREDENTIAL_TYPE_ID.TX_PSS,
    jurisdictionId: JURISDICTION_ID.TX,
    certifyingBodyId: CERTIFYING_BODY_ID.TX_TCB,
    code: 'PSS',
    name: 'Peer Specialist Supervisor',
    category: 'SUPERVISOR',
    livedExperienceFocus: 'NONE',
    provisional: false,
    sources: [
      verified('code', CITE.renewal),
      verified('name', CITE.renewal),
      verified('category', CITE.renewal),
      verified('livedExperienceFocus', CITE.renewal),
      unverified('certifyingBody', 'assumed to be the same certification entity as MHPS'),
      unverified('provisional'),
    ],
  },
  {
    id: CREDENTIAL_TYPE_ID.WA_CPS,
    jurisdictionId: JURISDICTION_ID.WA,
    certifyingBodyId: CERTIFYING_BODY_ID.WA_DOH,
    code: 'CPS',
    name: 'Certified Peer Specialist',
    category: 'PEER',
    livedExperienceFocus: 'MENTAL_HEALTH',
    provisional: false,
    sources: [
      unverified('code', 'the hub\'s code; WA DOH names the credential, its open data carries the name'),
      verified('name', CITE.copelandStates),
      verified('category', CITE.copelandStates),
      unverified('livedExperienceFocus'),
      verified('certifyingBody', CITE.waDoh),
      verified('provisional', CITE.copelandStates),
    ],
  },
  {
    id: CREDENTIAL_TYPE_ID.WA_CPS_TRAINEE,
    jurisdictionId: JURISDICTION_ID.WA,
    certifyingBodyId: CERTIFYING_BODY_ID.WA_DOH,
    code: 'CPST',
    name: 'Certified Peer Specialist Trainee',
    category: 'PEER',
    livedExperienceFocus: 'MENTAL_HEALTH',
    provisional: true,
    sources: [
      unverified('code', 'the hub\'s code for the trainee credential'),
      unverified('name', 'DOMAIN.md says "trainee"; the exact title is not given'),
      verified('category', CITE.copelandStates),
      unverified('livedExperienceFocus'),
      verified('certifyingBody', CITE.waDoh),
      verified('provisional', CITE.copelandStates),
    ],
  },
];

export const REQUIREMENT_PROFILES: readonly RequirementProfileRef[] = [
  {
    id: 1,
    credentialTypeId: CREDENTIAL_TYPE_ID.MN_CPS,
    version: 1,
    effectiveFrom: '2009-01-01',
    trainingHours: 80,
    supervisedHoursRequired: 0,
    provisionalValidityMonths: null,
    extensionsAllowed: 0,
    extensionMonths: null,
    validityMonths: 24,
    ceHoursPerCycle: 30,
    ethicsHoursPerCycle: 0,
    gracePeriodMonths: 0,
    lateRenewalMonths: 0,
    applicationFeeCents: 0,
    reducedApplicationFeeCents: null,
    renewalFeeCents: 0,
    lateFeeCents: 0,
    reinstatementFeeCents: 0,
    backgroundCheckRequired: true,
    decisionDueDays: null,
    sources: [
      unverified('effectiveFrom', 'CPS offered as a service since 2009 [1]; exact date of these rules not given'),
      verified('trainingHours', CITE.copelandMn),
      verified('supervisedHoursRequired', CITE.mnDhsProvider),
      verified('provisionalValidityMonths', CITE.mnDhsProvider),
      verified('extensionsAllowed', CITE.mnDhsProvider),
      verified('extensionMonths', CITE.mnDhsProvider),
      verified('validityMonths', CITE.mnDhsProvider),
      verified('ceHoursPerCycle', CITE.mnDhsProvider),
      unverified('ethicsHoursPerCycle'),
      unverified('gracePeriodMonths', 'no grace period assumed'),
      unverified('lateRenewalMonths', 'no late renewal assumed'),
      unverified('applicationFeeCents'),
      unverified('reducedApplicationFeeCents'),
      unverified('renewalFeeCents'),
      unverified('lateFeeCents'),
      unverified('reinstatementFeeCents'),
      unverified('backgroundCheckRequired'),
      unverified('decisionDueDays'),
    ],
  },
  {
    id: 2,
    credentialTypeId: CREDENTIAL_TYPE_ID.TX_MHPS,
    version: 1,
    effectiveFrom: '2019-01-01',
    trainingHours: 59.5,
    supervisedHoursRequired: 250,
    provisionalValidityMonths: 6,
    extensionsAllowed: 1,
    extensionMonths: 6,
    validityMonths: 24,
    ceHoursPerCycle: 20,
    ethicsHoursPerCycle: 3,
    gracePeriodMonths: 6,
    lateRenewalMonths: 12,
    applicationFeeCents: 6000,
    reducedApplicationFeeCents: 2000,
    renewalFeeCents: 6000,
    lateFeeCents: 5000,
    reinstatementFeeCents: 10000,
    backgroundCheckRequired: true,
    decisionDueDays: 60,
    sources: [
      verified('effectiveFrom', CITE.tac3203),
      verified('trainingHours', CITE.pfTraining, CITE.tac3159),
      verified('supervisedHoursRequired', CITE.tac3205),
      verified('provisionalValidityMonths', CITE.tac3205),
      verified('extensionsAllowed', CITE.tac3205),
      verified('extensionMonths', CITE.tac3205),
      verified('validityMonths', CITE.tac3205, CITE.renewal),
      verified('ceHoursPerCycle', CITE.renewal),
      verified('ethicsHoursPerCycle', CITE.renewal),
      verified('gracePeriodMonths', CITE.renewal),
      verified('lateRenewalMonths', CITE.renewal),
      verified('applicationFeeCents', CITE.tac3203, CITE.pfFee),
      verified('reducedApplicationFeeCents', CITE.pfFee),
      verified('renewalFeeCents', CITE.renewal),
      verified('lateFeeCents', CITE.renewal),
      verified('reinstatementFeeCents', CITE.renewal),
      verified('backgroundCheckRequired', CITE.renewal),
      verified('decisionDueDays', CITE.tac3203, CITE.pfFee),
    ],
  },
  {
    id: 3,
    credentialTypeId: CREDENTIAL_TYPE_ID.TX_RSPS,
    version: 1,
    effectiveFrom: '2019-01-01',
    trainingHours: 65.5,
    supervisedHoursRequired: 250,
    provisionalValidityMonths: 6,
    extensionsAllowed: 1,
    extensionMonths: 6,
    validityMonths: 24,
    ceHoursPerCycle: 20,
    ethicsHoursPerCycle: 3,
    gracePeriodMonths: 6,
    lateRenewalMonths: 12,
    applicationFeeCents: 6000,
    reducedApplicationFeeCents: 2000,
    renewalFeeCents: 6000,
    lateFeeCents: 5000,
    reinstatementFeeCents: 10000,
    backgroundCheckRequired: true,
    decisionDueDays: 60,
    sources: [
      unverified('effectiveFrom', 'copied from MHPS'),
      verified('trainingHours', CITE.pfTraining, CITE.tac3159),
      unverified('supervisedHoursRequired', 'copied from MHPS'),
      unverified('provisionalValidityMonths', 'copied from MHPS'),
      unverified('extensionsAllowed', 'copied from MHPS'),
      unverified('extensionMonths', 'copied from MHPS'),
      verified('validityMonths', CITE.renewal),
      verified('ceHoursPerCycle', CITE.renewal),
      verified('ethicsHoursPerCycle', CITE.renewal),
      verified('gracePeriodMonths', CITE.renewal),
      verified('lateRenewalMonths', CITE.renewal),
      unverified('applicationFeeCents', 'copied from MHPS'),
      unverified('reducedApplicationFeeCents', 'copied from MHPS'),
      verified('renewalFeeCents', CITE.renewal),
      verified('lateFeeCents', CITE.renewal),
      verified('reinstatementFeeCents', CITE.renewal),
      verified('backgroundCheckRequired', CITE.renewal),
      unverified('decisionDueDays', 'copied from MHPS'),
    ],
  },
  {
    id: 4,
    credentialTypeId: CREDENTIAL_TYPE_ID.TX_PSS,
    version: 1,
    effectiveFrom: '2019-01-01',
    trainingHours: 6,
    supervisedHoursRequired: 0,
    provisionalValidityMonths: null,
    extensionsAllowed: 0,
    extensionMonths: null,
    validityMonths: 24,
    ceHoursPerCycle: 6,
    ethicsHoursPerCycle: 0,
    gracePeriodMonths: 6,
    lateRenewalMonths: 12,
    applicationFeeCents: 6000,
    reducedApplicationFeeCents: null,
    renewalFeeCents: 6000,
    lateFeeCents: 5000,
    reinstatementFeeCents: 10000,
    backgroundCheckRequired: true,
    decisionDueDays: 60,
    sources: [
      unverified('effectiveFrom'),
      unverified('trainingHours'),
      unverified('supervisedHoursRequired'),
      unverified('provisionalValidityMonths'),
      unverified('extensionsAllowed'),
      unverified('extensionMonths'),
      unverified('validityMonths', 'assumed the 2-year cycle of MHPS'),
      verified('ceHoursPerCycle', CITE.renewal),
      unverified('ethicsHoursPerCycle'),
      unverified('gracePeriodMonths', 'copied from MHPS'),
      unverified('lateRenewalMonths', 'copied from MHPS'),
      unverified('applicationFeeCents', 'copied from MHPS'),
      unverified('reducedApplicationFeeCents'),
      unverified('renewalFeeCents', 'copied from MHPS'),
      unverified('lateFeeCents', 'copied from MHPS'),
      unverified('reinstatementFeeCents', 'copied from MHPS'),
      unverified('backgroundCheckRequired', 'copied from MHPS'),
      unverified('decisionDueDays', 'copied from MHPS'),
    ],
  },
  {
    id: 5,
    credentialTypeId: CREDENTIAL_TYPE_ID.WA_CPS,
    version: 1,
    effectiveFrom: '2023-01-01',
    trainingHours: 40,
    supervisedHoursRequired: 0,
    provisionalValidityMonths: null,
    extensionsAllowed: 0,
    extensionMonths: null,
    validityMonths: 24,
    ceHoursPerCycle: 20,
    ethicsHoursPerCycle: 2,
    gracePeriodMonths: 0,
    lateRenewalMonths: 0,
    applicationFeeCents: 0,
    reducedApplicationFeeCents: null,
    renewalFeeCents: 0,
    lateFeeCents: 0,
    reinstatementFeeCents: 0,
    backgroundCheckRequired: true,
    decisionDueDays: null,
    sources: [
      unverified('effectiveFrom', 'WA credentials peer specialists through DOH; the date these rules took effect is not given'),
      unverified('trainingHours', 'within the 32 to 100+ hours states require [17]'),
      unverified('supervisedHoursRequired', 'the 1,000 supervised hours [17] are served under the trainee credential'),
      unverified('provisionalValidityMonths'),
      unverified('extensionsAllowed'),
      unverified('extensionMonths'),
      unverified('validityMonths', 'the usual 2-year cycle [17]'),
      unverified('ceHoursPerCycle', 'within the 20 to 36 hours states require [17]'),
      unverified('ethicsHoursPerCycle', 'within the 2 to 6 hours states require [17]'),
      unverified('gracePeriodMonths', 'no grace period assumed'),
      unverified('lateRenewalMonths', 'no late renewal assumed'),
      unverified('applicationFeeCents'),
      unverified('reducedApplicationFeeCents'),
      unverified('renewalFeeCents'),
      unverified('lateFeeCents'),
      unverified('reinstatementFeeCents'),
      unverified('backgroundCheckRequired'),
      unverified('decisionDueDays'),
    ],
  },
  {
    id: 6,
    credentialTypeId: CREDENTIAL_TYPE_ID.WA_CPS_TRAINEE,
    version: 1,
    effectiveFrom: '2023-01-01',
    trainingHours: 40,
    supervisedHoursRequired: 1000,
    provisionalValidityMonths: 24,
    extensionsAllowed: 0,
    extensionMonths: null,
    validityMonths: 24,
    ceHoursPerCycle: 20,
    ethicsHoursPerCycle: 2,
    gracePeriodMonths: 0,
    lateRenewalMonths: 0,
    applicationFeeCents: 0,
    reducedApplicationFeeCents: null,
    renewalFeeCents: 0,
    lateFeeCents: 0,
    reinstatementFeeCents: 0,
    backgroundCheckRequired: true,
    decisionDueDays: null,
    sources: [
      unverified('effectiveFrom', 'WA credentials trainees through DOH; the date these rules took effect is not given'),
      unverified('trainingHours', 'within the 32 to 100+ hours states require [17]'),
      verified('supervisedHoursRequired', CITE.copelandStates),
      unverified('provisionalValidityMonths'),
      unverified('extensionsAllowed'),
      unverified('extensionMonths'),
      unverified('validityMonths', 'the usual 2-year cycle [17]'),
      unverified('ceHoursPerCycle', 'within the 20 to 36 hours states require [17]'),
      unverified('ethicsHoursPerCycle', 'within the 2 to 6 hours states require [17]'),
      unverified('gracePeriodMonths', 'no grace period assumed'),
      unverified('lateRenewalMonths', 'no late renewal assumed'),
      unverified('applicationFeeCents'),
      unverified('reducedApplicationFeeCents'),
      unverified('renewalFeeCents'),
      unverified('lateFeeCents'),
      unverified('reinstatementFeeCents'),
      unverified('backgroundCheckRequired'),
      unverified('decisionDueDays'),
    ],
  },
];

export function profileFor(credentialTypeId: number): RequirementProfileRef {
  const profile = REQUIREMENT_PROFILES.find((p) => p.credentialTypeId === credentialTypeId);
  if (!profile) throw new Error(`no requirement profile for credential type ${credentialTypeId}`);
  return profile;
}

export function credentialTypeFor(id: number): CredentialTypeRef {
  const type = CREDENTIAL_TYPES.find((t) => t.id === id);
  if (!type) throw new Error(`no credential type ${id}`);
  return type;
}

/** Snake_case rows, one array per table, in insertion order. */
export function referenceTables(): Array<{ table: string; rows: Record<string, unknown>[] }> {
  const hours = (n: number) => n.toFixed(2);
  return [
    {
      table: 'jurisdiction',
      rows: JURISDICTIONS.map((j) => ({
        id: j.id, code: j.code, name: j.name, fips_code: j.fipsCode, population: j.population,
        population_year: j.populationYear, sources: j.sources,
      })),
    },
    {
      table: 'certifying_body',
      rows: CERTIFYING_BODIES.map((b) => ({
        id: b.id, jurisdiction_id: b.jurisdictionId, name: b.name, kind: b.kind, website: b.website, sources: b.sources,
      })),
    },
    {
      table: 'credential_type',
      rows: CREDENTIAL_TYPES.map((t) => ({
        id: t.id, jurisdiction_id: t.jurisdictionId, certifying_body_id: t.certifyingBodyId, code: t.code, name: t.name,
        category: t.category, lived_experience_focus: t.livedExperienceFocus, provisional: t.provisional, sources: t.sources,
      })),
    },
    {
      table: 'requirement_profile',
      rows: REQUIREMENT_PROFILES.map((p) => ({
        id: p.id,
        credential_type_id: p.credentialTypeId,
        version: p.version,
        effective_from: p.effectiveFrom,
        training_hours: hours(p.trainingHours),
        supervised_hours_required: hours(p.supervisedHoursRequired),
        provisional_validity_months: p.provisionalValidityMonths,
        extensions_allowed: p.extensionsAllowed,
        extension_months: p.extensionMonths,
        validity_months: p.validityMonths,
        ce_hours_per_cycle: hours(p.ceHoursPerCycle),
        ethics_hours_per_cycle: hours(p.ethicsHoursPerCycle),
        grace_period_months: p.gracePeriodMonths,
        late_renewal_months: p.lateRenewalMonths,
        application_fee_cents: p.applicationFeeCents,
        reduced_application_fee_cents: p.reducedApplicationFeeCents,
        renewal_fee_cents: p.renewalFeeCents,
        late_fee_cents: p.lateFeeCents,
        reinstatement_fee_cents: p.reinstatementFeeCents,
        background_check_required: p.backgroundCheckRequired,
        decision_due_days: p.decisionDueDays,
        sources: p.sources,
      })),
    },
  ];
}
