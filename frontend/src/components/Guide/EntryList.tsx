import { lifeDomains, type LifeDomain } from '../../api/types';
import { t, type MessageKey } from '../../i18n';

export interface EntryRow {
  text: string;
  domain: LifeDomain | null;
}

interface Props {
  id: string;
  /** itemLabel words one row for screen readers, e.g. "Doel {n}". */
  itemLabel: MessageKey;
  addLabel: MessageKey;
  rows: EntryRow[];
  onChange: (rows: EntryRow[]) => void;
  readOnly: boolean;
}

/** EntryList edits short texts in the resident's words, each optionally tied to a life domain. */
export function EntryList({ id, itemLabel, addLabel, rows, onChange, readOnly }: Props) {
  const set = (i: number, row: EntryRow) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <div class="entry-list">
      {rows.length > 0 && (
        <ol class="entry-list__rows">
          {rows.map((row, i) => (
            <li key={i} class="entry-row">
              <div class="field entry-row__text">
                <label for={`${id}-${i}`}>{t(itemLabel, { n: i + 1 })}</label>
                <textarea id={`${id}-${i}`} rows={2} value={row.text} readOnly={readOnly} onInput={(e) => set(i, { ...row, text: e.currentTarget.value })} />
              </div>
              <div class="field entry-row__domain">
                <label for={`${id}-${i}-domain`}>{t('guide.domainOf')}</label>
                <select
                  id={`${id}-${i}-domain`}
                  value={row.domain ?? ''}
                  disabled={readOnly}
                  onChange={(e) => set(i, { ...row, domain: (e.currentTarget.value || null) as LifeDomain | null })}
                >
                  <option value="">{t('guide.noDomain')}</option>
                  {lifeDomains.map((d) => (
                    <option key={d} value={d}>
                      {t(`domain.${d}`)}
                    </option>
                  ))}
                </select>
              </div>
              {!readOnly && (
                <button
                  type="button"
                  class="button button--small entry-row__remove"
                  aria-label={t('guide.removeRow', { what: t(itemLabel, { n: i + 1 }) })}
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
            onChange([...rows, { text: '', domain: null }]);
            requestAnimationFrame(() => document.getElementById(`${id}-${rows.length}`)?.focus());
          }}
        >
          {t(addLabel)}
        </button>
      )}
    </div>
  );
}
