// Vite builds both pages; `base: './'` so the build works from any folder (npm start serves it at /react/).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    // the case form's FHIRPath engine (~600 kB) is a chunk of its own, loaded only when a template needs it
    chunkSizeWarningLimit: 1024,
    rolldownOptions: { input: { main: 'index.html', late: 'late.html' } },
  },
});
