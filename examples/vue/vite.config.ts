// Vite builds both pages; `base: './'` so the build works from any folder (npm start serves it at /vue/).
// `isCustomElement`: Vue's template compiler leaves `<echo-*>` tags to the browser instead of resolving components.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('echo-') } } })],
  build: {
    // the case form's FHIRPath engine (~600 kB) is a chunk of its own, loaded only when a template needs it
    chunkSizeWarningLimit: 1024,
    rolldownOptions: { input: { main: 'index.html', late: 'late.html' } },
  },
});
