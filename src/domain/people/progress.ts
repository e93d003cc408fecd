import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, Float, ID, Info, ObjectType, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import type { Row } from '../../graphql/loaders';
import { keyArgument } from '../../graphql/mutation';
import { todayLiteral } from '../../graphql/dated';
import { DateScalar, todayUtc } from '../../graphql/scalars';
import { andAlso } from '../../sql/fragments';
import { intArray } from '../../sql/runner';
import { Certification, CredentialType } from '../credentials/entities';
import { CertificationStatus as Status } from '../credentials/enums';
import { certificationStatusSql } from '../credentials/lifecycle';
import { profileOn, requirementProfiles } from '../credentials/profiles';
import { PeerSpecialist } from './entities';

@ObjectType({
  description:
    'Where a person stands toward a credential: what is done and what is left, counted from the records the caller may read (a peer sees all of their own).',
})
export class CredentialProgress {
  credentialTypeKey!: number;
  certificationKey!: number | null;

  @Field(() => Status, { nullable: true, description: 'The status today of the person\'s certification of the credential; null when they have none.' })
  status!: Status | null;

  @Field(() => Float, {
    description:
      'Training hours done toward the credential: the contact hours of its training events (not CE courses) the person completed and passed, or, where the certifying body recorded the training as completed (trainingCompletedOn), at least the hours the profile requires.',
  })
  trainingHoursCompleted!: number;

  @Field(() => DateScalar, { nullable: true, description: 'The day the certifying body recorded the core training as completed, from the certification; null when it has not.' })
  trainingCompletedOn!: string | null;

  @Field(() => Float, { description: 'Training hours the requirement profile asks before applying.' })
  trainingHoursRequired!: number;

  @Field(() => Float, { description: 'Direct-service hours of supervised experience approved on the certification.' })
  supervisedHoursApproved!: number;

  @Field(() => Float, { description: 'Supervised hours required before full certification (0: none).' })
  supervisedHoursRequired!: number;

  @Field(() => Float, { nullable: true, description: 'CE hours completed inside the current cycle (issuedOn to expiresOn); null without a full certification.' })
  ceHoursInCycle!: number | null;

  @Field(() => Float, { description: 'CE hours a cycle requires.' })
  ceHoursRequired!: number;

  @Field(() => Float, { nullable: true, description: 'Of the CE hours in the cycle, the ethics hours.' })
  ethicsHoursInCycle!: number | null;

  @Field(() => Float, { description: 'Ethics hours a cycle requires.' })
  ethicsHoursRequired!: number;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'The next date that matters: the end of the provisional period (PROVISIONAL), the expiry (ACTIVE), the end of the grace period (IN_GRACE) or of late renewal (LATE_RENEWAL); null otherwise.',
  })
  nextDeadline!: string | null;

  @Field(() => String, { nullable: true, description: 'What happens on nextDeadline.' })
  nextDeadlineIs!: string | null;
}

interface ProgressRow {
  person_id: number;
  cert_id: number | null;
  status: Status | null;
  issued_on: string | null;
  expires_on: string | null;
  grace_ends_on: string | null;
  late_renewal_ends_on: string | null;
  training_completed_on: string | null;
  training: number;
  supervised: number;
  ce: number;
  ethics: number;
}

const loadersOfRequest = new WeakMap<HubContext, Map<number, DataLoader<number, ProgressRow>>>();

/** One statement per credential type asked about, for every person of the request: no statement per person. */
function progressLoader(ctx: HubContext, credentialType: number): DataLoader<number, ProgressRow> {
  let byType = loadersOfRequest.get(ctx);
  if (!byType) loadersOfRequest.set(ctx, (byType = new Map()));
  let loader = byType.get(credentialType);
  if (!loader) {
    const scope = ctx.loaders.scope;
    loader = new DataLoader<number, ProgressRow>(async (people) => {
      const rows = await ctx.sql.rows<ProgressRow>(
        `with people as (select unnest(?::int[]) as person_id),
         current as (
           select distinct on (c.person_id) c.* from certification c
           where c.person_id in (select person_id from people) and c.credential_type_id = ?${andAlso(scope.rows('Certification', 'c'))}
           order by c.person_id, c.status in ('DENIED', 'CLOSED', 'RELINQUISHED', 'REVOKED'), c.issued_on desc nulls last, c.id desc)
         select p.person_id, cur.id as cert_id, ${certificationStatusSql('cur', todayLiteral())} as status, cur.issued_on, cur.expires_on,
           cur.grace_ends_on, cur.late_renewal_ends_on, cur.training_completed_on,
           (select coalesce(sum(e.contact_hours), 0) from training_registration r join training_event e on e.id = r.event_id
             where r.person_id = p.person_id and r.status = 'COMPLETED' and coalesce(r.passed, true) and e.credential_type_id = ? and e.course_kind <> 'CEU'
             ${andAlso(scope.rows('TrainingRegistration', 'r'))})::float8 as training,
           (select coalesce(sum(l.direct_service_hours), 0) from supervised_experience_log l
             where l.certification_id = cur.id and l.status = 'APPROVED'${andAlso(scope.rows('SupervisedExperienceLog', 'l'))})::float8 as supervised,
           (select coalesce(sum(ce.hours), 0) from continuing_education_record ce
             where ce.certification_id = cur.id and ce.completed_on between cur.issued_on and cur.expires_on${andAlso(scope.rows('ContinuingEducationRecord', 'ce'))})::float8 as ce,
           (select coalesce(sum(ce.ethics_hours), 0) from continuing_education_record ce
             where ce.certification_id = cur.id and ce.completed_on between cur.issued_on and cur.expires_on${andAlso(scope.rows('ContinuingEducationRecord', 'ce'))})::float8 as ethics
         from people p left join current cur on cur.person_id = p.person_id`,
        [intArray(people), credentialType, credentialType],
      );
      const byPerson = new Map(rows.map((row) => [row.person_id, row]));
      return people.map((person) => byPerson.get(person)!);
    });
    byType.set(credentialType, loader);
  }
  return loader;
}

