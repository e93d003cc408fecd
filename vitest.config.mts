import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS and ESM builds without an exports map: Vite would pick the ESM one for our code while
    // type-graphql (loaded by Node) gets the CommonJS one, and two graphql instances reject each other's scalars
    alias: [
      { find: /^graphql$/, replacement: require.resolve('graphql') },
      { find: /^graphql\/execution\/collectFields$/, replacement: require.resolve('graphql/execution/collectFields') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // each file starts its own database (an in-memory PGlite, or a fresh database on TEST_DATABASE_URL)
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
