import { createPrivateKey, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readPkcs12 } from '#core/signing/pkcs12.ts';
import { toPem } from '#core/signing/x509.ts';
import { CliError, clientFor, globals, printJson, sha256Hex, type Io } from '../context.ts';

/**
 * `sign ID --p12 FILE [--password …]`: the person's signature on a ready document, end to end.
 * The PKCS#12 file stands in for the signer's token: its key never leaves this machine. The API
 * hands out the signed attributes for the certificate (prepare); they are signed here with
 * SHA-256 and sent back (complete); the server then queues the organization's signature.
 * The password: --password, else the environment variable SIGNING_P12_PASSWORD (a flag shows in ps).
 */
type Prepared = { signingId: string; signedAttributes: string; certificate: { subject: string; sha256: string } };
type Signed = { id: string; number: string; signatures?: Array<{ step: string; signer: string; signedAt: string }>; awaitingSignature?: string };

export async function signCommand(documentId: string, opts: { p12: string; password?: string }, cmd: Command, io: Io): Promise<number> {
  const client = clientFor(cmd, io);
  const password = opts.password ?? io.env.SIGNING_P12_PASSWORD ?? '';
  const path = resolve(io.cwd, opts.p12);
  const p12 = await readFile(path).catch(() => {
    throw new CliError(`cannot read the PKCS#12 file ${opts.p12}`);
  });
  let key;
  try {
    key = readPkcs12(p12, password);
  } catch (e) {
    throw new CliError(`${opts.p12}: ${(e as Error).message}`);
  }
  const [own, ...chain] = key.chain;
  const doc = encodeURIComponent(documentId);
  const prepared = await client.json<Prepared>('POST', `/documents/${doc}/signatures:prepare`, {
    json: { certificate: toPem('CERTIFICATE', own!), ...(chain.length ? { chain: chain.map((c) => toPem('CERTIFICATE', c)) } : {}) },
  });
  // The server must have prepared it for this very certificate: never sign for another.
  if (prepared.certificate.sha256 !== sha256Hex(own!)) throw new CliError('the server prepared the signature for another certificate; nothing was signed');
  const signature = sign('sha256', Buffer.from(prepared.signedAttributes, 'base64'), createPrivateKey(key.privateKeyPem));
  const signed = await client.json<Signed>('POST', `/documents/${doc}/signatures`, {
    json: { signingId: prepared.signingId, signature: signature.toString('base64') },
  });
  if (globals(cmd).json) printJson(io, signed);
  else {
    const next = signed.awaitingSignature === 'organization' ? "; the organization's signature follows" : '';
    io.stdout(`${signed.number}: signed by ${prepared.certificate.subject}${next}\n`);
  }
  return 0;
}
