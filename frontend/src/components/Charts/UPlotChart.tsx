import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface Props {
  /** options without width (taken from the container); height in CSS pixels. */
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
  /** label is what a screen reader hears for the chart; a table next to it carries the numbers. */
  label: string;
}

/**
 * UPlotChart draws one uPlot chart at the width of its container and redraws
 * when that width changes (tablet rotation). uPlot is small (≈ 20 KB gzip),
 * canvas-based and sets styles through the CSSOM, which the CSP allows.
 */
export function UPlotChart({ options, data, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const chart = new uPlot({ ...options, width: Math.max(200, el.clientWidth) }, data, el);
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height: options.height }));
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      chart.destroy();
    };
  }, [options, data]);
  return <div ref={box} class="uplot-box" role="img" aria-label={label} />;
}
