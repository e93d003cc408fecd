import { registerEnumType } from 'type-graphql';

export enum CredentialCategory {
  PEER = 'PEER',
  SUPERVISOR = 'SUPERVISOR',
  FAMILY = 'FAMILY',
  YOUTH = 'YOUTH',
}
registerEnumType(CredentialCategory, { name: 'CredentialCategory', description: 'Who a credential is for.' });

/** Lived experience appears only here, as the credential's focus; the hub never stores a diagnosis. */
export enum LivedExperienceFocus {
  MENTAL_HEALTH = 'MENTAL_HEALTH',
  SUBSTANCE_USE = 'SUBSTANCE_USE',
  CO_OCCURRING = 'CO_OCCURRING',
  FAMILY = 'FAMILY',
  YOUTH = 'YOUTH',
  NONE = 'NONE',
}
registerEnumType(LivedExperienceFocus, {
  name: 'LivedExperienceFocus',
  description: 'The lived-experience track a credential recognises (NONE for supervisor credentials).',
});

/** The union of the states' certification statuses; each state's own words map onto these. */
export enum CertificationStatus {
  APPLIED = 'APPLIED',
  PROVISIONAL = 'PROVISIONAL',
  ACTIVE = 'ACTIVE',
  IN_GRACE = 'IN_GRACE',
  LATE_RENEWAL = 'LATE_RENEWAL',
  EXPIRED = 'EXPIRED',
  INACTIVE = 'INACTIVE',
  SUSPENDED = 'SUSPENDED',
  REVOKED = 'REVOKED',
  RELINQUISHED = 'RELINQUISHED',
  DENIED = 'DENIED',
  CLOSED = 'CLOSED',
}
registerEnumType(CertificationStatus, {
  name: 'CertificationStatus',
  description: 'Status of a certification, unified across states.',
  valuesConfig: {
    APPLIED: { description: 'Applied for; not yet decided.' },
    PROVISIONAL: { description: 'Initial or intern certification, completing supervised hours (TX intern, NY NYCPS-P, FL CRPS-P).' },
    ACTIVE: { description: 'Full certification in force.' },
    IN_GRACE: { description: 'Past its expiry date, inside the grace period of its requirement profile.' },
    LATE_RENEWAL: { description: 'Past the grace period; renewable with a late fee until the reinstatement limit.' },
    EXPIRED: { description: 'Lapsed beyond late renewal; needs reinstatement.' },
    INACTIVE: { description: 'Set inactive at the holder\'s request or by the state (WA: inactive, retired, military).' },
    SUSPENDED: { description: 'Suspended by disciplinary action.' },
    REVOKED: { description: 'Revoked by disciplinary action.' },
    RELINQUISHED: { description: 'Given up by the holder.' },
    DENIED: { description: 'The application was denied.' },
    CLOSED: { description: 'Closed for any other reason, including the holder\'s death.' },
  },
});

export enum ApplicationKind {
  INITIAL = 'INITIAL',
  UPGRADE = 'UPGRADE',
  RENEWAL = 'RENEWAL',
  REINSTATEMENT = 'REINSTATEMENT',
}
registerEnumType(ApplicationKind, {
  name: 'ApplicationKind',
  description: 'INITIAL first certification; UPGRADE provisional to full; RENEWAL a new cycle; REINSTATEMENT after lapse.',
});

export enum ApplicationStatus {
  SUBMITTED = 'SUBMITTED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  APPROVED = 'APPROVED',
  DENIED = 'DENIED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus', description: 'Where a certification application stands.' });
