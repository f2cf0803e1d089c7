import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The UI is one static bundle: served by `pulse serve`, and loaded from file:// by Electron (hence base './').
export default defineConfig({
  root: fileURLToPath(new URL('./renderer/', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer/', import.meta.url)),
    emptyOutDir: true,
    // Electron 38 and current browsers.
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      onwarn(warning, warn) {
        // TanStack Query marks modules "use client" for React Server Components, which this app does not use.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
