import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { z } from 'zod';
import type { Organization, Submission } from '#core/model.ts';
import { formatNumber, SYMBOL_OF } from '#core/numbering.ts';
import { buildRenderInput, type RenderInput } from '#core/render-input.ts';
import { campaignSchema, documentRequestSchema, organizationSchema, submissionSchema } from '#core/schemas.ts';
import { renderPdf } from '#templates/render.ts';

/** Options of `congress-docs render`. */
export type RenderOptions = {
  /**
   * The public base URL documents are verified at (`--verify-base`; else env PUBLIC_BASE_URL):
   * each PDF then carries a QR code of `<base>/verify/<id>`. Absent: no QR code, rather than one
   * that points nowhere.
   */
  verifyBase?: string;
};

/**
 * `congress-docs render IN.json… -o OUT` (CONTRACT §1): PDFs from files, no server. Each input is
 * `{"campaign":{…,"id"},"organizations":[…],"submissions":[…],"document":{…request,"number":415,"id":"…"}}`.
 * OUT is the PDF for one input, or a folder receiving `<input basename>.pdf` for several.
 * All inputs render in this one process, so fonts are parsed once.
 */
export async function renderFiles(inputPaths: string[], out: string, options: RenderOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  if (inputPaths.length === 0) throw new Error('render: give at least one input file');
  const targets = outputPaths(inputPaths, out);
  if (inputPaths.length > 1) await mkdir(out, { recursive: true });
  const verifyBase = options.verifyBase ?? env.PUBLIC_BASE_URL;
  // Reading and writing overlap the rendering (the next file is read while one renders, a PDF
  // is written while the next renders): a batch spends no time waiting on the disk. Every write
  // started has ended before this returns or throws.
  const writes: Promise<void>[] = [];
  try {
    let next = readInput(inputPaths[0]!);
    for (const [i, path] of inputPaths.entries()) {
      const text = await next;
      if (i + 1 < inputPaths.length) next = readInput(inputPaths[i + 1]!);
      const { pdf } = await renderPdf(renderInputFromFile(parseInput(path, text), verifyBase, path));
      writes.push(writeFile(targets[i]!, pdf));
    }
  } finally {
    await Promise.allSettled(writes);
  }
  await Promise.all(writes);
  return targets;
}

/** A file's text, or the error of reading it, for when its turn comes (never an unhandled rejection). */
function readInput(path: string): Promise<string | Error> {
  return readFile(path, 'utf8').catch((error: Error) => error);
}

function parseInput(path: string, text: string | Error): unknown {
  try {
    if (text instanceof Error) throw text;
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`render: ${path} is not readable JSON (${(error as Error).message})`);
  }
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
export async function loadRenderInput(path: string, verifyBase?: string): Promise<RenderInput> {
  return renderInputFromFile(parseInput(path, await readInput(path)), verifyBase, path);
}

/** The same from already parsed JSON (tests and benchmarks build inputs this way). */
export function renderInputFromFile(raw: unknown, verifyBase?: string, source = 'input'): RenderInput {
  const parsed = renderFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `/${i.path.join('/')}: ${i.message}`).join('; ');
    throw new Error(`render: ${source} is not a valid input: ${problems}`);
  }
  const campaignId = parsed.data.campaign.id!;
  const campaign = { ...parsed.data.campaign, id: campaignId };
  const { number, id, ...fields } = parsed.data.document;
  return buildRenderInput({
    campaign,
    organizations: parsed.data.organizations.map((o): Organization => Object.assign({}, o, { campaignId })),
    latestSubmissions: versioned(parsed.data.submissions, campaignId),
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
    ...(verifyBase ? { publicBaseUrl: verifyBase } : {}),
  });
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
    return Object.assign({}, s, { id: `file-${i + 1}`, campaignId, version, receivedAt: '1970-01-01T00:00:00.000Z' });
  });
}
