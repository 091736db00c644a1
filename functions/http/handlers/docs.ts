import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NotFound } from '#core/errors.ts';
import { DOCS_ASSETS } from '../docs-assets.ts';
import { httpRoute, type HttpResult } from '../http-handler.ts';

/**
 * GET /docs: Swagger UI over /openapi.json, its assets served from the swagger-ui-dist npm
 * package (no CDN). In Lambda the bundle carries the assets in SWAGGER_UI_DIR.
 */

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>congress-docs API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' });</script>
</body>
</html>
`;

let assetDir: string | undefined;
const swaggerUiDir = () =>
  (assetDir ??= process.env.SWAGGER_UI_DIR ?? dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')));

export const handler = httpRoute('docs', async ({ params }): Promise<HttpResult> => {
  if (!params.asset) return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: PAGE };
  // Own keys only: `__proto__` or `constructor` must not find Object.prototype's members.
  const type = Object.hasOwn(DOCS_ASSETS, params.asset) ? DOCS_ASSETS[params.asset] : undefined;
  if (!type) throw new NotFound(`Asset ${params.asset}`);
  const bytes = await readFile(join(swaggerUiDir(), params.asset));
  return { status: 200, headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' }, body: bytes };
});
