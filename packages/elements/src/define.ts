/**
 * Registers every teleECHO element (side effect); the CDN build's entry. Tags already defined by another copy of
 * the library are kept (with one console warning), so loading this twice is harmless.
 * @packageDocumentation
 */
import './define/echo-provider.js';
import './define/echo-schedule.js';
import './define/echo-session.js';
import './define/echo-recommendation-viewer.js';
import './define/echo-case-queue.js';
import './define/echo-agenda.js';
import './define/echo-recommendation-editor.js';
import './define/echo-case-form.js';
import './define/echo-evaluation.js';
