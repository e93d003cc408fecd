/**
 * How long the hub keeps its events and their webhook deliveries (EVENT_RETENTION_DAYS, docs/live.md): past it,
 * deliveries settled (DELIVERED or FAILED) go with their attempts, then events no delivery still names. A delivery
 * still PENDING keeps its event whatever its age.
 */
export type Execute = (sql: string) => Promise<unknown>;

export async function pruneEvents(execute: Execute, retentionDays: number): Promise<void> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new Error('retention days must be a positive integer');
  const before = `now() - interval '${retentionDays} days'`;
  await execute(`delete from webhook_delivery_attempt a using webhook_delivery d
    where a.delivery_id = d.id and d.status <> 'PENDING' and d.created_at < ${before}`);
  await execute(`delete from webhook_delivery d where d.status <> 'PENDING' and d.created_at < ${before}`);
  await execute(`delete from hub_event e where e.occurred_at < ${before} and not exists (select 1 from webhook_delivery d where d.event_id = e.id)`);
}
