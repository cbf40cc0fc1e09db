'use client';

import QRCode from 'qrcode';
import { useMemo } from 'react';

/**
 * A QR code drawn in the browser from the `qrcode` library's module matrix: no image service, and the
 * URL (which carries a display token) never leaves the page. One SVG path, dark modules on white.
 */
export function QrCode({ value, size = 240, label }: { value: string; size?: number; label: string }) {
  const { path, count } = useMemo(() => {
    const { modules } = QRCode.create(value, { errorCorrectionLevel: 'M' });
    let d = '';
    for (let row = 0; row < modules.size; row++)
      for (let col = 0; col < modules.size; col++)
        if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    return { path: d, count: modules.size + 8 };
  }, [value]);
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid="qr-code"
      width={size}
      height={size}
      viewBox={`0 0 ${count} ${count}`}
      shapeRendering="crispEdges"
      className="rounded bg-white"
    >
      <rect width={count} height={count} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
