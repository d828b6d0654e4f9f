/**
 * Registers `<echo-recommendation-editor>` (side effect). Import as
 * `@teleecho/elements/define/echo-recommendation-editor.js`.
 * @packageDocumentation
 */
import { EchoRecommendationEditor } from '../console/echo-recommendation-editor.js';

EchoRecommendationEditor.define();
