/** A condition on a row aliased `alias`. */
export type RowCondition = (alias: string) => string;

const declaredConditions = new Map<string, RowCondition>();

/** The condition under which anyone reads rows of a type, declared by its area where the rule lives. */
export function declarePublicRows(typeName: string, condition: RowCondition): void {
  declaredConditions.set(typeName, condition);
}

/** Asked for before its area declared it, the condition fails loudly rather than show or hide rows. */
function declaredBy(typeName: string, declarer: string): RowCondition {
  return (alias) => {
    const condition = declaredConditions.get(typeName);
    if (!condition) throw new Error(`the public ${typeName} rows are declared by ${declarer}, which was not loaded`);
    return condition(alias);
  };
}

/**
 * What anyone may read, token or not: the reference data, employers and the programs they run, training, the funds
 * one can apply to, supervisors (the directory an intern finds supervision in: state, employer, basis, capacity,
 * what they publish and their places free; their person, certification and supervisees, the requests for supervision
 * among them, stay personal), and open job postings not past their valid-through.
 * Every other type is personal data, read only under a role's grant.
 */
export const PUBLIC_ROWS: Record<string, 'all' | RowCondition> = {
  Jurisdiction: 'all',
  CertifyingBody: 'all',
  CredentialType: 'all',
  RequirementProfile: 'all',
  Employer: 'all',
  ServiceProgram: 'all',
  TrainingOrganization: 'all',
  TrainingEvent: 'all',
  AssistanceFund: 'all',
  Supervisor: 'all',
  // OPEN and not past its valid-through: a posting that reads as EXPIRED is no longer advertised
  JobPosting: declaredBy('JobPosting', 'src/domain/jobs/status.ts'),
};

/** Types every caller may read in full: a relation to one of them is never hidden. */
export function isPublicType(typeName: string): boolean {
  return PUBLIC_ROWS[typeName] === 'all';
}

