import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { z } from 'zod';
import { deepFreeze } from '#core/freeze.ts';
import type { Organization, Submission } from '#core/model.ts';
import { formatNumber, SYMBOL_OF } from '#core/numbering.ts';
import { buildRenderInput, dataAsOf, type DataAsOf, type RenderInput } from '#core/render-input.ts';
import { campaignSchema, documentRequestSchema, organizationSchema, submissionSchema } from '#core/schemas.ts';
import { renderPdf } from '#templates/render.ts';

/**
 * `congress-docs render IN.json… -o OUT` (CONTRACT §1): PDFs from files, no server. Each input is
 * `{"campaign":{…,"id"},"organizations":[…],"submissions":[…],"document":{…request,"number":415,"id":"…"}}`.
 * OUT is the PDF for one input, or a folder receiving `<input basename>.pdf` for several.
 * All inputs render in this one process, so fonts are parsed once.
 */
export async function renderFiles(inputPaths: string[], out: string): Promise<string[]> {
  if (inputPaths.length === 0) throw new Error('render: give at least one input file');
  const targets = outputPaths(inputPaths, out);
  if (inputPaths.length > 1) await mkdir(out, { recursive: true });
  const written: string[] = [];
  for (const [i, path] of inputPaths.entries()) {
    const input = await loadRenderInput(path);
    const { pdf } = await renderPdf(input, { keepMeasuredBlocks: i < inputPaths.length - 1 });
    const target = targets[i]!;
    await writeFile(target, pdf);
    written.push(target);
  }
  return written;
}

function outputPaths(inputPaths: readonly string[], out: string): string[] {
  if (inputPaths.length === 1) return [out];
  const names = inputPaths.map((p) => `${basename(p, extname(p))}.pdf`);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`render: two inputs would both write ${duplicate}; rename one`);
  return names.map((n) => join(out, n));
}

/** The file's `document`: a request (CONTRACT §3) plus the number in its series and an id. */
const renderDocumentSchema = z.intersection(
  documentRequestSchema,
  z.object({
    number: z.number().int().min(1).max(1_000_000),
    id: z.string().min(1).max(200),
  }),
);

const renderFileSchema = z.strictObject({
  campaign: campaignSchema.refine((c) => c.id !== undefined, { message: 'needs an id', path: ['id'] }),
  organizations: z.array(organizationSchema).max(100_000),
  submissions: z.array(submissionSchema).max(100_000),
  document: renderDocumentSchema,
});

/** Reads, validates and prepares one input file; an invalid file names every wrong field. */
export async function loadRenderInput(path: string, env: NodeJS.ProcessEnv = process.env): Promise<RenderInput> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`render: ${path} is not readable JSON (${(error as Error).message})`);
  }
  return renderInputFromFile(raw, env, path);
}

/**
 * The same from already parsed JSON (tests and benchmarks build inputs this way). The campaign,
 * organizations, submissions and statistics of the result are shared with other inputs of the
 * same data and frozen (see CampaignData): make a variant by copying, not by assigning.
 */
export function renderInputFromFile(raw: unknown, env: NodeJS.ProcessEnv = process.env, source = 'input'): RenderInput {
  const key = dataKey(raw);
  const known = key === undefined ? undefined : dataSets.get(key);
  const document = known && renderDocumentSchema.safeParse((raw as RenderFileShape).document);
  let data: CampaignData;
  let request: z.output<typeof renderDocumentSchema>;
  if (known && document?.success) {
    data = known;
    request = document.data;
  } else {
    const parsed = renderFileSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `/${i.path.join('/')}: ${i.message}`).join('; ');
      throw new Error(`render: ${source} is not a valid input: ${problems}`);
    }
    data = rememberData(key, parsed.data);
    request = parsed.data.document;
  }
  const { campaign, organizations, latestSubmissions } = data;
  const { number, id, ...fields } = request;
  let asOf = data.byAsOf.get(fields.asOf);
  if (!asOf) data.byAsOf.set(fields.asOf, (asOf = deepFreeze(dataAsOf(campaign, organizations, latestSubmissions, fields.asOf))));
  return buildRenderInput({
    campaign,
    organizations,
    latestSubmissions,
    asOf,
    document: {
      id,
      number: formatNumber(number, SYMBOL_OF[fields.type], campaign.issuer.code),
      type: fields.type,
      issuedOn: fields.issuedOn,
      asOf: fields.asOf,
      subject: fields.subject,
      addressees: fields.addressees,
      recipients: fields.recipients,
      signer: fields.signer,
      proposal: fields.proposal,
    },
    publicBaseUrl: env.PUBLIC_BASE_URL || 'http://127.0.0.1:3000',
  });
}

// ---- campaign data shared by inputs -----------------------------------------------------------

/**
 * The inputs of one `render` usually carry the same campaign, organizations and submissions
 * (a report, a proposal and a letter of one campaign; one report per date): validating and
 * preparing them, and the statistics at each cut-off, is done once per distinct data (known by
 * its JSON text) and shared by the documents, frozen so that none can change what another
 * reads. A file whose data is known still has its document validated; any error is reported
 * from the whole file, exactly as for data seen the first time. A few data sets are kept.
 */
type CampaignData = {
  campaign: RenderInput['campaign'];
  organizations: Organization[];
  latestSubmissions: Submission[];
  byAsOf: Map<string, DataAsOf>;
};

type RenderFileShape = Record<keyof z.input<typeof renderFileSchema>, unknown>;

const MAX_DATA_SETS = 8;
const dataSets = new Map<string, CampaignData>();
const FILE_KEYS = new Set(Object.keys(renderFileSchema.shape));

/** The key of a file's campaign data, or undefined when the file is not an object of the four parts. */
function dataKey(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  for (const key of Object.keys(raw)) if (!FILE_KEYS.has(key)) return undefined;
  const { campaign, organizations, submissions } = raw as RenderFileShape;
  return JSON.stringify([campaign, organizations, submissions]);
}

/** Forgets the campaign data met so far (the startup snapshot drops its warm-up's). */
export function forgetCampaignData(): void {
  dataSets.clear();
}

function rememberData(key: string | undefined, parsed: z.output<typeof renderFileSchema>): CampaignData {
  const campaignId = parsed.campaign.id!;
  const data: CampaignData = {
    campaign: deepFreeze({ ...parsed.campaign, id: campaignId }),
    organizations: deepFreeze(parsed.organizations.map((o): Organization => Object.assign({}, o, { campaignId }))),
    latestSubmissions: deepFreeze(versioned(parsed.submissions, campaignId)),
    byAsOf: new Map(),
  };
  if (key !== undefined) {
    if (dataSets.size >= MAX_DATA_SETS) dataSets.delete(dataSets.keys().next().value!);
    dataSets.set(key, data);
  }
  return data;
}

/**
 * Submissions in a file have no id or version: each gets a synthetic one, numbered per
 * organization in file order, so a later entry for the same organization is its latest version.
 * `receivedAt` is fixed so that the same file gives the same bytes.
 */
function versioned(submissions: readonly z.output<typeof submissionSchema>[], campaignId: string): Submission[] {
  const versions = new Map<string, number>();
  return submissions.map((s, i) => {
    const version = (versions.get(s.organizationId) ?? 0) + 1;
    versions.set(s.organizationId, version);
    // Object.assign, not a spread: V8 copies zod's output objects into a literal with more keys slowly.
    return Object.assign({}, s, { id: `file-${i + 1}`, campaignId, version, receivedAt: '1970-01-01T00:00:00.000Z' });
  });
}
