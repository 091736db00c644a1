/**
 * The verify page's script (bundled to /assets/verify.js): the file picker. The PDF is read and
 * hashed on the phone with WebCrypto; only its hex SHA-256 goes to GET /verify/{id}?sha256=.
 * The words are the page's own `<template data-verdict>`s (web/verify/verify-page.ts); this
 * script picks one and fills its slots with textContent, never markup.
 */

import { verdictOf, type DocumentStatus, type VerdictId } from './verdict.ts';

type VerifyAnswer = { valid: boolean; status?: DocumentStatus };

const root = document.getElementById('verify');
const documentId = root?.dataset.documentId;
if (root && documentId) start(root, documentId);

function start(root: HTMLElement, documentId: string): void {
  const picker = root.querySelector<HTMLElement>('[data-picker]');
  const input = root.querySelector<HTMLInputElement>('input[type=file]');
  const slot = root.querySelector<HTMLElement>('#verdict');
  if (!picker || !input || !slot) return;
  // WebCrypto's digest exists only in a secure context (HTTPS, or this machine).
  if (!globalThis.crypto?.subtle) {
    show(root, slot, 'unsupported');
    return;
  }
  picker.hidden = false;
  let latest = 0;
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const run = ++latest; // a second pick while the first is hashed wins
    show(root, slot, 'checking', { fileName: file.name });
    const verdict = await check(documentId, file).catch((): { id: VerdictId; sha256?: string } => ({ id: 'failed' }));
    input.value = ''; // picking the same file again checks it again
    if (run === latest) show(root, slot, verdict.id, { fileName: file.name, sha256: verdict.sha256 });
  });
}

async function check(documentId: string, file: File): Promise<{ id: VerdictId; sha256?: string }> {
  const sha256 = hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  const res = await fetch(`/verify/${encodeURIComponent(documentId)}?sha256=${sha256}`, {
    headers: { accept: 'application/json' },
    cache: 'no-store',
  });
  if (res.status === 404) return { id: 'not-found', sha256 };
  if (!res.ok) return { id: 'failed', sha256 };
  const answer = (await res.json()) as VerifyAnswer;
  return { id: verdictOf(answer.valid, answer.status), sha256 };
}

function show(root: HTMLElement, slot: HTMLElement, id: VerdictId, fill: { fileName?: string; sha256?: string } = {}): void {
  const template = root.querySelector<HTMLTemplateElement>(`template[data-verdict="${id}"]`);
  if (!template) return;
  const block = template.content.cloneNode(true) as DocumentFragment;
  setSlot(block, 'file-name', fill.fileName);
  setSlot(block, 'digest', fill.sha256);
  slot.replaceChildren(block);
  // On a phone the verdict lies below the picker, often under the fold.
  slot.scrollIntoView?.({ block: 'nearest' });
}

/** A slot's text, and its line shown; an empty value leaves the line hidden. */
function setSlot(block: DocumentFragment, name: string, text: string | undefined): void {
  const el = block.querySelector<HTMLElement>(`[data-slot="${name}"]`);
  if (!el || !text) return;
  el.textContent = text;
  const line = el.closest<HTMLElement>('p');
  if (line) line.hidden = false;
}

function hex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
