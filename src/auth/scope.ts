import { quoteIdent } from '../sql/identifiers';
import { Role, type Viewer } from './viewer';
import { PUBLIC_ROWS, type RowCondition } from './visibility';

/** How a row without a jurisdiction of its own belongs to one: through this relation. */
const JURISDICTION_VIA: Record<string, string> = {
  RequirementProfile: 'credentialType',
  ServiceProgram: 'employer',
  Employment: 'employer',
  SupervisedExperienceLog: 'certification',
  Supervision: 'supervisor',
  AssistanceApplication: 'fund',
  TrainingRegistration: 'event',
  ContinuingEducationRecord: 'certification',
};

/** The relation that names the person a personal record is about. */
const PERSON_VIA: Record<string, string> = {
  Certification: 'person',
  CertificationApplication: 'person',
  Employment: 'person',
  TrainingRegistration: 'person',
  ContinuingEducationRecord: 'person',
  SupervisedExperienceLog: 'person',
  Supervision: 'person',
  AssistanceApplication: 'applicant',
  Supervisor: 'person',
};

/** Types only administrators read: the webhooks (their addresses, and what was sent where). */
const ADMIN_ONLY = new Set(['WebhookEndpoint', 'WebhookDelivery', 'WebhookDeliveryAttempt']);

/** Contact details, birth year and names beyond the public licence lookup's "first last". */
const PERSONAL_COLUMNS: Record<string, ReadonlySet<string>> = {
  PeerSpecialist: new Set(['middleName', 'email', 'phone', 'birthYear', 'postalCode']),
};

/** What the scope reads of the tables; the catalog (src/graphql/catalog.ts) answers it from the ORM's metadata. */
export interface ScopeTables {
  get(typeName: string): { table: string; foreignKeys: ReadonlyMap<string, string>; references: ReadonlyMap<string, string> };
}

/**
 * The rows and personal columns a viewer may read, as SQL conditions: the one mechanism every read goes through
 * (root pages and their counts, rows by id, nested relations and their counts, and the subqueries of filters), so
 * that no path can return, count or reveal a row out of scope. Values are validated integers and USPS codes,
 * written into the SQL as literals.
 */
export class Scope {
  private readonly jurisdictionIds: string;
  /** What the conditions depend on, and nothing else: equal keys, equal conditions. */
  readonly key: string;

  constructor(private readonly viewer: Viewer, private readonly catalog: ScopeTables) {
    if (!viewer.jurisdictions.every((code) => /^[A-Z]{2}$/.test(code))) throw new Error('jurisdiction codes must be validated USPS codes');
    for (const key of [viewer.peerId, viewer.employerId]) if (key !== null && !Number.isSafeInteger(key)) throw new Error('keys must be integers');
    const codes = viewer.jurisdictions.length ? viewer.jurisdictions.map((code) => `'${code}'`).join(', ') : 'null';
    this.jurisdictionIds = `(select sj.id from "jurisdiction" sj where sj."code" in (${codes}))`;
    this.key = JSON.stringify([viewer.role, [...viewer.jurisdictions].sort(), viewer.employerId, viewer.peerId]);
  }

  /**
   * What reads of these types depend on in this scope: viewers with equal keys for the types a document reads read the
   * same rows and columns of them (subscribers sharing one run, src/http/live/). The role and states are part of it
   * for the rules beside the rows (the disclosure of small counts); the person and the employer only as far as the
   * conditions on these types name them.
   */
  keyFor(typeNames: Iterable<string>): string {
    const conditions = [...new Set(typeNames)].sort().map((type) => [type, this.rows(type, 't'), this.columnRules(type)]);
    return JSON.stringify([this.viewer.role, [...this.viewer.jurisdictions].sort(), conditions]);
  }

  private columnRules(typeName: string): (string | null)[] | null {
    const personal = PERSONAL_COLUMNS[typeName];
    if (!personal) return null;
    return [...personal].map((key) => {
      const rule = this.column(typeName, key);
      return typeof rule === 'function' ? rule('t') : rule;
    });
  }

  /** The condition a row of the type must meet to be read, or null when every row may be. */
  rows(typeName: string, alias: string): string | null {
    if (this.viewer.role === Role.ADMIN) return null;
    const open = PUBLIC_ROWS[typeName];
    if (open === 'all') return null;
    const conditions = [...(open ? [open(alias)] : []), ...this.grants(typeName, alias)];
    if (!conditions.length) return 'false';
    return conditions.length === 1 ? conditions[0] : `(${conditions.join(' or ')})`;
  }

  /** How a column is read: as it is (null), never ('hidden'), or only on rows meeting a condition. */
  column(typeName: string, key: string): null | 'hidden' | RowCondition {
    if (!PERSONAL_COLUMNS[typeName]?.has(key)) return null;
    const { role, peerId } = this.viewer;
    // analysts and administrators read personal fields of every person they may read; a person reads their own
    if (role === Role.ADMIN || role === Role.STATE_ANALYST || role === Role.PEER) return null;
    if (role === Role.SUPERVISOR) return (alias) => `${alias}.id = ${peerId}`;
    return 'hidden';
  }

