import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

/** Loaded is the state of one request a page makes on mount. */
export interface Loaded<T> {
  data: Signal<T | null>;
  error: Signal<number | 'network' | null>;
  loading: Signal<boolean>;
  reload: () => Promise<void>;
}

/**
 * useAsync runs a request when the component mounts or deps change. The
 * request answers openapi-fetch style ({ data, response }); a thrown error is
 * a network failure. 4xx/5xx become the status number in `error`.
 */
export function useAsync<T>(
  run: () => Promise<{ data?: T | undefined; response: Response }>,
  deps: unknown[],
): Loaded<T> {
  const data = useSignal<T | null>(null);
  const error = useSignal<number | 'network' | null>(null);
  const loading = useSignal(true);
  // One counter for the component's whole life (not one per render), so an
  // answer to an older request never overwrites a newer one.
  const seq = useRef(0);

  async function reload(): Promise<void> {
    const mine = ++seq.current;
    loading.value = true;
    try {
      const res = await run();
      if (mine !== seq.current) return;
      if (res.data !== undefined) {
        data.value = res.data;
        error.value = null;
      } else error.value = res.response.status;
    } catch {
      if (mine === seq.current) error.value = 'network';
    } finally {
      if (mine === seq.current) loading.value = false;
    }
  }

  useEffect(() => {
    void reload();
  }, deps); // the caller names what the request depends on

  return { data, error, loading, reload };
}
