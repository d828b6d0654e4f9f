/**
 * Registers every teleECHO element (side effect); the CDN build's entry. Tags already defined by another copy of
 * the library are kept (with one console warning), so loading this twice is harmless.
 * @packageDocumentation
 */
import './define/echo-provider.js';
import './define/echo-schedule.js';
import './define/echo-session.js';
