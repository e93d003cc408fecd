/** Who is asking: the role and scope a verified token grants, or PUBLIC without a token. */
export enum Role {
  PUBLIC = 'PUBLIC',
  PEER = 'PEER',
  EMPLOYER = 'EMPLOYER',
  SUPERVISOR = 'SUPERVISOR',
  FUND_REVIEWER = 'FUND_REVIEWER',
  STATE_ANALYST = 'STATE_ANALYST',
  ADMIN = 'ADMIN',
}

export const ROLES = Object.values(Role);

export interface Viewer {
  role: Role;
  /** The token's `sub`; null for PUBLIC. */
  subject: string | null;
  /** USPS codes of the jurisdictions the token is scoped to (claim `jurisdictions`), upper case. */
  jurisdictions: string[];
  /** Key of the employer an EMPLOYER token acts for (claim `employerId`, a global id of an Employer). */
  employerId: number | null;
  /** Key of the person a PEER or SUPERVISOR token is (claim `peerId`, a global id of a PeerSpecialist). */
  peerId: number | null;
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({ role: Role.PUBLIC, subject: null, jurisdictions: [], employerId: null, peerId: null }) as Viewer;
