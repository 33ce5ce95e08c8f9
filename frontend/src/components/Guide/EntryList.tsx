import { lifeDomains, type LifeDomain } from '../../api/types';
import { t, type MessageKey } from '../../i18n';
import { RowList } from './RowList';

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
  /** priorities are the domains the resident wants to talk about: offered first. */
  priorities?: readonly LifeDomain[];
}

/** EntryList edits short texts in the resident's words, each optionally tied to a life domain. */
export function EntryList({ id, itemLabel, addLabel, rows, onChange, readOnly, priorities = [] }: Props) {
  const ordered = [...priorities, ...lifeDomains.filter((d) => !priorities.includes(d))];
  return (
    <RowList
      rows={rows}
      onChange={onChange}
      readOnly={readOnly}
      itemLabel={(i) => t(itemLabel, { n: i + 1 })}
      addLabel={t(addLabel)}
      blank={{ text: '', domain: null }}
      firstFieldId={(i) => `${id}-${i}`}
      gap={(row) => (!row.text.trim() && row.domain ? t('gap.row.entryText') : null)}
      fields={(row, i, put) => (
        <>
          <div class="field entry-row__text">
            <label for={`${id}-${i}`}>{t(itemLabel, { n: i + 1 })}</label>
            <textarea
              id={`${id}-${i}`}
              rows={2}
              value={row.text}
              readOnly={readOnly}
              aria-invalid={!row.text.trim() && !!row.domain}
              aria-describedby={!row.text.trim() && row.domain ? `${id}-${i}-gap` : undefined}
              onInput={(e) => put({ text: e.currentTarget.value })}
            />
          </div>
          <div class="field entry-row__domain">
            <label for={`${id}-${i}-domain`}>{t('guide.domainOf', { what: t(itemLabel, { n: i + 1 }) })}</label>
            <select id={`${id}-${i}-domain`} value={row.domain ?? ''} disabled={readOnly} onChange={(e) => put({ domain: (e.currentTarget.value || null) as LifeDomain | null })}>
              <option value="">{t('guide.noDomain')}</option>
              {ordered.map((d) => (
                <option key={d} value={d}>
                  {priorities.includes(d) ? `★ ${t(`domain.${d}`)}` : t(`domain.${d}`)}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
    />
  );
}
