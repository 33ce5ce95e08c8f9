// copy-api-docs assembles dist/api-docs/, the API reference the hoi binary
// serves at /api/docs/: our own index.html and init.js (no inline script, so
// it runs under `script-src 'self'`) plus the two Swagger UI files they need.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const swagger = dirname(require.resolve('swagger-ui-dist/package.json'));
const here = new URL('../', import.meta.url).pathname;
const out = join(here, 'dist', 'api-docs');

mkdirSync(out, { recursive: true });
for (const f of ['index.html', 'init.js', 'docs.css']) copyFileSync(join(here, 'api-docs', f), join(out, f));
for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE', 'NOTICE']) {
  copyFileSync(join(swagger, f), join(out, f === 'LICENSE' || f === 'NOTICE' ? `swagger-ui-${f}.txt` : f));
}
console.log(`api docs: ${out}`);
