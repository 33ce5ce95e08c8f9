import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

/**
 * useStoredSignal is a text field's value that also waits in sessionStorage
 * until it is sent, so an expired session or a reload keeps what was typed.
 * An empty value removes the key.
 */
export function useStoredSignal(key: string): Signal<string> {
  const value = useSignal<string>(read(key));
  useEffect(
    () =>
      value.subscribe((v) => {
        try {
          if (v) sessionStorage.setItem(key, v);
          else sessionStorage.removeItem(key);
        } catch {
          // Storage blocked: the field still works for this visit.
        }
      }),
    [key],
  );
  return value;
}

function read(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}
