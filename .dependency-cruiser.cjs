/**
 * The layering of the code (issue 18 §4), checked by `npm run lint` (depcruise):
 *  - no import cycles, on the server or in the web app;
 *  - a capability (a folder of src/ with an index.ts) is used by the others only through its index.ts;
 *  - the domain (src/domain) imports no other layer, does no I/O, knows neither framework nor database.
 */
const CAPABILITIES = '(audit|auth|booking|calls|catalog|documents|drawer|monitoring|notifications|office-admin|patronati|privacy|reception|stations|uploads|users|video)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split the shared part out, or invert the dependency.',
      from: { path: '^(src|web/src)/' },
      // A cycle made only of type imports does not exist at run time.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'capability-through-index',
      severity: 'error',
      comment: 'Another capability is used only through its index.ts.',
      from: { path: `^src/${CAPABILITIES}/` },
      to: { path: `^src/${CAPABILITIES}/(?!index\\.ts$)`, pathNot: ['^src/$1/'] },
    },
    {
      name: 'domain-imports-no-layer',
      severity: 'error',
      comment: 'The domain imports nothing from the layers around it.',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!domain/)' },
    },
    {
      name: 'domain-does-no-io',
      severity: 'error',
      comment: 'The domain does no I/O and knows neither the framework nor the database (pure libraries are fine).',
      from: { path: '^src/domain/' },
      to: { path: '^node_modules/(pg|pg-[a-z-]+|@electric-sql|fastify|@fastify|zod|ioredis|nodemailer)/|^(fs|net|http|https|child_process|node:)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.tsx?$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
