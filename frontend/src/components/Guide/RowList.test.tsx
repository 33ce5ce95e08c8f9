import { render } from 'preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { RowList } from './RowList';

interface Row {
  text: string;
}

function Rows() {
  const [rows, setRows] = useState<Row[]>([{ text: 'Weer een dagritme' }]);
  return (
    <RowList
      rows={rows}
      onChange={setRows}
      readOnly={false}
      itemLabel={(i) => `Doel ${i + 1}`}
      addLabel="Doel toevoegen"
      blank={{ text: '' }}
      firstFieldId={(i) => `goal-${i}`}
      fields={(row, i, put) => <textarea id={`goal-${i}`} value={row.text} onInput={(e) => put({ text: e.currentTarget.value })} />}
    />
  );
}

/** microtasks lets the promise jobs run, but no timer and no animation frame: what happens before the next key press. */
async function microtasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('row list', () => {
  let root: HTMLElement;
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('focuses the new row before the next key press, so no typed letter goes to the add button', async () => {
    root = document.createElement('div');
    document.body.append(root);
    render(<Rows />, root);
    const add = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Doel toevoegen')!;
    add.focus();
    add.click();
    await microtasks();
    expect(document.activeElement?.id).toBe('goal-1');
    add.click();
    await microtasks();
    expect(document.activeElement?.id).toBe('goal-2');
    expect(root.querySelectorAll('textarea')).toHaveLength(3);
  });
});
