/** Writes schema/schema.graphql from the type-graphql classes; with --check, exits 1 when the checked-in file differs. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { printHubSchema } from '../domain/schema';
import { fromRoot } from '../paths';

async function main() {
  const file = fromRoot('schema/schema.graphql');
  const sdl = await printHubSchema();
  if (process.argv.includes('--check')) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== sdl) {
      console.error('schema/schema.graphql is out of date: run npm run schema:emit and commit the result');
      process.exit(1);
    }
    console.log('schema/schema.graphql is up to date');
    return;
  }
  writeFileSync(file, sdl);
  console.log(`wrote ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
