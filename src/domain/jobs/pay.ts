/**
 * A posting's pay as cents per hour, in float8 SQL on the job_posting row aliased `alias`: the middle of its range,
 * (payMinCents + payMaxCents) / 2, as it is for HOUR, divided by 8 for DAY, by 40 for WEEK, by 2,080 for YEAR, and
 * times 12 divided by 2,080 for MONTH. The one definition behind every pay figure of the hub.
 */
export function hourlyPayCentsSql(alias: string): string {
  const midpoint = `((${alias}."pay_min_cents"::float8 + ${alias}."pay_max_cents") / 2)`;
  return `(case ${alias}."pay_unit" when 'HOUR' then ${midpoint} when 'DAY' then ${midpoint} / 8 when 'WEEK' then ${midpoint} / 40 when 'MONTH' then ${midpoint} * 12 / 2080 when 'YEAR' then ${midpoint} / 2080 end)`;
}
