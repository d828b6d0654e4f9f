/**
 * Registers `<echo-schedule>` (side effect). Import as `@teleecho/elements/define/echo-schedule.js`.
 * @packageDocumentation
 */
import { EchoSchedule } from '../schedule/echo-schedule.js';

EchoSchedule.define();
