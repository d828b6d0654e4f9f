/**
 * Registers `<echo-evaluation>` (side effect). Import as `@teleecho/elements/define/echo-evaluation.js`.
 * @packageDocumentation
 */
import { EchoEvaluation } from '../evaluation/echo-evaluation.js';

EchoEvaluation.define();
