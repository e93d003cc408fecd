/**
 * The layers of src/ and the rules between them (docs/architecture.md): `npm run check:deps` fails on an import cycle
 * or on a module that imports a layer above its own, or a sibling folder of its own layer.
 */

/** Top to bottom: each layer names its folders (or top-level files) by path pattern. */
const LAYERS = [
  { main: '^src/main\\.ts$', cli: '^src/cli/' },
  { http: '^src/http/', web: '^src/web/' },
  { db: '^src/db/' },
  { domain: '^src/domain/', client: '^src/client/' },
  { graphql: '^src/graphql/' },
  { auth: '^src/auth/' },
  { sql: '^src/sql/', cache: '^src/cache/' },
  { internals: '^src/internals/' },
  { foundations: '^src/(config|paths|errors)\\.ts$' },
];

const layerRules = LAYERS.flatMap((layer, index) =>
  Object.entries(layer).map(([part, path]) => {
    const above = LAYERS.slice(0, index).flatMap((upper) => Object.values(upper));
    const siblings = Object.entries(layer).filter(([other]) => other !== part).map(([, other]) => other);
    const forbidden = [...above, ...siblings];
    return {
      name: `${part}-imports-below-only`,
      comment: `${part} imports only its own folder and the layers below it (docs/architecture.md)`,
      severity: 'error',
      from: { path },
      to: { path: forbidden.length ? forbidden.join('|') : '^$' },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle makes a module that two layers both need: split the file that does two jobs',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-http-below',
      comment: 'domain, graphql, db and auth never import http: the request flows down, never back up',
      severity: 'error',
      from: { path: '^src/(domain|graphql|db|auth)/' },
      to: { path: '^src/http/' },
    },
    ...layerRules,
  ],
  options: {
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    // type-only imports count: a cycle through types is still two files that need each other
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
