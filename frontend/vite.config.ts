import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// The SPA is served by the hoi binary from frontend/dist (see embed.go), so the
// build is a plain static bundle rooted at "/". In dev, API calls go to a
// locally running `hoi serve`.
export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Small enough that per-chunk source maps are not worth shipping inside the binary.
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
