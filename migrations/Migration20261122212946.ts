import { Migration } from '@mikro-orm/migrations';

export class Migration20261122212946 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "jurisdiction" ("id" serial primary key, "code" varchar(2) not null, "name" varchar(255) not null, "fips_code" varchar(2) not null, "population" int not null, "population_year" int not null, "sources" jsonb not null, constraint jurisdiction_population_check check (population > 0 and population_year >= 1900 and population_year <= 2100), constraint jurisdiction_codes_check check (code ~ '^[A-Z]{2}\$' and fips_code ~ '^[0-9]{2}\$'));`);
    this.addSql(`alter table "jurisdiction" add constraint "jurisdiction_code_unique" unique ("code");`);
    this.addSql(`alter table "jurisdiction" add constraint "jurisdiction_fips_code_unique" unique ("fips_code");`);

    this.addSql(`create table "employer" ("id" serial primary key, "synthetic" boolean not null default false, "jurisdiction_id" int not null, "name" varchar(255) not null, "kind" text check ("kind" in ('COMMUNITY_MENTAL_HEALTH_CENTER', 'PEER_RUN_ORGANIZATION', 'HOSPITAL', 'CRISIS_PROVIDER', 'RESIDENTIAL_TREATMENT', 'COUNTY_AGENCY', 'LOCAL_MENTAL_HEALTH_AUTHORITY', 'OTHER')) not null, "city" varchar(255) not null, "postal_code" varchar(10) null, "website" varchar(255) null);`);
    this.addSql(`create index "employer_synthetic_index" on "employer" ("synthetic");`);
    this.addSql(`create index "employer_jurisdiction_id_index" on "employer" ("jurisdiction_id");`);
    this.addSql(`create index "employer_name_index" on "employer" ("name");`);
    this.addSql(`create index "employer_kind_index" on "employer" ("kind");`);
    this.addSql(`create index "employer_city_index" on "employer" ("city");`);

    this.addSql(`create table "certifying_body" ("id" serial primary key, "jurisdiction_id" int not null, "name" varchar(255) not null, "kind" text check ("kind" in ('STATE_AGENCY', 'CERTIFICATION_BOARD', 'HEALTH_DEPARTMENT', 'OTHER')) not null, "website" varchar(255) null, "sources" jsonb not null);`);
    this.addSql(`create index "certifying_body_jurisdiction_id_index" on "certifying_body" ("jurisdiction_id");`);
    this.addSql(`alter table "certifying_body" add constraint "certifying_body_jurisdiction_id_name_unique" unique ("jurisdiction_id", "name");`);

    this.addSql(`create table "credential_type" ("id" serial primary key, "jurisdiction_id" int not null, "certifying_body_id" int not null, "code" varchar(16) not null, "name" varchar(255) not null, "category" text check ("category" in ('PEER', 'SUPERVISOR', 'FAMILY', 'YOUTH')) not null, "lived_experience_focus" text check ("lived_experience_focus" in ('MENTAL_HEALTH', 'SUBSTANCE_USE', 'CO_OCCURRING', 'FAMILY', 'YOUTH', 'NONE')) not null, "provisional" boolean not null default false, "sources" jsonb not null);`);
    this.addSql(`create index "credential_type_jurisdiction_id_index" on "credential_type" ("jurisdiction_id");`);
    this.addSql(`create index "credential_type_certifying_body_id_index" on "credential_type" ("certifying_body_id");`);
    this.addSql(`create index "credential_type_code_index" on "credential_type" ("code");`);
    this.addSql(`create index "credential_type_category_index" on "credential_type" ("category");`);
    this.addSql(`alter table "credential_type" add constraint "credential_type_jurisdiction_id_code_unique" unique ("jurisdiction_id", "code");`);

    this.addSql(`create table "assistance_fund" ("id" serial primary key, "synthetic" boolean not null default false, "jurisdiction_id" int not null, "sponsor" varchar(255) not null, "name" varchar(255) not null, "purposes" text[] not null, "fiscal_year" smallint not null, "budget_cents" int not null, "committed_cents" int not null default 0, "per_award_cap_cents" int null, "opens_on" date not null, "closes_on" date null, constraint assistance_fund_purposes_check check (cardinality(purposes) > 0 and purposes <@ array['TRAINING', 'BACKGROUND_CHECK', 'APPLICATION_FEE', 'EXAM', 'RENEWAL']::text[]), constraint assistance_fund_dates_check check (closes_on is null or closes_on >= opens_on), constraint assistance_fund_cap_check check (per_award_cap_cents is null or per_award_cap_cents > 0), constraint assistance_fund_fiscal_year_check check (fiscal_year >= 2000 and fiscal_year <= 2100), constraint assistance_fund_budget_check check (budget_cents >= 0 and committed_cents >= 0 and committed_cents <= budget_cents));`);
    this.addSql(`create index "assistance_fund_synthetic_index" on "assistance_fund" ("synthetic");`);
    this.addSql(`create index "assistance_fund_jurisdiction_id_index" on "assistance_fund" ("jurisdiction_id");`);
    this.addSql(`create index "assistance_fund_fiscal_year_index" on "assistance_fund" ("fiscal_year");`);
    this.addSql(`create index "assistance_fund_closes_on_index" on "assistance_fund" ("closes_on");`);

    this.addSql(`create table "peer_specialist" ("id" serial primary key, "synthetic" boolean not null default false, "first_name" varchar(255) not null, "middle_name" varchar(255) null, "last_name" varchar(255) not null, "email" varchar(255) null, "phone" varchar(255) null, "birth_year" smallint null, "jurisdiction_id" int not null, "city" varchar(255) null, "postal_code" varchar(10) null, "languages" text[] not null default '{}', "created_at" timestamptz not null default current_timestamp, constraint peer_specialist_birth_year_check check (birth_year is null or (birth_year >= 1900 and birth_year <= 2100)));`);
    this.addSql(`create index "peer_specialist_synthetic_index" on "peer_specialist" ("synthetic");`);
    this.addSql(`create index "peer_specialist_first_name_index" on "peer_specialist" ("first_name");`);
    this.addSql(`create index "peer_specialist_last_name_index" on "peer_specialist" ("last_name");`);
    this.addSql(`create index "peer_specialist_jurisdiction_id_index" on "peer_specialist" ("jurisdiction_id");`);
    this.addSql(`create index "peer_specialist_city_index" on "peer_specialist" ("city");`);

    this.addSql(`create table "certification" ("id" serial primary key, "synthetic" boolean not null default false, "person_id" int not null, "credential_type_id" int not null, "jurisdiction_id" int not null, "credential_number" varchar(32) null, "status" text check ("status" in ('APPLIED', 'PROVISIONAL', 'ACTIVE', 'IN_GRACE', 'LATE_RENEWAL', 'EXPIRED', 'INACTIVE', 'SUSPENDED', 'REVOKED', 'RELINQUISHED', 'DENIED', 'CLOSED')) not null, "first_issued_on" date null, "issued_on" date null, "last_renewed_on" date null, "expires_on" date null, "ce_due_on" date null, "extensions_used" smallint not null default 0, "action_taken" text null, "source_name" varchar(255) null, "source_file" varchar(255) null, "source_row" int null, "updated_at" timestamptz not null default current_timestamp, constraint certification_extensions_check check (extensions_used >= 0), constraint certification_dates_check check ((expires_on is null or issued_on is null or expires_on >= issued_on) and (first_issued_on is null or issued_on is null or first_issued_on <= issued_on)));`);
    this.addSql(`create index "certification_synthetic_index" on "certification" ("synthetic");`);
    this.addSql(`create index "certification_person_id_index" on "certification" ("person_id");`);
    this.addSql(`create index "certification_credential_type_id_index" on "certification" ("credential_type_id");`);
    this.addSql(`create index "certification_jurisdiction_id_index" on "certification" ("jurisdiction_id");`);
    this.addSql(`create index "certification_status_index" on "certification" ("status");`);
    this.addSql(`create index "certification_first_issued_on_index" on "certification" ("first_issued_on");`);
    this.addSql(`create index "certification_issued_on_index" on "certification" ("issued_on");`);
    this.addSql(`create index "certification_expires_on_index" on "certification" ("expires_on");`);
    this.addSql(`alter table "certification" add constraint "certification_jurisdiction_number_unique" unique ("jurisdiction_id", "credential_number");`);

    this.addSql(`create table "certification_application" ("id" serial primary key, "synthetic" boolean not null default false, "person_id" int not null, "credential_type_id" int not null, "jurisdiction_id" int not null, "certification_id" int null, "kind" text check ("kind" in ('INITIAL', 'UPGRADE', 'RENEWAL', 'REINSTATEMENT')) not null, "status" text check ("status" in ('SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'DENIED', 'WITHDRAWN')) not null, "submitted_on" date not null, "decision_due_on" date null, "decided_on" date null, "decision_reasons" jsonb not null default '[]', "fee_cents" int not null default 0, constraint certification_application_decision_check check ((decided_on is null or decided_on >= submitted_on) and (decision_due_on is null or decision_due_on >= submitted_on)), constraint certification_application_fee_check check (fee_cents >= 0));`);
    this.addSql(`create index "certification_application_synthetic_index" on "certification_application" ("synthetic");`);
    this.addSql(`create index "certification_application_person_id_index" on "certification_application" ("person_id");`);
    this.addSql(`create index "certification_application_credential_type_id_index" on "certification_application" ("credential_type_id");`);
    this.addSql(`create index "certification_application_jurisdiction_id_index" on "certification_application" ("jurisdiction_id");`);
    this.addSql(`create index "certification_application_certification_id_index" on "certification_application" ("certification_id");`);
    this.addSql(`create index "certification_application_kind_index" on "certification_application" ("kind");`);
    this.addSql(`create index "certification_application_status_index" on "certification_application" ("status");`);
    this.addSql(`create index "certification_application_submitted_on_index" on "certification_application" ("submitted_on");`);
    this.addSql(`create index "certification_application_decided_on_index" on "certification_application" ("decided_on");`);

    this.addSql(`create table "assistance_application" ("id" serial primary key, "synthetic" boolean not null default false, "fund_id" int not null, "applicant_id" int not null, "purpose" text check ("purpose" in ('TRAINING', 'BACKGROUND_CHECK', 'APPLICATION_FEE', 'EXAM', 'RENEWAL')) not null, "requested_cents" int not null, "awarded_cents" int null, "status" text check ("status" in ('SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'DENIED', 'WAITLISTED', 'DISBURSED', 'WITHDRAWN')) not null, "submitted_at" timestamptz not null, "reviewer" varchar(255) null, "decided_at" timestamptz null, "decision_reason" text null, "disbursed_at" timestamptz null, constraint assistance_application_amounts_check check (requested_cents > 0 and (awarded_cents is null or (awarded_cents >= 0 and awarded_cents <= requested_cents))));`);
    this.addSql(`create index "assistance_application_synthetic_index" on "assistance_application" ("synthetic");`);
    this.addSql(`create index "assistance_application_fund_id_index" on "assistance_application" ("fund_id");`);
    this.addSql(`create index "assistance_application_applicant_id_index" on "assistance_application" ("applicant_id");`);
    this.addSql(`create index "assistance_application_purpose_index" on "assistance_application" ("purpose");`);
    this.addSql(`create index "assistance_application_status_index" on "assistance_application" ("status");`);
    this.addSql(`create index "assistance_application_submitted_at_index" on "assistance_application" ("submitted_at");`);
    this.addSql(`create index "assistance_application_decided_at_index" on "assistance_application" ("decided_at");`);

    this.addSql(`create table "requirement_profile" ("id" serial primary key, "credential_type_id" int not null, "version" int not null, "effective_from" date not null, "training_hours" numeric(6,2) not null, "supervised_hours_required" numeric(7,2) not null, "provisional_validity_months" smallint null, "extensions_allowed" smallint not null, "extension_months" smallint null, "validity_months" smallint not null, "ce_hours_per_cycle" numeric(6,2) not null, "ethics_hours_per_cycle" numeric(6,2) not null, "grace_period_months" smallint not null, "late_renewal_months" smallint not null, "application_fee_cents" int not null, "reduced_application_fee_cents" int null, "renewal_fee_cents" int not null, "late_fee_cents" int not null, "reinstatement_fee_cents" int not null, "background_check_required" boolean not null, "decision_due_days" smallint null, "sources" jsonb not null, constraint requirement_profile_fees_check check (application_fee_cents >= 0 and renewal_fee_cents >= 0 and late_fee_cents >= 0 and reinstatement_fee_cents >= 0 and (reduced_application_fee_cents is null or reduced_application_fee_cents >= 0)), constraint requirement_profile_non_negative_check check (version > 0 and training_hours >= 0 and supervised_hours_required >= 0 and ce_hours_per_cycle >= 0 and ethics_hours_per_cycle >= 0 and ethics_hours_per_cycle <= ce_hours_per_cycle and validity_months > 0 and grace_period_months >= 0 and late_renewal_months >= grace_period_months and extensions_allowed >= 0));`);
    this.addSql(`create index "requirement_profile_credential_type_id_index" on "requirement_profile" ("credential_type_id");`);
    this.addSql(`create index "requirement_profile_effective_from_index" on "requirement_profile" ("effective_from");`);
    this.addSql(`alter table "requirement_profile" add constraint "requirement_profile_credential_type_id_version_unique" unique ("credential_type_id", "version");`);

    this.addSql(`create table "service_program" ("id" serial primary key, "synthetic" boolean not null default false, "employer_id" int not null, "kind" text check ("kind" in ('ARMHS', 'ACT', 'CRISIS_RESIDENTIAL', 'IRTS', 'MH_CRISIS', 'DROP_IN_CENTER', 'WARMLINE', 'CASE_MANAGEMENT', 'PEER_RECOVERY_SUPPORT', 'INPATIENT', 'OUTPATIENT', 'OTHER')) not null, "name" varchar(255) not null, "city" varchar(255) null, "active" boolean not null default true);`);
    this.addSql(`create index "service_program_synthetic_index" on "service_program" ("synthetic");`);
    this.addSql(`create index "service_program_employer_id_index" on "service_program" ("employer_id");`);
    this.addSql(`create index "service_program_kind_index" on "service_program" ("kind");`);
    this.addSql(`alter table "service_program" add constraint "service_program_employer_id_name_unique" unique ("employer_id", "name");`);

    this.addSql(`create table "job_posting" ("id" serial primary key, "synthetic" boolean not null default false, "employer_id" int not null, "program_id" int null, "jurisdiction_id" int not null, "title" varchar(255) not null, "description" text not null, "role" text check ("role" in ('PEER_SPECIALIST', 'PEER_SPECIALIST_INTERN', 'PEER_SUPERVISOR', 'CASE_MANAGER_ASSOCIATE', 'WARMLINE_OPERATOR', 'RECOVERY_COACH', 'OTHER')) not null, "employment_type" text check ("employment_type" in ('FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'TEMPORARY', 'INTERN', 'VOLUNTEER', 'PER_DIEM', 'OTHER')) not null, "city" varchar(255) not null, "postal_code" varchar(10) null, "remote" boolean not null default false, "pay_min_cents" int not null, "pay_max_cents" int not null, "pay_unit" text check ("pay_unit" in ('HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR')) not null, "certification_requirement" text check ("certification_requirement" in ('REQUIRED', 'PREFERRED', 'WILLING_TO_OBTAIN')) not null, "supervision_provided" boolean not null default false, "counts_toward_internship_hours" boolean not null default false, "openings" smallint not null default 1, "date_posted" date null, "valid_through" date null, "status" text check ("status" in ('DRAFT', 'OPEN', 'PAUSED', 'FILLED', 'EXPIRED', 'CLOSED')) not null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint job_posting_dates_check check (valid_through is null or date_posted is null or valid_through >= date_posted), constraint job_posting_openings_check check (openings > 0), constraint job_posting_pay_check check (pay_min_cents >= 0 and pay_min_cents <= pay_max_cents));`);
    this.addSql(`create index "job_posting_synthetic_index" on "job_posting" ("synthetic");`);
    this.addSql(`create index "job_posting_employer_id_index" on "job_posting" ("employer_id");`);
    this.addSql(`create index "job_posting_program_id_index" on "job_posting" ("program_id");`);
    this.addSql(`create index "job_posting_jurisdiction_id_index" on "job_posting" ("jurisdiction_id");`);
    this.addSql(`create index "job_posting_role_index" on "job_posting" ("role");`);
    this.addSql(`create index "job_posting_employment_type_index" on "job_posting" ("employment_type");`);
    this.addSql(`create index "job_posting_city_index" on "job_posting" ("city");`);
    this.addSql(`create index "job_posting_pay_min_cents_index" on "job_posting" ("pay_min_cents");`);
    this.addSql(`create index "job_posting_pay_max_cents_index" on "job_posting" ("pay_max_cents");`);
    this.addSql(`create index "job_posting_certification_requirement_index" on "job_posting" ("certification_requirement");`);
    this.addSql(`create index "job_posting_date_posted_index" on "job_posting" ("date_posted");`);
    this.addSql(`create index "job_posting_valid_through_index" on "job_posting" ("valid_through");`);
    this.addSql(`create index "job_posting_status_index" on "job_posting" ("status");`);

    this.addSql(`create table "job_posting_accepted_credential_type" ("job_posting_id" int not null, "credential_type_id" int not null, constraint "job_posting_accepted_credential_type_pkey" primary key ("job_posting_id", "credential_type_id"));`);
    this.addSql(`create index "job_posting_accepted_credential_type_credential_type_id_index" on "job_posting_accepted_credential_type" ("credential_type_id");`);

    this.addSql(`create table "employment" ("id" serial primary key, "synthetic" boolean not null default false, "person_id" int not null, "employer_id" int not null, "program_id" int null, "role" text check ("role" in ('PEER_SPECIALIST', 'PEER_SPECIALIST_INTERN', 'PEER_SUPERVISOR', 'CASE_MANAGER_ASSOCIATE', 'WARMLINE_OPERATOR', 'RECOVERY_COACH', 'OTHER')) not null, "title" varchar(255) not null, "employment_type" text check ("employment_type" in ('FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'TEMPORARY', 'INTERN', 'VOLUNTEER', 'PER_DIEM', 'OTHER')) not null, "started_on" date not null, "ended_on" date null, "hourly_wage_cents" int null, constraint employment_wage_check check (hourly_wage_cents is null or hourly_wage_cents >= 0), constraint employment_dates_check check (ended_on is null or ended_on >= started_on));`);
    this.addSql(`create index "employment_synthetic_index" on "employment" ("synthetic");`);
    this.addSql(`create index "employment_person_id_index" on "employment" ("person_id");`);
    this.addSql(`create index "employment_employer_id_index" on "employment" ("employer_id");`);
    this.addSql(`create index "employment_program_id_index" on "employment" ("program_id");`);
    this.addSql(`create index "employment_role_index" on "employment" ("role");`);
    this.addSql(`create index "employment_started_on_index" on "employment" ("started_on");`);
    this.addSql(`create index "employment_ended_on_index" on "employment" ("ended_on");`);

    this.addSql(`create table "supervisor" ("id" serial primary key, "synthetic" boolean not null default false, "person_id" int not null, "jurisdiction_id" int not null, "employer_id" int null, "supervisor_certification_id" int null, "clinical_basis" text check ("clinical_basis" in ('CERTIFIED_PEER_SUPERVISOR', 'LICENSED_CLINICIAN', 'QUALIFIED_MENTAL_HEALTH_PROFESSIONAL', 'OTHER')) not null, "accepts_external_supervisees" boolean not null default false, "capacity" smallint not null, constraint supervisor_capacity_check check (capacity >= 0));`);
    this.addSql(`create index "supervisor_synthetic_index" on "supervisor" ("synthetic");`);
    this.addSql(`create index "supervisor_person_id_index" on "supervisor" ("person_id");`);
    this.addSql(`create index "supervisor_jurisdiction_id_index" on "supervisor" ("jurisdiction_id");`);
    this.addSql(`create index "supervisor_employer_id_index" on "supervisor" ("employer_id");`);
    this.addSql(`create index "supervisor_supervisor_certification_id_index" on "supervisor" ("supervisor_certification_id");`);
    this.addSql(`create index "supervisor_accepts_external_supervisees_index" on "supervisor" ("accepts_external_supervisees");`);

    this.addSql(`create table "supervised_experience_log" ("id" serial primary key, "synthetic" boolean not null default false, "person_id" int not null, "certification_id" int not null, "supervisor_id" int not null, "employer_id" int null, "program_id" int null, "period_start" date not null, "period_end" date not null, "direct_service_hours" numeric(6,2) not null, "supervision_hours" numeric(6,2) not null default 0, "status" text check ("status" in ('SUBMITTED', 'APPROVED', 'REJECTED')) not null, "submitted_at" timestamptz not null, "signed_off_at" timestamptz null, "sign_off_note" text null, constraint supervised_experience_log_hours_check check (direct_service_hours >= 0 and supervision_hours >= 0), constraint supervised_experience_log_period_check check (period_end >= period_start));`);
    this.addSql(`create index "supervised_experience_log_synthetic_index" on "supervised_experience_log" ("synthetic");`);
    this.addSql(`create index "supervised_experience_log_person_id_index" on "supervised_experience_log" ("person_id");`);
    this.addSql(`create index "supervised_experience_log_certification_id_index" on "supervised_experience_log" ("certification_id");`);
    this.addSql(`create index "supervised_experience_log_supervisor_id_index" on "supervised_experience_log" ("supervisor_id");`);
    this.addSql(`create index "supervised_experience_log_employer_id_index" on "supervised_experience_log" ("employer_id");`);
    this.addSql(`create index "supervised_experience_log_program_id_index" on "supervised_experience_log" ("program_id");`);
    this.addSql(`create index "supervised_experience_log_period_start_index" on "supervised_experience_log" ("period_start");`);
    this.addSql(`create index "supervised_experience_log_status_index" on "supervised_experience_log" ("status");`);

    this.addSql(`create table "training_organization" ("id" serial primary key, "synthetic" boolean not null default false, "name" varchar(255) not null, "jurisdiction_id" int null, "website" varchar(255) null, "approved" boolean not null default false);`);
    this.addSql(`create index "training_organization_synthetic_index" on "training_organization" ("synthetic");`);
    this.addSql(`create index "training_organization_name_index" on "training_organization" ("name");`);
    this.addSql(`create index "training_organization_jurisdiction_id_index" on "training_organization" ("jurisdiction_id");`);

    this.addSql(`create table "training_event" ("id" serial primary key, "synthetic" boolean not null default false, "organization_id" int not null, "jurisdiction_id" int not null, "credential_type_id" int null, "title" varchar(255) not null, "course_kind" text check ("course_kind" in ('ORIENTATION', 'CORE', 'SUPPLEMENTAL', 'SUPERVISOR', 'CEU')) not null, "format" text check ("format" in ('IN_PERSON', 'VIRTUAL_LIVE', 'HYBRID', 'SELF_PACED')) not null, "status" text check ("status" in ('SCHEDULED', 'CANCELLED', 'COMPLETED')) not null default 'SCHEDULED', "starts_on" date not null, "ends_on" date not null, "city" varchar(255) null, "contact_hours" numeric(6,2) not null, "ce_hours" numeric(6,2) not null, "price_cents" int not null, "seats" int not null, "contact_email" varchar(255) null, constraint training_event_seats_check check (seats > 0 and price_cents >= 0), constraint training_event_hours_check check (contact_hours >= 0 and ce_hours >= 0), constraint training_event_dates_check check (ends_on >= starts_on));`);
    this.addSql(`create index "training_event_synthetic_index" on "training_event" ("synthetic");`);
    this.addSql(`create index "training_event_organization_id_index" on "training_event" ("organization_id");`);
    this.addSql(`create index "training_event_jurisdiction_id_index" on "training_event" ("jurisdiction_id");`);
    this.addSql(`create index "training_event_credential_type_id_index" on "training_event" ("credential_type_id");`);
    this.addSql(`create index "training_event_course_kind_index" on "training_event" ("course_kind");`);
    this.addSql(`create index "training_event_format_index" on "training_event" ("format");`);
    this.addSql(`create index "training_event_status_index" on "training_event" ("status");`);
    this.addSql(`create index "training_event_starts_on_index" on "training_event" ("starts_on");`);
    this.addSql(`create index "training_event_price_cents_index" on "training_event" ("price_cents");`);

    this.addSql(`create table "continuing_education_record" ("id" serial primary key, "synthetic" boolean not null default false, "person_id" int not null, "certification_id" int not null, "training_event_id" int null, "title" varchar(255) not null, "provider" varchar(255) not null, "hours" numeric(6,2) not null, "ethics_hours" numeric(6,2) not null default 0, "completed_on" date not null, constraint continuing_education_hours_check check (hours >= 0 and ethics_hours >= 0 and ethics_hours <= hours));`);
    this.addSql(`create index "continuing_education_record_synthetic_index" on "continuing_education_record" ("synthetic");`);
    this.addSql(`create index "continuing_education_record_person_id_index" on "continuing_education_record" ("person_id");`);
    this.addSql(`create index "continuing_education_record_certification_id_index" on "continuing_education_record" ("certification_id");`);
    this.addSql(`create index "continuing_education_record_training_event_id_index" on "continuing_education_record" ("training_event_id");`);
    this.addSql(`create index "continuing_education_record_completed_on_index" on "continuing_education_record" ("completed_on");`);

    this.addSql(`create table "training_registration" ("id" serial primary key, "synthetic" boolean not null default false, "event_id" int not null, "person_id" int not null, "status" text check ("status" in ('REGISTERED', 'WAITLISTED', 'CANCELLED', 'COMPLETED', 'NO_SHOW')) not null, "registered_at" timestamptz not null, "completed_on" date null, "score" numeric(5,2) null, "passed" boolean null, constraint training_registration_score_check check (score is null or (score >= 0 and score <= 100)));`);
    this.addSql(`create index "training_registration_synthetic_index" on "training_registration" ("synthetic");`);
    this.addSql(`create index "training_registration_event_id_index" on "training_registration" ("event_id");`);
    this.addSql(`create index "training_registration_person_id_index" on "training_registration" ("person_id");`);
    this.addSql(`create index "training_registration_status_index" on "training_registration" ("status");`);
    this.addSql(`create index "training_registration_completed_on_index" on "training_registration" ("completed_on");`);
    this.addSql(`alter table "training_registration" add constraint "training_registration_event_id_person_id_unique" unique ("event_id", "person_id");`);

    this.addSql(`alter table "employer" add constraint "employer_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade;`);

    this.addSql(`alter table "certifying_body" add constraint "certifying_body_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade;`);

    this.addSql(`alter table "credential_type" add constraint "credential_type_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade;`);
    this.addSql(`alter table "credential_type" add constraint "credential_type_certifying_body_id_foreign" foreign key ("certifying_body_id") references "certifying_body" ("id") on update cascade;`);

    this.addSql(`alter table "assistance_fund" add constraint "assistance_fund_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade;`);

    this.addSql(`alter table "peer_specialist" add constraint "peer_specialist_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade;`);

    this.addSql(`alter table "certification" add constraint "certification_person_id_foreign" foreign key ("person_id") references "peer_specialist" ("id") on update cascade;`);
    this.addSql(`alter table "certification" add constraint "certification_credential_type_id_foreign" foreign key ("credential_type_id") references "credential_type" ("id") on update cascade;`);
    this.addSql(`alter table "certification" add constraint "certification_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade;`);

    this.addSql(`alter table "certification_application" add constraint "certification_application_person_id_foreign" foreign key ("person_id") references "peer_specialist" ("id") on update cascade;`);
    this.addSql(`alter table "certification_application" add constraint "certification_application_credential_type_id_foreign" foreign key ("credential_type_id") references "credential_type" ("id") on update cascade;`);
    this.addSql(`alter table "certification_application" add constraint "certification_application_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade;`);
    this.addSql(`alter table "certification_application" add constraint "certification_application_certification_id_foreign" foreign key ("certification_id") references "certification" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "assistance_application" add constraint "assistance_application_fund_id_foreign" foreign key ("fund_id") references "assistance_fund" ("id") on update cascade;`);
    this.addSql(`alter table "assistance_application" add constraint "assistance_application_applicant_id_foreign" foreign key ("applicant_id") references "peer_specialist" ("id") on update cascade;`);

    this.addSql(`alter table "requirement_profile" add constraint "requirement_profile_credential_type_id_foreign" foreign key ("credential_type_id") references "credential_type" ("id") on update cascade;`);

    this.addSql(`alter table "service_program" add constraint "service_program_employer_id_foreign" foreign key ("employer_id") references "employer" ("id") on update cascade;`);

    this.addSql(`alter table "job_posting" add constraint "job_posting_employer_id_foreign" foreign key ("employer_id") references "employer" ("id") on update cascade;`);
    this.addSql(`alter table "job_posting" add constraint "job_posting_program_id_foreign" foreign key ("program_id") references "service_program" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "job_posting" add constraint "job_posting_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade;`);

    this.addSql(`alter table "job_posting_accepted_credential_type" add constraint "job_posting_accepted_credential_type_job_posting_id_foreign" foreign key ("job_posting_id") references "job_posting" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "job_posting_accepted_credential_type" add constraint "job_posting_accepted_credential_type_credential_type_id_foreign" foreign key ("credential_type_id") references "credential_type" ("id") on update cascade;`);

    this.addSql(`alter table "employment" add constraint "employment_person_id_foreign" foreign key ("person_id") references "peer_specialist" ("id") on update cascade;`);
    this.addSql(`alter table "employment" add constraint "employment_employer_id_foreign" foreign key ("employer_id") references "employer" ("id") on update cascade;`);
    this.addSql(`alter table "employment" add constraint "employment_program_id_foreign" foreign key ("program_id") references "service_program" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "supervisor" add constraint "supervisor_person_id_foreign" foreign key ("person_id") references "peer_specialist" ("id") on update cascade;`);
    this.addSql(`alter table "supervisor" add constraint "supervisor_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade;`);
    this.addSql(`alter table "supervisor" add constraint "supervisor_employer_id_foreign" foreign key ("employer_id") references "employer" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "supervisor" add constraint "supervisor_supervisor_certification_id_foreign" foreign key ("supervisor_certification_id") references "certification" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "supervised_experience_log" add constraint "supervised_experience_log_person_id_foreign" foreign key ("person_id") references "peer_specialist" ("id") on update cascade;`);
    this.addSql(`alter table "supervised_experience_log" add constraint "supervised_experience_log_certification_id_foreign" foreign key ("certification_id") references "certification" ("id") on update cascade;`);
    this.addSql(`alter table "supervised_experience_log" add constraint "supervised_experience_log_supervisor_id_foreign" foreign key ("supervisor_id") references "supervisor" ("id") on update cascade;`);
    this.addSql(`alter table "supervised_experience_log" add constraint "supervised_experience_log_employer_id_foreign" foreign key ("employer_id") references "employer" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "supervised_experience_log" add constraint "supervised_experience_log_program_id_foreign" foreign key ("program_id") references "service_program" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "training_organization" add constraint "training_organization_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "training_event" add constraint "training_event_organization_id_foreign" foreign key ("organization_id") references "training_organization" ("id") on update cascade;`);
    this.addSql(`alter table "training_event" add constraint "training_event_jurisdiction_id_foreign" foreign key ("jurisdiction_id") references "jurisdiction" ("id") on update cascade;`);
    this.addSql(`alter table "training_event" add constraint "training_event_credential_type_id_foreign" foreign key ("credential_type_id") references "credential_type" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "continuing_education_record" add constraint "continuing_education_record_person_id_foreign" foreign key ("person_id") references "peer_specialist" ("id") on update cascade;`);
    this.addSql(`alter table "continuing_education_record" add constraint "continuing_education_record_certification_id_foreign" foreign key ("certification_id") references "certification" ("id") on update cascade;`);
    this.addSql(`alter table "continuing_education_record" add constraint "continuing_education_record_training_event_id_foreign" foreign key ("training_event_id") references "training_event" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "training_registration" add constraint "training_registration_event_id_foreign" foreign key ("event_id") references "training_event" ("id") on update cascade;`);
    this.addSql(`alter table "training_registration" add constraint "training_registration_person_id_foreign" foreign key ("person_id") references "peer_specialist" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "employer" drop constraint "employer_jurisdiction_id_foreign";`);

    this.addSql(`alter table "certifying_body" drop constraint "certifying_body_jurisdiction_id_foreign";`);

    this.addSql(`alter table "credential_type" drop constraint "credential_type_jurisdiction_id_foreign";`);

    this.addSql(`alter table "assistance_fund" drop constraint "assistance_fund_jurisdiction_id_foreign";`);

    this.addSql(`alter table "peer_specialist" drop constraint "peer_specialist_jurisdiction_id_foreign";`);

    this.addSql(`alter table "certification" drop constraint "certification_jurisdiction_id_foreign";`);

    this.addSql(`alter table "certification_application" drop constraint "certification_application_jurisdiction_id_foreign";`);

    this.addSql(`alter table "job_posting" drop constraint "job_posting_jurisdiction_id_foreign";`);

    this.addSql(`alter table "supervisor" drop constraint "supervisor_jurisdiction_id_foreign";`);

    this.addSql(`alter table "training_organization" drop constraint "training_organization_jurisdiction_id_foreign";`);

    this.addSql(`alter table "training_event" drop constraint "training_event_jurisdiction_id_foreign";`);

    this.addSql(`alter table "service_program" drop constraint "service_program_employer_id_foreign";`);

    this.addSql(`alter table "job_posting" drop constraint "job_posting_employer_id_foreign";`);

    this.addSql(`alter table "employment" drop constraint "employment_employer_id_foreign";`);

    this.addSql(`alter table "supervisor" drop constraint "supervisor_employer_id_foreign";`);

    this.addSql(`alter table "supervised_experience_log" drop constraint "supervised_experience_log_employer_id_foreign";`);

    this.addSql(`alter table "credential_type" drop constraint "credential_type_certifying_body_id_foreign";`);

    this.addSql(`alter table "certification" drop constraint "certification_credential_type_id_foreign";`);

    this.addSql(`alter table "certification_application" drop constraint "certification_application_credential_type_id_foreign";`);

    this.addSql(`alter table "requirement_profile" drop constraint "requirement_profile_credential_type_id_foreign";`);

    this.addSql(`alter table "job_posting_accepted_credential_type" drop constraint "job_posting_accepted_credential_type_credential_type_id_foreign";`);

    this.addSql(`alter table "training_event" drop constraint "training_event_credential_type_id_foreign";`);

    this.addSql(`alter table "assistance_application" drop constraint "assistance_application_fund_id_foreign";`);

    this.addSql(`alter table "certification" drop constraint "certification_person_id_foreign";`);

    this.addSql(`alter table "certification_application" drop constraint "certification_application_person_id_foreign";`);

    this.addSql(`alter table "assistance_application" drop constraint "assistance_application_applicant_id_foreign";`);

    this.addSql(`alter table "employment" drop constraint "employment_person_id_foreign";`);

    this.addSql(`alter table "supervisor" drop constraint "supervisor_person_id_foreign";`);

    this.addSql(`alter table "supervised_experience_log" drop constraint "supervised_experience_log_person_id_foreign";`);

    this.addSql(`alter table "continuing_education_record" drop constraint "continuing_education_record_person_id_foreign";`);

    this.addSql(`alter table "training_registration" drop constraint "training_registration_person_id_foreign";`);

    this.addSql(`alter table "certification_application" drop constraint "certification_application_certification_id_foreign";`);

    this.addSql(`alter table "supervisor" drop constraint "supervisor_supervisor_certification_id_foreign";`);

    this.addSql(`alter table "supervised_experience_log" drop constraint "supervised_experience_log_certification_id_foreign";`);

    this.addSql(`alter table "continuing_education_record" drop constraint "continuing_education_record_certification_id_foreign";`);

    this.addSql(`alter table "job_posting" drop constraint "job_posting_program_id_foreign";`);

    this.addSql(`alter table "employment" drop constraint "employment_program_id_foreign";`);

    this.addSql(`alter table "supervised_experience_log" drop constraint "supervised_experience_log_program_id_foreign";`);

    this.addSql(`alter table "job_posting_accepted_credential_type" drop constraint "job_posting_accepted_credential_type_job_posting_id_foreign";`);

    this.addSql(`alter table "supervised_experience_log" drop constraint "supervised_experience_log_supervisor_id_foreign";`);

    this.addSql(`alter table "training_event" drop constraint "training_event_organization_id_foreign";`);

    this.addSql(`alter table "continuing_education_record" drop constraint "continuing_education_record_training_event_id_foreign";`);

    this.addSql(`alter table "training_registration" drop constraint "training_registration_event_id_foreign";`);

    this.addSql(`drop table if exists "jurisdiction" cascade;`);

    this.addSql(`drop table if exists "employer" cascade;`);

    this.addSql(`drop table if exists "certifying_body" cascade;`);

    this.addSql(`drop table if exists "credential_type" cascade;`);

    this.addSql(`drop table if exists "assistance_fund" cascade;`);

    this.addSql(`drop table if exists "peer_specialist" cascade;`);

    this.addSql(`drop table if exists "certification" cascade;`);

    this.addSql(`drop table if exists "certification_application" cascade;`);

    this.addSql(`drop table if exists "assistance_application" cascade;`);

    this.addSql(`drop table if exists "requirement_profile" cascade;`);

    this.addSql(`drop table if exists "service_program" cascade;`);

    this.addSql(`drop table if exists "job_posting" cascade;`);

    this.addSql(`drop table if exists "job_posting_accepted_credential_type" cascade;`);

    this.addSql(`drop table if exists "employment" cascade;`);

    this.addSql(`drop table if exists "supervisor" cascade;`);

    this.addSql(`drop table if exists "supervised_experience_log" cascade;`);

    this.addSql(`drop table if exists "training_organization" cascade;`);

    this.addSql(`drop table if exists "training_event" cascade;`);

    this.addSql(`drop table if exists "continuing_education_record" cascade;`);

    this.addSql(`drop table if exists "training_registration" cascade;`);
  }

}
