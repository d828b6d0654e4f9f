// The elements installed from npm and bundled by Vite: importing '@teleecho/elements/define' registers the tags
// before Vue mounts, so bindings that are element properties are set as properties.
import '@teleecho/elements/define';
import { createApp } from 'vue';
import App from './App.vue';
import { loadConfig } from './host.js';
import './host.css';

createApp(App, { config: await loadConfig() }).mount('#root');
