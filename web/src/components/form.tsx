/**
 * Forms whose values are kept by the JSON pointer of the field they fill (`/secretary/fullName`),
 * the same pointer the API names in its errors: an error lands beside its field with no table.
 */
import type { RefObject, TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { vietnameseDate } from '../../../templates/vietnamese.ts';
import { ApiError } from '../api.ts';
import { fieldLabel, fieldSentence, type FieldError } from '../messages.ts';
import { Alert, errorsByPath, errorText, Field, focusFirstInvalid, type Errors } from './ui.tsx';

export type Values = Record<string, string>;

export function fieldId(path: string): string {
  return `f${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

export type Form = {
  values: Values;
  set: (path: string, value: string) => void;
  errors: Errors;
  fieldErrors: FieldError[];
  problem: string | null;
  /** Shows a failed request: field errors beside their fields (focus on the first), or the message. */
  fail: (err: unknown, formEl: HTMLElement | null) => void;
  clear: () => void;
  /** Fills the fields the person has not touched yet (data that arrives after the form is shown). */
  prefill: (values: Values) => void;
};

export function useForm(initial: Values): Form {
  const [values, setValues] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  return {
    values,
    set: (path, value) => setValues((v) => ({ ...v, [path]: value })),
    errors: errorsByPath(fieldErrors),
    fieldErrors,
    problem,
    fail: (err, formEl) => {
      setProblem(errorText(err));
      setFieldErrors(err instanceof ApiError ? err.errors : []);
      focusFirstInvalid(formEl);
    },
    clear: () => {
      setProblem(null);
      setFieldErrors([]);
    },
    prefill: (v) => setValues((typed) => ({ ...v, ...typed })),
  };
}

/** The failure above the form: the message, and every field error with its field's name. */
export function FormProblem({ form }: { form: Form }) {
  if (!form.problem) return null;
  return (
    <Alert>
      <p>{form.problem}</p>
      {form.fieldErrors.length > 0 && (
        <ul>
          {form.fieldErrors.map((e, i) => (
            <li key={i}>{fieldSentence(e)}</li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

type InputProps = {
  form: Form;
  path: string;
  label?: string;
  hint?: string;
  type?: 'text' | 'date' | 'number';
  multiline?: boolean;
  inputMode?: 'decimal' | 'numeric';
};

export function Input({ form, path, label = fieldLabel(path), hint, type = 'text', multiline, inputMode }: InputProps) {
  const onInput = (e: TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) => form.set(path, e.currentTarget.value);
  return (
    <Field id={fieldId(path)} label={label} path={path} errors={form.errors} hint={hint}>
      {(a11y) =>
        multiline ? (
          <textarea {...a11y} rows={4} value={form.values[path] ?? ''} onInput={onInput} />
        ) : type === 'date' ? (
          <DateInput {...a11y} value={form.values[path] ?? ''} onInput={onInput} />
        ) : (
          // counts are typed as text: what was typed is what is sent, and the API names what is wrong
          <input {...a11y} type="text" inputMode={inputMode ?? (type === 'number' ? 'numeric' : undefined)} value={form.values[path] ?? ''} onInput={onInput} />
        )
      }
    </Field>
  );
}

type DateInputProps = {
  id: string;
  value: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
  onInput?: (e: TargetedEvent<HTMLInputElement>) => void;
  onChange?: (e: TargetedEvent<HTMLInputElement>) => void;
};

/**
 * A date picker and, under it, the chosen date in words as the documents print it ("ngày 06
 * tháng 6 năm 2020"). The picker shows the date in the browser's own format, which on a
 * browser set to English reads 06/05/2020 for 5 June: the words leave no doubt which day it is.
 */
export function DateInput({ id, value, 'aria-describedby': described, ...rest }: DateInputProps) {
  const words = /^\d{4}-\d{2}-\d{2}$/.test(value) ? vietnameseDate(value) : '';
  const wordsId = `${id}-words`;
  return (
    <>
      <input {...rest} id={id} type="date" value={value} aria-describedby={[described, words ? wordsId : ''].filter(Boolean).join(' ') || undefined} />
      {words && (
        <span class="date-words" id={wordsId}>
          {words.charAt(0).toUpperCase() + words.slice(1)}
        </span>
      )}
    </>
  );
}

/**
 * A file chooser in Vietnamese: the browser's own button and "no file chosen" speak the
 * browser's language, so the input is hidden (still focusable and labelled by the field's
 * label) and a button-like label and the chosen file's name stand in for them.
 */
export function FileField({ id, label, accept, inputRef }: { id: string; label: string; accept: string; inputRef: RefObject<HTMLInputElement | null> }) {
  const [name, setName] = useState('');
  return (
    <div class="field file-field">
      <label for={id} id={`${id}-label`}>
        {label}
      </label>
      <div class="file-picker">
        <input
          id={id}
          ref={inputRef}
          type="file"
          accept={accept}
          class="file-input"
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-name`}
          onChange={(e) => setName(e.currentTarget.files?.[0]?.name ?? '')}
        />
        <label for={id} class="button" aria-hidden="true">
          Chọn tệp…
        </label>
        <span id={`${id}-name`} class={name ? 'file-name' : 'file-name muted'}>
          {name || 'Chưa chọn tệp'}
        </span>
      </div>
    </div>
  );
}

export function Select({ form, path, label = fieldLabel(path), options }: { form: Form; path: string; label?: string; options: [string, string][] }) {
  return (
    <Field id={fieldId(path)} label={label} path={path} errors={form.errors}>
      {(a11y) => (
        <select {...a11y} value={form.values[path] ?? ''} onChange={(e) => form.set(path, e.currentTarget.value)}>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A text box's value for the API: trimmed, or absent when empty. */
export function text(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/**
 * A number box's value: absent when empty, a decimal comma read as a point; what is not a number
 * is sent as typed, for the API to name (its rules are checked in one place, the server).
 */
export function count(v: string | undefined): number | string | undefined {
  const t = v?.trim();
  if (!t) return undefined;
  const n = Number(t.replace(',', '.'));
  return Number.isFinite(n) ? n : t;
}

/** One item a line (addressees, recipients, recommendations). */
export function lines(v: string | undefined): string[] {
  return (v ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Drops absent values, so that the API sees only what was filled. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
