import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id';
import type { Row } from '../../graphql/loaders';
import { fieldNeeds } from '../../graphql/plan';
import { entityResolver } from '../../graphql/entity-resolver';
import { toOne } from '../../graphql/relations';
import { Jurisdiction } from '../jurisdictions/entities';
import { AuditRecord } from './entities';

/** Analysts read the audit records of their states, administrators all of them (src/auth/scope.ts). */
@Resolver(() => AuditRecord)
export class AuditRecordResolver extends entityResolver(AuditRecord, {
  byId: 'auditRecord',
  list: 'auditRecords',
  relations: {
    jurisdiction: toOne(() => Jurisdiction, 'jurisdiction', { nullable: true, description: 'The state of the changed record; null for records of no state.' }),
  },
}) {
  @FieldResolver(() => ID, { description: 'Global id of the changed record (node(id) reads it as it is now).' })
  entityId(@Root() row: Row): string {
    return toGlobalId(row.entityType as string, row.entityKey as number);
  }
}

fieldNeeds(AuditRecord, 'entityId', { columns: ['entityType', 'entityKey'] });
