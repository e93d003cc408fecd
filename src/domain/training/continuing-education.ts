import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, Float, ID, InputType, Info, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/viewer';
import type { HubContext } from '../../graphql/context';
import { badInput, conflict } from '../../errors';
import type { Row } from '../../graphql/loaders';
import { keyArgument, mutate, requireRole } from '../../graphql/mutation';
import { DateScalar, todayUtc } from '../../graphql/scalars';
import { CertificationStatus } from '../credentials/enums';
import { hoursArgument, textArgument } from '../supervision/workflow';
import { ContinuingEducationRecord } from './entities';

const RECORD = ContinuingEducationRecord.name;
/** The most hours one record may carry: a long course, not a cycle's worth typed in one go. */
export const MAX_CE_HOURS = 100;
const MAX_TEXT = 200;
/** Certifications that never were or no longer can be in force: CE is not recorded toward them. */
const CLOSED_TO_CE = [CertificationStatus.APPLIED, CertificationStatus.DENIED, CertificationStatus.REVOKED, CertificationStatus.CLOSED] as const;

@InputType({ description: 'Continuing education completed, credited to a certification.' })
export class RecordContinuingEducationInput {
  @Field(() => ID, { description: 'The certification the hours count toward: your own as PEER.' })
  certificationId!: string;

  @Field(() => String, { description: `The course, 1 to ${MAX_TEXT} characters.` })
  title!: string;

  @Field(() => String, { description: `Who gave it, 1 to ${MAX_TEXT} characters.` })
  provider!: string;

  @Field(() => Float, { description: `Hours earned, above 0 and at most ${MAX_CE_HOURS}.` })
  hours!: number;

  @Field(() => Float, { nullable: true, description: 'Of those hours, how many were ethics (0 when left out).' })
  ethicsHours?: number | null;

  @Field(() => DateScalar, { description: 'The day completed: not in the future, not before the certification was first issued.' })
  completedOn!: string;

  @Field(() => ID, { nullable: true, description: 'The training event, when the course was one of the hub\'s.' })
  trainingEventId?: string | null;

  @Field(() => String, { nullable: true, description: 'Repeat the call with the same key to get the first result back without writing again.' })
  idempotencyKey?: string | null;
}

interface CertificationRow {
  id: number;
  person_id: number;
  jurisdiction_id: number;
  status: CertificationStatus;
  first_issued_on: string | null;
  issued_on: string | null;
}

@Resolver()
export class ContinuingEducationWorkflowResolver {
  @Mutation(() => ContinuingEducationRecord, {
    description: `Record continuing education toward a certification (PEER for their own, ADMIN): above 0 and at most ${MAX_CE_HOURS} hours (ethics hours part of them), completed since the certification was first issued and not in the future. Not toward a certification APPLIED, DENIED, REVOKED or CLOSED (CONFLICT); a training event is credited once per certification (CONFLICT).`,
  })
  recordContinuingEducation(
    @Arg('input', () => RecordContinuingEducationInput) input: RecordContinuingEducationInput,
    @Ctx() ctx: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row | null> {
    requireRole(ctx, 'recordContinuingEducation', [Role.PEER, Role.ADMIN]);
    // ids are checked before the transaction opens: a malformed one costs no round trip
    keyArgument(input.certificationId, 'Certification', 'input.certificationId');
    const eventKey = input.trainingEventId == null ? null : keyArgument(input.trainingEventId, 'TrainingEvent', 'input.trainingEventId');
    const title = textArgument(input.title, 'input.title', MAX_TEXT);
    const provider = textArgument(input.provider, 'input.provider', MAX_TEXT);
    const hours = hoursArgument(input.hours, 'input.hours', MAX_CE_HOURS, 0, false);
    const ethicsHours = input.ethicsHours == null ? 0 : hoursArgument(input.ethicsHours, 'input.ethicsHours', MAX_CE_HOURS);
    if (ethicsHours > hours) throw badInput(`input.ethicsHours (${ethicsHours}) is more than input.hours (${hours}): ethics hours are part of the hours`, { argument: 'input.ethicsHours' });
    if (input.completedOn > todayUtc()) throw badInput(`input.completedOn (${input.completedOn}) is in the future`, { argument: 'input.completedOn' });

    return mutate(ctx, info, { action: 'recordContinuingEducation', resultType: RECORD, idempotencyKey: input.idempotencyKey }, async (tx) => {
      const certification = await tx.named<CertificationRow>('Certification', input.certificationId, 'input.certificationId');
      if ((CLOSED_TO_CE as readonly string[]).includes(certification.status)) {
        throw conflict(`certification ${input.certificationId} is ${certification.status}: continuing education is recorded toward a certification that is or was issued and may still be renewed`, undefined, {
          argument: 'input.certificationId',
          currentStatus: certification.status,
        });
      }
      const firstIssuedOn = certification.first_issued_on ?? certification.issued_on;
      if (firstIssuedOn === null) {
        throw conflict(`certification ${input.certificationId} has never been issued: continuing education counts from its first issue`, undefined, { argument: 'input.certificationId' });
      }
      if (input.completedOn < firstIssuedOn) {
        throw badInput(`input.completedOn (${input.completedOn}) is before the certification was first issued (${firstIssuedOn})`, { argument: 'input.completedOn' });
      }
      if (eventKey !== null) {
        await tx.named('TrainingEvent', input.trainingEventId!, 'input.trainingEventId', { lock: false });
        // the certification's row lock makes two records of one event take turns: the second finds the first
        const credited = await tx.one(`select id from "continuing_education_record" where "certification_id" = ? and "training_event_id" = ?`, [certification.id, eventKey]);
        if (credited) {
          throw conflict(`training event ${input.trainingEventId} is already credited to certification ${input.certificationId}`, undefined, { argument: 'input.trainingEventId' });
        }
      }
      const [{ id }] = await tx.rows<{ id: number }>(
        `insert into "continuing_education_record" ("person_id", "certification_id", "training_event_id", "title", "provider", "hours", "ethics_hours", "completed_on")
         values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        [certification.person_id, certification.id, eventKey, title, provider, hours, ethicsHours, input.completedOn],
      );
      await tx.audit(RECORD, id, null, certification.jurisdiction_id);
      return id;
    });
  }
}
