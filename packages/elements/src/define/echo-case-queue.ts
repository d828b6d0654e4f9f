/**
 * Registers `<echo-case-queue>` (side effect). Import as `@teleecho/elements/define/echo-case-queue.js`.
 * @packageDocumentation
 */
import { EchoCaseQueue } from '../console/echo-case-queue.js';

EchoCaseQueue.define();
