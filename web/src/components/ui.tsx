/** Small shared pieces: messages, fields with their errors, a confirm dialog, a copy button. */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { CsvSplitError } from '../../../functions/core/csv-chunks.ts';
import { ApiError } from '../api.ts';
import { csvSplitMessage, fieldMessage, type FieldError } from '../messages.ts';

export function Alert({ children, kind = 'error' }: { children: ComponentChildren; kind?: 'error' | 'success' | 'info' }) {
  return (
    <div class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Loading({ children = 'Đang tải…' }: { children?: ComponentChildren }) {
  return (
    <p class="muted" role="status">
      {children}
    </p>
  );
}

/** A message for any failure: ApiError already speaks Vietnamese; anything else is generic. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof CsvSplitError) return csvSplitMessage(err.problem);
  return 'Đã xảy ra lỗi không mong muốn. Hãy tải lại trang.';
}

/** Field errors by JSON pointer, as the API names them. */
export type Errors = Record<string, string>;

export function errorsByPath(errors: FieldError[]): Errors {
  const out: Errors = {};
  const add = (path: string, message: string) => (out[path] = out[path] ? `${out[path]} ${message}` : message);
  for (const e of errors) {
    add(e.path, fieldMessage(e));
    // an item of a list typed one a line (`/addressees/2`) is shown beside the list's box
    const item = /^(.*)\/(\d+)$/.exec(e.path);
    if (item) add(item[1]!, `Dòng ${Number(item[2]) + 1}: ${fieldMessage(e)}`);
  }
  return out;
}

/** Moves the focus to the first field marked invalid, after the errors have been rendered. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

type FieldProps = {
  id: string;
  label: string;
  path: string;
  errors: Errors;
  hint?: string;
  children: (a11y: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => JSX.Element;
};

/** A labelled control with its hint and its error beside it (linked by aria-describedby). */
export function Field({ id, label, path, errors, hint, children }: FieldProps) {
  const error = errors[path];
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {children({ id, ...(error ? { 'aria-invalid': 'true' } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** A yes/no question as two radio buttons (a fieldset, so that the question is read with them). */
export function YesNo({ name, legend, value, onChange, error }: { name: string; legend: string; value: boolean | undefined; onChange: (v: boolean) => void; error?: string }) {
  const errorId = `${name}-error`;
  return (
    <fieldset class={`field yes-no${error ? ' field-invalid' : ''}`} aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {[true, false].map((v) => (
        <label key={String(v)} class="inline">
          <input
            type="radio"
            name={name}
            id={`${name}-${v ? 'co' : 'khong'}`}
            checked={value === v}
            aria-invalid={error && v ? 'true' : undefined}
            onChange={() => onChange(v)}
          />{' '}
          {v ? 'Có' : 'Không'}
        </label>
      ))}
      {error && (
        <span class="field-error" id={errorId}>
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** A native modal dialog: focus moves in, Escape cancels, focus returns to the opener. */
export function ConfirmDialog({ title, open, onClose, children, confirmLabel, onConfirm }: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby="dialog-title" onClose={onClose} onCancel={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <h2 id="dialog-title">{title}</h2>
        {children}
        <div class="actions">
          <button type="submit" class="danger">
            {confirmLabel}
          </button>
          <button type="button" onClick={onClose}>
            Hủy
          </button>
        </div>
      </form>
    </dialog>
  );
}

export function CopyButton({ text, label = 'Sao chép' }: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setDone(true);
        } catch {
          setDone(false);
        }
      }}
    >
      {done ? 'Đã sao chép' : label}
    </button>
  );
}

/** A page's title: sets the document title too, which a screen reader announces. */
export function PageTitle({ children }: { children: string }) {
  useEffect(() => {
    document.title = `${children} — Đại hội đảng bộ các cấp`;
  }, [children]);
  return <h1 tabIndex={-1}>{children}</h1>;
}

/** Saves a blob as a file, through a temporary link (the only download a strict CSP allows). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
