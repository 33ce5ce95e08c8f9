import type { ComponentChildren } from 'preact';
import { t } from '../../i18n';
import { useFocusOnRender } from './useFocusOnRender';

interface Props<T> {
  rows: T[];
  onChange: (rows: T[]) => void;
  readOnly: boolean;
  /** itemLabel words row i for screen readers ("Doel 2"), for its remove button. */
  itemLabel: (i: number) => string;
  addLabel: string;
  /** blank is the row the add button appends. */
  blank: T;
  /** firstFieldId names the first field of row i, focused after adding it. */
  firstFieldId: (i: number) => string;
  rowClass?: string;
  /** gap words what row i still misses before finalising (shown at the row), or null. */
  gap?: (row: T, i: number) => string | null;
  /** fields renders the inputs of one row; put merges a change into it. */
  fields: (row: T, i: number, put: (patch: Partial<T>) => void) => ComponentChildren;
}

/** RowList is the list of editable rows the guide uses for entries, network and agreements: the rows
 * with their fields, a remove button per row and an add button that focuses the new row. */
export function RowList<T>({ rows, onChange, readOnly, itemLabel, addLabel, blank, firstFieldId, rowClass, gap, fields }: Props<T>) {
  const put = (i: number) => (patch: Partial<T>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const focus = useFocusOnRender();
  return (
    <div class="entry-list">
      {rows.length > 0 && (
        <ol class="entry-list__rows">
          {rows.map((row, i) => (
            <li key={i} class={`entry-row${rowClass ? ` ${rowClass}` : ''}${gap?.(row, i) ? ' entry-row--gap' : ''}`}>
              {fields(row, i, put(i))}
              {gap?.(row, i) && (
                <p class="entry-row__gap" id={`${firstFieldId(i)}-gap`}>
                  {gap(row, i)}
                </p>
              )}
              {!readOnly && (
                <button
                  type="button"
                  class="button button--small entry-row__remove"
                  aria-label={t('guide.removeRow', { what: itemLabel(i) })}
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  {t('action.remove')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (
        <button
          type="button"
          class="button"
          onClick={() => {
            onChange([...rows, { ...blank }]);
            focus(firstFieldId(rows.length)); // before the next key press, so no letter goes to this button
          }}
        >
          {addLabel}
        </button>
      )}
    </div>
  );
}
