/**
 * Registers `<echo-recommendation-viewer>` (side effect). Import as
 * `@teleecho/elements/define/echo-recommendation-viewer.js`.
 * @packageDocumentation
 */
import { EchoRecommendationViewer } from '../recommendations/echo-recommendation-viewer.js';

EchoRecommendationViewer.define();
