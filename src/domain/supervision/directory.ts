/**
 * The supervisor directory's values as of a day, and a supervision's status: one SQL rule each, declared as dated
 * (src/graphql/dated.ts), so that every read path (rows, nested relations, node(), filters) reads the same value.
 * - Supervisor.credentialStatus: the status on the day of the supervisor credential held, by the certification rule
 *   (certificationStatusSql). Certifications are personal; this one status of it is what a supervisor publishes.
 * - Supervisor.placesFree: capacity less the supervisions accepted and in force on the day (never below 0).
 * - Supervision.status: an ACCEPTED supervision reads ENDED from the day after its endsOn.
 */
import { declareDated, sqlValues } from '../../graphql/dated';
import { certificationStatusIsSql, certificationStatusSql } from '../credentials/lifecycle';
import { CertificationStatus } from '../credentials/enums';
import { SupervisionStatus as Status } from './enums';

/** SQL: the supervision aliased `s` is accepted and in force on `day` (an SQL date). */
export function supervisionInForceSql(s: string, day: string): string {
  return `${s}."status" = 'ACCEPTED' and ${s}."starts_on" <= ${day} and (${s}."ends_on" is null or ${s}."ends_on" >= ${day})`;
}

/** SQL: how many supervisions of the supervisor aliased `a` are in force on `day` (from supervision_accepted_index). */
export function supervisionsInForceSql(a: string, day: string): string {
  return `(select count(*)::int from "supervision" ${a}_sv where ${a}_sv."supervisor_id" = ${a}.id and ${supervisionInForceSql(`${a}_sv`, day)})`;
}

declareDated('Supervisor', 'credentialStatus', {
  sql: (a, day) => `(select ${certificationStatusSql(`${a}_sc`, day)} from "certification" ${a}_sc where ${a}_sc.id = ${a}."supervisor_certification_id")`,
  is: (a, day, value) =>
    `exists (select 1 from "certification" ${a}_sc where ${a}_sc.id = ${a}."supervisor_certification_id" and ${certificationStatusIsSql(`${a}_sc`, day, value)})`,
  values: Object.values(CertificationStatus),
  derived: 'text',
});

declareDated('Supervisor', 'placesFree', {
  sql: (a, day) => `greatest(0, ${a}."capacity" - ${supervisionsInForceSql(a, day)})`,
  values: [],
  derived: 'integer',
});

const STORED = sqlValues([Status.REQUESTED, Status.DECLINED, Status.WITHDRAWN]);

declareDated('Supervision', 'status', {
  sql: (s, day) => `(case when ${s}."status" = 'ACCEPTED' and ${s}."ends_on" < ${day} then 'ENDED' else ${s}."status" end)`,
  is: (s, day, value) => {
    if (value === Status.ACCEPTED) return `${s}."status" = 'ACCEPTED' and (${s}."ends_on" is null or ${s}."ends_on" >= ${day})`;
    if (value === Status.ENDED) return `(${s}."status" = 'ENDED' or (${s}."status" = 'ACCEPTED' and ${s}."ends_on" < ${day}))`;
    if (!STORED.includes(`'${value}'`)) throw new Error(`not a supervision status: ${value}`);
    return `${s}."status" = '${value}'`;
  },
  values: Object.values(Status),
});
