import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks (docs/webhooks.md): the endpoints administrators register, one delivery per endpoint and event, and each
 * attempt of a delivery. A trigger on hub_event writes the deliveries in the transaction that writes the event, the
 * transaction of the change itself: the outbox, which a hub killed after the commit cannot lose.
 */
export class Migration20261206010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "webhook_endpoint" ("id" serial primary key, "url" varchar(2000) not null, "description" varchar(500) null, "event_types" text[] not null, "jurisdiction_id" int null, "secret" varchar(100) not null, "secret_created_at" timestamptz not null default current_timestamp, "secret_version" int not null default 1, "active" boolean not null default true, "created_at" timestamptz not null default current_timestamp, "created_by" varchar(255) not null);`);
    this.addSql(`comment on table "webhook_endpoint" is 'Addresses the hub POSTs signed events to (docs/webhooks.md).';`);
    this.addSql(`create index "webhook_endpoint_jurisdiction_id_index" on "webhook_endpoint" ("jurisdiction_id");`);
    this.addSql(`create index "webhook_endpoint_created_at_index" on "webhook_endpoint" ("created_at");`);

    this.addSql(`create table "webhook_delivery" ("id" serial primary key, "endpoint_id" int not null, "event_id" bigint not null, "event_type" text check ("event_type" in ('JOB_POSTING_PUBLISHED', 'JOB_POSTING_CHANGED', 'JOB_POSTING_CLOSED', 'CERTIFICATION_STATUS_CHANGED', 'CERTIFICATION_APPLICATION_DECIDED', 'ASSISTANCE_APPLICATION_DECIDED')) not null, "status" text check ("status" in ('PENDING', 'DELIVERED', 'FAILED')) not null, "attempts" int not null default 0, "next_attempt_at" timestamptz null, "last_attempt_at" timestamptz null, "last_response_status" int null, "last_error" text null, "delivered_at" timestamptz null, "created_at" timestamptz not null default current_timestamp);`);
    this.addSql(`comment on table "webhook_delivery" is 'One event for one webhook endpoint, written with the event (docs/webhooks.md).';`);
    this.addSql(`create index "webhook_delivery_event_id_index" on "webhook_delivery" ("event_id");`);
    this.addSql(`create index "webhook_delivery_created_at_index" on "webhook_delivery" ("created_at");`);
    this.addSql(`create index "webhook_delivery_due_index" on "webhook_delivery" ("endpoint_id", "next_attempt_at") where "status" = 'PENDING';`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_event_unique" unique ("endpoint_id", "event_id");`);

    this.addSql(`create table "webhook_delivery_attempt" ("id" serial primary key, "delivery_id" int not null, "attempted_at" timestamptz not null, "response_status" int null, "error" text null, "duration_ms" int not null);`);
    this.addSql(`comment on table "webhook_delivery_attempt" is 'Each attempt of a webhook delivery (docs/webhooks.md).';`);
    this.addSql(`create index "webhook_delivery_attempt_delivery_id_index" on "webhook_delivery_attempt" ("delivery_id");`);
    this.addSql(`create index "webhook_delivery_attempt_attempted_at_index" on "webhook_delivery_attempt" ("attempted_at");`);

    this.addSql(`alter table "webhook_endpoint" add constraint "webhook_endpoint_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoint" ("id") on update cascade;`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_event_id_foreign" foreign key ("event_id") references "hub_event" ("id") on update cascade;`);

    this.addSql(`alter table "webhook_delivery_attempt" add constraint "webhook_delivery_attempt_delivery_id_foreign" foreign key ("delivery_id") references "webhook_delivery" ("id") on update cascade;`);

    // every active endpoint of the event's type (and of its state, where the endpoint names one) gets a delivery
    this.addSql(`create function hub_event_webhook_deliveries() returns trigger language plpgsql as $$
      begin
        insert into webhook_delivery (endpoint_id, event_id, event_type, status, next_attempt_at)
        select w.id, e.id, e.type, 'PENDING', now()
        from new_events e join webhook_endpoint w on w.active and e.type = any (w.event_types)
          and (w.jurisdiction_id is null or w.jurisdiction_id = e.jurisdiction_id)
        order by e.id, w.id;
        return null;
      end $$;`);
    this.addSql(`create trigger hub_event_webhook_deliveries after insert on "hub_event" referencing new table as new_events
      for each statement execute function hub_event_webhook_deliveries();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger hub_event_webhook_deliveries on "hub_event";`);
    this.addSql(`drop function hub_event_webhook_deliveries();`);
    this.addSql(`drop table "webhook_delivery_attempt";`);
    this.addSql(`drop table "webhook_delivery";`);
    this.addSql(`drop table "webhook_endpoint";`);
  }
}
