import { useLayoutEffect, useRef } from 'preact/hooks';

/** FocusTarget names what gets the focus: an element id, or a function that finds the element. */
export type FocusTarget = string | (() => HTMLElement | null | undefined);

/**
 * useFocusOnRender returns focus(target): target gets the focus as soon as the
 * render that shows it is committed, still in the task of the tap that asked
 * for it, so before the browser handles the next key press.
 *
 * Why not requestAnimationFrame: it waits for the next frame, and the keys
 * typed in between went to the button just tapped. After "Doel toevoegen" the
 * first letters of the new goal were lost, and a space tapped the button again
 * (an extra empty row). On a busy tablet that gap is long enough for a quick
 * typist, and it is what made e2e/guide.test.mjs flaky.
 *
 * When no render follows (the target is on screen already), a microtask
 * focuses it. A target that has not appeared by the next render is dropped:
 * the focus never jumps later.
 */
export function useFocusOnRender(): (target: FocusTarget) => void {
  const pending = useRef<FocusTarget | null>(null);
  const attempt = (drop: boolean) => {
    const target = pending.current;
    if (target === null) return;
    const el = typeof target === 'string' ? document.getElementById(target) : target();
    if (el || drop) pending.current = null;
    el?.focus();
  };
  useLayoutEffect(() => attempt(true));
  return (target) => {
    pending.current = target;
    queueMicrotask(() => attempt(false));
  };
}