const DEADLINES: Partial<Record<Status, string>> = {
  [Status.PROVISIONAL]: 'the provisional period ends',
  [Status.ACTIVE]: 'the certification expires',
  [Status.IN_GRACE]: 'the grace period ends',
  [Status.LATE_RENEWAL]: 'late renewal ends',
};

@Resolver(() => PeerSpecialist)
export class CredentialProgressResolver {
  @FieldResolver(() => CredentialProgress, { description: 'Progress toward a credential: training, supervised hours, CE in the current cycle, and the next deadline.' })
  async progress(@Root() person: Row, @Arg('credentialTypeId', () => ID) credentialTypeId: string, @Ctx() ctx: HubContext): Promise<CredentialProgress> {
    const credentialType = keyArgument(credentialTypeId, CredentialType.name, 'credentialTypeId');
    const [row, profiles] = await Promise.all([progressLoader(ctx, credentialType).load(person.id), requirementProfiles(ctx)]);
    const today = todayUtc();
    const profile = profileOn(profiles, credentialType, row.issued_on ?? today) ?? profileOn(profiles, credentialType, today);
    const status = row.cert_id === null ? null : row.status;
    const progress = new CredentialProgress();
    progress.credentialTypeKey = credentialType;
    progress.certificationKey = row.cert_id;
    progress.status = status;
    progress.trainingHoursRequired = Number(profile?.training_hours ?? 0);
    progress.trainingCompletedOn = row.training_completed_on;
    progress.trainingHoursCompleted = row.training_completed_on === null ? row.training : Math.max(row.training, progress.trainingHoursRequired);
    progress.supervisedHoursApproved = row.supervised;
    progress.supervisedHoursRequired = Number(profile?.supervised_hours_required ?? 0);
    const full = status === Status.ACTIVE || status === Status.IN_GRACE || status === Status.LATE_RENEWAL;
    progress.ceHoursInCycle = full ? row.ce : null;
    progress.ethicsHoursInCycle = full ? row.ethics : null;
    progress.ceHoursRequired = Number(profile?.ce_hours_per_cycle ?? 0);
    progress.ethicsHoursRequired = Number(profile?.ethics_hours_per_cycle ?? 0);
    const expires = row.expires_on;
    progress.nextDeadline =
      status === null || expires === null || !DEADLINES[status]
        ? null
        : status === Status.IN_GRACE
          ? row.grace_ends_on
          : status === Status.LATE_RENEWAL
            ? row.late_renewal_ends_on
            : expires;
    progress.nextDeadlineIs = progress.nextDeadline === null ? null : DEADLINES[status!]!;
    return progress;
  }
}

@Resolver(() => CredentialProgress)
export class CredentialProgressFieldsResolver {
  @FieldResolver(() => CredentialType, { description: 'The credential.' })
  credentialType(@Root() progress: CredentialProgress, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    return ctx.loaders.byId(CredentialType.name, progress.credentialTypeKey, info);
  }

  @FieldResolver(() => Certification, { nullable: true, description: 'The person\'s certification of the credential that the figures describe.' })
  certification(@Root() progress: CredentialProgress, @Ctx() ctx: HubContext, @Info() info: GraphQLResolveInfo): Promise<Row | null> {
    return progress.certificationKey === null ? Promise.resolve(null) : ctx.loaders.byId(Certification.name, progress.certificationKey, info);
  }
}
