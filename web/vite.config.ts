import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.PAYLENS_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': api, '/healthz': api } },
});
