/**
 * When a fund takes applications: from opensOn through closesOn, both included; without closesOn, from opensOn on.
 * One rule, in SQL (fundOpenBetweenSql, fundOpenOnSql) and in code (fundOpenOn), read by the application workflow,
 * AssistanceFund.openToday and the workforce figures alike.
 */
import { dayOf } from '../../graphql/dated';
import { todayUtc } from '../../graphql/scalars';

/** SQL: the assistance_fund row aliased `f` is open on some day from `from` to `to` (SQL dates, `from` <= `to`). */
export function fundOpenBetweenSql(f: string, from: string, to: string): string {
  return `(${f}."opens_on" <= ${to} and (${f}."closes_on" is null or ${f}."closes_on" >= ${from}))`;
}

/** SQL: the fund row aliased `f` takes applications on `day` (an SQL date). */
export function fundOpenOnSql(f: string, day: string): string {
  return fundOpenBetweenSql(f, day, day);
}

/** fundOpenOnSql in code, on the fund's dates as a row gives them. */
export function fundOpenOn(opensOn: unknown, closesOn: unknown, day = todayUtc()): boolean {
  const opens = dayOf(opensOn);
  const closes = dayOf(closesOn);
  return opens !== null && opens <= day && (closes === null || closes >= day);
}
