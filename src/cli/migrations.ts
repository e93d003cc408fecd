/**
 * npm run migration:create  writes a migration for whatever the entities changed;
 * npm run migration:check   exits 1 when the entities and the migrations disagree.
 * Both run against DATABASE_URL, or a throwaway in-memory embedded PostgreSQL when it is unset.
 */
import { startEmbeddedPostgres } from '../db/embedded';
import { migrate, openOrm } from '../db/orm';

async function main() {
  const command = process.argv[2];
  if (command !== 'create' && command !== 'check') {
    console.error('usage: migrations.js create|check');
    process.exit(2);
  }
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: null });
  const orm = await openOrm(process.env.DATABASE_URL ?? embedded!.url, 2);
  try {
    await migrate(orm);
    const pending = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    if (command === 'check') {
      if (pending.trim()) {
        console.error(`The entities differ from the migrations; run npm run migration:create. Pending SQL:\n${pending}`);
        process.exitCode = 1;
      } else console.log('migrations match the entities');
      return;
    }
    const result = await orm.getMigrator().createMigration(undefined, false, false);
    console.log(result.fileName ? `wrote migrations/${result.fileName}` : 'no changes: nothing written');
  } finally {
    await orm.close(true);
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
