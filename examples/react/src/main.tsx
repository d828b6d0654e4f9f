// The elements installed from npm and bundled by Vite: importing '@teleecho/elements/define' registers the tags
// before React renders, so every prop that is an element property is set as a property.
import '@teleecho/elements/define';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { loadConfig } from './host.js';
import './host.css';

const config = await loadConfig();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App config={config} />
  </StrictMode>,
);
