/**
 * Registers `<echo-provider>` (side effect). Import as `@teleecho/elements/define/echo-provider.js`.
 * @packageDocumentation
 */
import { EchoProvider } from '../internal/echo-provider.js';

EchoProvider.define();
