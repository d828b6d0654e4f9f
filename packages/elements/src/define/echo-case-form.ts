/**
 * Registers `<echo-case-form>` (side effect). Import as `@teleecho/elements/define/echo-case-form.js`.
 * @packageDocumentation
 */
import { EchoCaseForm } from '../case-form/echo-case-form.js';

EchoCaseForm.define();
