import { encode } from 'uqr';
import { t } from '../../i18n';

/**
 * LinkQr draws the resident link as a QR code: uqr encodes it, and the
 * modules become one SVG path (no markup from a string, so nothing to
 * sanitise and nothing the CSP has to allow). Loaded only when a link is made.
 */
export function LinkQr({ url }: { url: string }) {
  const { data, size } = encode(url, { ecc: 'M', border: 2 });
  let d = '';
  data.forEach((row, y) => row.forEach((on, x) => on && (d += `M${x} ${y}h1v1h-1z`)));
  return (
    <svg class="reslink__qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={t('reslink.qr')} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
