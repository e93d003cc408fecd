import { declareComputed } from '../../graphql/computed';

/** The registrations that hold a seat of an event: REGISTERED, or COMPLETED after it (as the workflow counts them). */
export const SEAT_HOLDING = `('REGISTERED', 'COMPLETED')`;

/**
 * TrainingEvent.seatsLeft, in the statement that reads the event: its seats minus the registrations holding one,
 * counted on the registrations' event index. Only the count leaves the subquery, so a caller without a token reads
 * how many seats are left and nothing about who took the others.
 */
export function seatsLeftSql(e: string): string {
  return `greatest(${e}."seats" - (select count(*) from "training_registration" sr where sr."event_id" = ${e}.id and sr."status" in ${SEAT_HOLDING})::int, 0)`;
}

declareComputed('TrainingEvent', 'seatsLeft', { kind: 'integer', sql: seatsLeftSql });
