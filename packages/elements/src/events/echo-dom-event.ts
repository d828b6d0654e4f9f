/**
 * Base of every event an element emits: a `CustomEvent` that bubbles and crosses shadow roots (`composed`), so a host
 * page can listen on the element or any ancestor. Works unchanged with frameworks that read `event.detail`.
 */
export class EchoDomEvent<D> extends CustomEvent<D> {
  constructor(type: string, detail: D, init: Omit<CustomEventInit<D>, 'detail'> = {}) {
    super(type, { bubbles: true, composed: true, ...init, detail });
  }
}
