import { Migration } from '@mikro-orm/migrations';

/**
 * The hub's events (docs/live.md): a row in hub_event for every change subscribers and webhooks are told of, written
 * by triggers in the transaction of the change, whoever makes it (a mutation, the status sweep, a roster import, SQL
 * of an operator), and announced on the channel `hub_event` when that transaction commits.
 *
 * Statement-level triggers with transition tables: an import that writes thousands of rows runs each trigger once.
 * `set local hub.events = 'off'` (the sample data's loader) writes none.
 */
/** The tables whose writes live queries re-read on (the data any read shows). */
const DATA_TABLES = [
  'jurisdiction', 'certifying_body', 'credential_type', 'requirement_profile', 'peer_specialist', 'certification',
  'certification_application', 'training_organization', 'training_event', 'training_registration',
  'continuing_education_record', 'employer', 'service_program', 'employment', 'supervisor', 'supervision',
  'supervised_experience_log', 'assistance_fund', 'assistance_application', 'job_posting',
  'job_posting_accepted_credential_type',
];

export class Migration20261206000000 extends Migration {
  override async up(): Promise<void> {
    // one announcement per table a transaction wrote (PostgreSQL folds equal payloads of one transaction into one)
    this.addSql(`create function hub_data_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('hub_data_changed', tg_table_name);
        return null;
      end $$;`);
    for (const table of DATA_TABLES) {
      this.addSql(`create trigger ${table}_data_changed after insert or update or delete or truncate on "${table}"
        for each statement execute function hub_data_changed();`);
    }

    this.addSql(`create table "hub_event" (
      "id" bigserial primary key,
      "occurred_at" timestamptz not null default clock_timestamp(),
      "type" text not null,
      "entity_type" text not null,
      "entity_key" int not null,
      "jurisdiction_id" int null,
      "employer_id" int null,
      "data" jsonb not null default '{}'
    );`);
    this.addSql(`create index "hub_event_occurred_at_index" on "hub_event" ("occurred_at");`);
    this.addSql(`comment on table "hub_event" is 'Changes subscribers and webhooks are told of, written by triggers with the change (docs/live.md).';`);

    // announces each event as the transaction that wrote it commits; the payload is the row, well under NOTIFY's 8,000 bytes
    this.addSql(`create function hub_event_announce() returns trigger language plpgsql as $$
      begin
        perform pg_notify('hub_event', json_build_object(
          'id', e.id, 'type', e.type, 'entityType', e.entity_type, 'entityKey', e.entity_key,
          'jurisdictionId', e.jurisdiction_id, 'employerId', e.employer_id, 'data', e.data, 'occurredAt', e.occurred_at)::text)
        from new_events e;
        return null;
      end $$;`);
    this.addSql(`create trigger hub_event_announce after insert on "hub_event" referencing new table as new_events
      for each statement execute function hub_event_announce();`);

    // job postings: changed on every change (a new one too), published when one becomes OPEN, closed when one stops being OPEN
    this.addSql(`create function hub_job_posting_events() returns trigger language plpgsql as $$
      begin
        if current_setting('hub.events', true) = 'off' then return null; end if;
        if tg_op = 'INSERT' then
          insert into hub_event (type, entity_type, entity_key, jurisdiction_id, employer_id, data)
          select kind.type, 'JobPosting', n.id, n.jurisdiction_id, n.employer_id, jsonb_build_object('status', n.status, 'previousStatus', null)
          from new_rows n
          cross join lateral (values (1, 'JOB_POSTING_CHANGED', true), (2, 'JOB_POSTING_PUBLISHED', n.status = 'OPEN')) as kind(rank, type, applies)
          where kind.applies order by n.id, kind.rank;
        else
          insert into hub_event (type, entity_type, entity_key, jurisdiction_id, employer_id, data)
          select kind.type, 'JobPosting', n.id, n.jurisdiction_id, n.employer_id, jsonb_build_object('status', n.status, 'previousStatus', o.status)
          from new_rows n join old_rows o on o.id = n.id
          cross join lateral (values
            (1, 'JOB_POSTING_CHANGED', true),
            (2, 'JOB_POSTING_PUBLISHED', n.status = 'OPEN' and o.status <> 'OPEN'),
            (3, 'JOB_POSTING_CLOSED', o.status = 'OPEN' and n.status <> 'OPEN')
          ) as kind(rank, type, applies)
          where kind.applies and row(o.*) is distinct from row(n.*)
          order by n.id, kind.rank;
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger job_posting_events_insert after insert on "job_posting" referencing new table as new_rows
      for each statement execute function hub_job_posting_events();`);
    this.addSql(`create trigger job_posting_events_update after update on "job_posting" referencing old table as old_rows new table as new_rows
      for each statement execute function hub_job_posting_events();`);

    // certifications: a new one, or a change of status
    this.addSql(`create function hub_certification_events() returns trigger language plpgsql as $$
      begin
        if current_setting('hub.events', true) = 'off' then return null; end if;
        if tg_op = 'INSERT' then
          insert into hub_event (type, entity_type, entity_key, jurisdiction_id, data)
          select 'CERTIFICATION_STATUS_CHANGED', 'Certification', n.id, n.jurisdiction_id, jsonb_build_object('status', n.status, 'previousStatus', null)
          from new_rows n order by n.id;
        else
          insert into hub_event (type, entity_type, entity_key, jurisdiction_id, data)
          select 'CERTIFICATION_STATUS_CHANGED', 'Certification', n.id, n.jurisdiction_id, jsonb_build_object('status', n.status, 'previousStatus', o.status)
          from new_rows n join old_rows o on o.id = n.id
          where n.status is distinct from o.status order by n.id;
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger certification_events_insert after insert on "certification" referencing new table as new_rows
      for each statement execute function hub_certification_events();`);
    this.addSql(`create trigger certification_events_update after update on "certification" referencing old table as old_rows new table as new_rows
      for each statement execute function hub_certification_events();`);

    // applications: decided when approved or denied
    this.addSql(`create function hub_certification_application_events() returns trigger language plpgsql as $$
      begin
        if current_setting('hub.events', true) = 'off' then return null; end if;
        insert into hub_event (type, entity_type, entity_key, jurisdiction_id, data)
        select 'CERTIFICATION_APPLICATION_DECIDED', 'CertificationApplication', n.id, n.jurisdiction_id, jsonb_build_object('status', n.status, 'previousStatus', o.status)
        from new_rows n join old_rows o on o.id = n.id
        where n.status in ('APPROVED', 'DENIED') and n.status is distinct from o.status order by n.id;
        return null;
      end $$;`);
    this.addSql(`create trigger certification_application_events after update on "certification_application" referencing old table as old_rows new table as new_rows
      for each statement execute function hub_certification_application_events();`);

    this.addSql(`create function hub_assistance_application_events() returns trigger language plpgsql as $$
      begin
        if current_setting('hub.events', true) = 'off' then return null; end if;
        insert into hub_event (type, entity_type, entity_key, jurisdiction_id, data)
        select 'ASSISTANCE_APPLICATION_DECIDED', 'AssistanceApplication', n.id, f.jurisdiction_id, jsonb_build_object('status', n.status, 'previousStatus', o.status)
        from new_rows n join old_rows o on o.id = n.id join assistance_fund f on f.id = n.fund_id
        where n.status in ('APPROVED', 'DENIED', 'WAITLISTED') and n.status is distinct from o.status order by n.id;
        return null;
      end $$;`);
    this.addSql(`create trigger assistance_application_events after update on "assistance_application" referencing old table as old_rows new table as new_rows
      for each statement execute function hub_assistance_application_events();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger assistance_application_events on "assistance_application";`);
    this.addSql(`drop trigger certification_application_events on "certification_application";`);
    this.addSql(`drop trigger certification_events_update on "certification";`);
    this.addSql(`drop trigger certification_events_insert on "certification";`);
    this.addSql(`drop trigger job_posting_events_update on "job_posting";`);
    this.addSql(`drop trigger job_posting_events_insert on "job_posting";`);
    this.addSql(`drop function hub_assistance_application_events();`);
    this.addSql(`drop function hub_certification_application_events();`);
    this.addSql(`drop function hub_certification_events();`);
    this.addSql(`drop function hub_job_posting_events();`);
    this.addSql(`drop table "hub_event";`);
    this.addSql(`drop function hub_event_announce();`);
    for (const table of DATA_TABLES) this.addSql(`drop trigger ${table}_data_changed on "${table}";`);
    this.addSql(`drop function hub_data_changed();`);
  }
}
