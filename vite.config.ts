// Vite config for the renderer (root renderer/, output dist/renderer). `npm run build` runs it
// through scripts/build.mjs; relative asset URLs (base './') let the same files load from the
// desktop app's app:// origin and from web mode's HTTP server. The renderer imports electron/common
// (the contract, models, Result) as @common/* (also in renderer/tsconfig.json).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  resolve: { alias: { '@common': fileURLToPath(new URL('./electron/common', import.meta.url)) } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    // Timing notes depend on machine load (2 shared cores here), not on the code: keep the build quiet.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { port: 5173, strictPort: false },
});
