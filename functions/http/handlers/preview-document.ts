import { previewDocument } from '#core/use-cases/documents.ts';
import { renderPdf } from '#templates/render.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';

export const handler = httpRoute('previewDocument', async ({ deps, principal, params, event }) => {
  const { pdf, pages, fileName } = await previewDocument(deps, principal, params.campaignId!, jsonBody(event), renderPdf);
  return {
    status: 200,
    body: Buffer.from(pdf),
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${fileName}"`,
      'x-pages': String(pages),
      'cache-control': 'no-store',
    },
  };
});
