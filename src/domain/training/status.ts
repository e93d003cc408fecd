import { dayOf, declareDated } from '../../graphql/dated';
import { todayUtc } from '../../graphql/scalars';
import { TrainingEventStatus } from './enums';

/**
 * A SCHEDULED event whose last day (endsOn) is before today (UTC) reads COMPLETED: nothing stores COMPLETED when an
 * event ends, and every read of the status (rows, node(), nested relations, filters, orderings, cursors) says so from
 * the day after, so that no course is listed as still to come. CANCELLED and COMPLETED read as recorded.
 */
export function trainingEventStatusSql(e: string, day: string): string {
  return `(case when ${e}."status" = 'SCHEDULED' and ${e}."ends_on" < ${day} then 'COMPLETED' else ${e}."status" end)`;
}

/** SQL equivalent to `trainingEventStatusSql(e, day) = status` (ends_on is never null), on the stored columns, so the status index serves it. */
export function trainingEventStatusIsSql(e: string, day: string, status: string): string {
  switch (status) {
    case TrainingEventStatus.SCHEDULED:
      return `(${e}."status" = 'SCHEDULED' and ${e}."ends_on" >= ${day})`;
    case TrainingEventStatus.COMPLETED:
      return `(${e}."status" = 'COMPLETED' or (${e}."status" = 'SCHEDULED' and ${e}."ends_on" < ${day}))`;
    default:
      if (!(Object.values(TrainingEventStatus) as string[]).includes(status)) throw new Error(`not a training event status: ${status}`);
      return `${e}."status" = '${status}'`;
  }
}

declareDated('TrainingEvent', 'status', { sql: trainingEventStatusSql, is: trainingEventStatusIsSql, values: Object.values(TrainingEventStatus) });

/** trainingEventStatusSql in code: COMPLETED for a SCHEDULED event whose endsOn is before the day, else the stored status. */
export function trainingEventStatusAsRead(status: string, endsOn: unknown, today = todayUtc()): TrainingEventStatus {
  const ends = dayOf(endsOn);
  if (status === TrainingEventStatus.SCHEDULED && ends !== null && ends < today) return TrainingEventStatus.COMPLETED;
  return status as TrainingEventStatus;
}
