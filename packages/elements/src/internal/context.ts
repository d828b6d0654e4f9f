import { createContext } from '@lit/context';
import type { EchoClient } from '@teleecho/sdk';

/**
 * The Lit context through which `<echo-provider>` shares one hub client with the elements inside it.
 * Keyed by a global symbol, so two copies of this package on one page still find each other.
 */
export const echoClientContext = createContext<EchoClient | undefined>(Symbol.for('@teleecho/elements:client'));
