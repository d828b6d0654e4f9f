/**
 * Registers `<echo-agenda>` (side effect). Import as `@teleecho/elements/define/echo-agenda.js`.
 * @packageDocumentation
 */
import { EchoAgenda } from '../console/echo-agenda.js';

EchoAgenda.define();
