import { Migration } from '@mikro-orm/migrations';

/**
 * Rules that span two tables, which check constraints cannot express and MikroORM cannot declare: a record's
 * jurisdiction is its credential type's, and a program named beside an employer is one that employer runs.
 * Violations fail like a check constraint (SQLSTATE 23514) and name the rule.
 */
export class Migration20261122213046 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function hub_jurisdiction_matches_credential_type() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from credential_type ct where ct.id = new.credential_type_id and ct.jurisdiction_id = new.jurisdiction_id) then
    raise exception 'credential type % is not issued in jurisdiction %', new.credential_type_id, new.jurisdiction_id
      using errcode = '23514', constraint = tg_table_name || '_jurisdiction_matches_credential_type', table = tg_table_name;
  end if;
  return new;
end $$;`);
    this.addSql(`create function hub_program_run_by_employer() returns trigger language plpgsql as $$
begin
  if new.program_id is not null and not exists (select 1 from service_program sp where sp.id = new.program_id and sp.employer_id is not distinct from new.employer_id) then
    raise exception 'program % is not run by employer %', new.program_id, new.employer_id
      using errcode = '23514', constraint = tg_table_name || '_program_run_by_employer', table = tg_table_name;
  end if;
  return new;
end $$;`);
    for (const table of ['certification', 'certification_application']) {
      this.addSql(`create trigger ${table}_jurisdiction_matches_credential_type before insert or update of jurisdiction_id, credential_type_id on "${table}"
        for each row execute function hub_jurisdiction_matches_credential_type();`);
    }
    for (const table of ['employment', 'job_posting', 'supervised_experience_log']) {
      this.addSql(`create trigger ${table}_program_run_by_employer before insert or update of program_id, employer_id on "${table}"
        for each row execute function hub_program_run_by_employer();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['certification', 'certification_application']) {
      this.addSql(`drop trigger if exists ${table}_jurisdiction_matches_credential_type on "${table}";`);
    }
    for (const table of ['employment', 'job_posting', 'supervised_experience_log']) {
      this.addSql(`drop trigger if exists ${table}_program_run_by_employer on "${table}";`);
    }
    this.addSql('drop function if exists hub_jurisdiction_matches_credential_type();');
    this.addSql('drop function if exists hub_program_run_by_employer();');
  }
}
