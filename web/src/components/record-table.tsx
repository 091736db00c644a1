/**
 * A list of records (organizations, documents, keys, import results): a table on a wide screen,
 * one card per record on a phone (styles.css `.records`), so no list scrolls sideways. Each cell
 * carries its column's name, which the phone prints before the value; the columns are named once,
 * in the page's `columns` object. The explicit roles keep the table's meaning for screen readers
 * when the phone's styles turn its parts into blocks (WebKit drops it otherwise).
 */
import type { ComponentChildren, JSX } from 'preact';

export type Columns = Readonly<Record<string, string>>;

export function RecordTable({ name, columns, children }: { name: string; columns: Columns; children: ComponentChildren }) {
  return (
    <table class={`records ${name}`} role="table">
      <thead role="rowgroup">
        <tr role="row">
          {Object.values(columns).map((label) => (
            <th key={label} scope="col" role="columnheader">
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup">{children}</tbody>
    </table>
  );
}

export function Row(props: JSX.IntrinsicElements['tr']) {
  return <tr role="row" {...props} />;
}

type CellProps = { label: string } & JSX.IntrinsicElements['td'];

/** The cell that names its record (the phone's card title). */
export function RowHeader({ label, ...props }: CellProps) {
  return <th scope="row" role="rowheader" data-label={label} {...props} />;
}

export function Cell({ label, ...props }: CellProps) {
  return <td role="cell" data-label={label} {...props} />;
}
