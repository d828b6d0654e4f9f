// The page whose elements are defined after Vue's first render (see LateApp.vue): no '@teleecho/elements/define'.
import { createApp } from 'vue';
import LateApp from './LateApp.vue';
import { loadConfig } from './host.js';
import './host.css';

createApp(LateApp, { config: await loadConfig() }).mount('#root');