  private fk(typeName: string, relation: string, alias: string): string {
    return `${alias}.${quoteIdent(this.catalog.get(typeName).foreignKeys.get(relation)!)}`;
  }

  private table(typeName: string): string {
    return quoteIdent(this.catalog.get(typeName).table);
  }

  /** The row belongs to one of the viewer's jurisdictions: its own, or that of the row it hangs from. */
  private inJurisdictions(typeName: string, alias: string): string {
    if (typeName === 'Jurisdiction') return `${alias}.id in ${this.jurisdictionIds}`;
    if (this.catalog.get(typeName).foreignKeys.has('jurisdiction')) return `${this.fk(typeName, 'jurisdiction', alias)} in ${this.jurisdictionIds}`;
    const via = JURISDICTION_VIA[typeName];
    const parent = this.catalog.get(typeName).references.get(via)!;
    const p = `${alias}_j`;
    return `exists (select 1 from ${this.table(parent)} ${p} where ${p}.id = ${this.fk(typeName, via, alias)} and ${this.inJurisdictions(parent, p)})`;
  }

  /** The row is about the person (their own record). */
  private about(typeName: string, alias: string, personKey: number): string | null {
    if (typeName === 'PeerSpecialist') return `${alias}.id = ${personKey}`;
    const via = PERSON_VIA[typeName];
    return via ? `${this.fk(typeName, via, alias)} = ${personKey}` : null;
  }

  private grants(typeName: string, alias: string): string[] {
    const { role, peerId, employerId } = this.viewer;
    if (ADMIN_ONLY.has(typeName)) return [];
    switch (role) {
      case Role.STATE_ANALYST:
        if (typeName === 'PeerSpecialist') return this.peopleOfJurisdictions(alias);
        // who asks whom for supervision is the intern's and the supervisor's (and administrators')
        if (typeName === 'Supervision') return [];
        return [this.inJurisdictions(typeName, alias)];
      case Role.FUND_REVIEWER: {
        if (typeName === 'AssistanceApplication') return [this.inJurisdictions(typeName, alias)];
        if (typeName !== 'PeerSpecialist') return [];
        const a = `${alias}_a`;
        return [`exists (select 1 from ${this.table('AssistanceApplication')} ${a} where ${this.fk('AssistanceApplication', 'applicant', a)} = ${alias}.id and ${this.inJurisdictions('AssistanceApplication', a)})`];
      }
      case Role.EMPLOYER: {
        if (['JobPosting', 'Employment'].includes(typeName)) return [`${this.fk(typeName, 'employer', alias)} = ${employerId}`];
        if (typeName !== 'PeerSpecialist') return [];
        // the employer's own staff: people it employs or who supervise there
        return ['Employment', 'Supervisor'].map((staff) => {
          const s = `${alias}_${staff === 'Employment' ? 'e' : 's'}`;
          return `exists (select 1 from ${this.table(staff)} ${s} where ${this.fk(staff, 'person', s)} = ${alias}.id and ${this.fk(staff, 'employer', s)} = ${employerId})`;
        });
      }
      case Role.PEER:
      case Role.SUPERVISOR: {
        const own = this.about(typeName, alias, peerId!);
        const grants = own ? [own] : [];
        if (role === Role.SUPERVISOR) grants.push(...this.supervisees(typeName, alias, peerId!));
        return grants;
      }
      default:
        return [];
    }
  }

  /**
   * The people of a state: who live there, and who hold or seek its credentials or work for its employers, so that
   * an analyst reads the holder of every certification the state issued, wherever the holder lives.
   */
  private peopleOfJurisdictions(alias: string): string[] {
    const records = ['Certification', 'CertificationApplication', 'Employment'].map((type) => {
      const r = `${alias}_${type === 'Certification' ? 'c' : type === 'Employment' ? 'e' : 'a'}`;
      return `exists (select 1 from ${this.table(type)} ${r} where ${this.fk(type, 'person', r)} = ${alias}.id and ${this.inJurisdictions(type, r)})`;
    });
    return [this.inJurisdictions('PeerSpecialist', alias), ...records];
  }

  /**
   * A supervisor reads the hours logged under their supervision, the requests for supervision made to them, and the
   * people who logged or asked.
   */
  private supervisees(typeName: string, alias: string, supervisorPerson: number): string[] {
    const mine = `(select ms.id from ${this.table('Supervisor')} ms where ${this.fk('Supervisor', 'person', 'ms')} = ${supervisorPerson})`;
    if (typeName === 'SupervisedExperienceLog' || typeName === 'Supervision') return [`${this.fk(typeName, 'supervisor', alias)} in ${mine}`];
    if (typeName !== 'PeerSpecialist') return [];
    return ['SupervisedExperienceLog', 'Supervision'].map((type) => {
      const l = `${alias}_${type === 'Supervision' ? 'r' : 'l'}`;
      return `exists (select 1 from ${this.table(type)} ${l} where ${this.fk(type, 'person', l)} = ${alias}.id and ${this.fk(type, 'supervisor', l)} in ${mine})`;
    });
  }
}
