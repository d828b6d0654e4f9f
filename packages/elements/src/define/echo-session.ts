/**
 * Registers `<echo-session>` (side effect). Import as `@teleecho/elements/define/echo-session.js`.
 * @packageDocumentation
 */
import { EchoSessionElement } from '../session/echo-session.js';

EchoSessionElement.define();
