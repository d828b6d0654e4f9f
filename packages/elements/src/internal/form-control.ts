/**
 * Form association for teleECHO elements, in the manner of Material Web's `mixinFormAssociated` and its constraint
 * validation: the element takes part in a surrounding `<form>` like a native control — its value is submitted under
 * its `name`, `disabled` (its own, or a disabled `<fieldset>` around it) takes it out of the form, a form reset and a
 * browser's state restore reach it, and `validity`, `validationMessage`, `checkValidity()` and `reportValidity()`
 * answer for it.
 * @internal
 * @packageDocumentation
 */
import type { PropertyDeclarations, PropertyValues } from 'lit';
import type { EchoElement } from './echo-element.js';

/** What a form-associated element submits: a string, a file, several entries, or nothing. */
export type FormValue = string | File | FormData | null;

/** The element's validity as {@link getFormValidity} reports it. */
export interface FormValidity {
  /** Which constraints fail (none: valid). */
  flags: ValidityStateFlags;
  /** The message the browser shows and `validationMessage` returns (required when a flag is set). */
  message?: string;
  /** The control inside the element that the browser's message points at. */
  anchor?: HTMLElement;
}

/** The element's `ElementInternals` (for subclasses). */
export const internals = Symbol('internals');
/** Returns the value to submit (`null`: nothing). Subclasses implement it. */
export const getFormValue = Symbol('getFormValue');
/** Returns the state a browser gives back to `formStateRestoreCallback` (default: the value). */
export const getFormState = Symbol('getFormState');
/** Returns the element's validity. Subclasses implement it. */
export const getFormValidity = Symbol('getFormValidity');

/** The public face of a form-associated element (what `<input>` offers, less what does not apply). */
export interface FormControl {
  /** Name under which a surrounding `<form>` submits the value. */
  name?: string;
  /** Takes the element out of its form: not submitted, not validated, controls disabled. */
  disabled: boolean;
  /** Whether the element is disabled, by its own `disabled` or by a disabled `<fieldset>` around it. */
  readonly isDisabled: boolean;
  /** The `<form>` the element belongs to. */
  readonly form: HTMLFormElement | null;
  /** The `<label>`s of the element. */
  readonly labels: NodeList;
  /** Its constraint-validation state, as a native control's. */
  readonly validity: ValidityState;
  /** Why it is invalid ('' when valid). */
  readonly validationMessage: string;
  /** Whether it takes part in constraint validation (not when disabled). */
  readonly willValidate: boolean;
  /** Whether it is valid; fires `invalid` on it when not. */
  checkValidity(): boolean;
  /** Like `checkValidity()`, and shows why. */
  reportValidity(): boolean;
  /** A `<fieldset>` around it was disabled or enabled (browser callback). */
  formDisabledCallback(disabled: boolean): void;
  /** Its form was reset (browser callback). */
  formResetCallback(): void;
  /** The browser gives back a state saved by {@link getFormState} (back/forward, session restore, autofill). */
  formStateRestoreCallback(state: FormValue, reason: 'restore' | 'autocomplete'): void;
  /** @internal */
  readonly [internals]: ElementInternals;
  /** @internal */
  [getFormValue](): FormValue;
  /** @internal */
  [getFormState](): FormValue;
  /** @internal */
  [getFormValidity](): FormValidity;
}

/**
 * Whether a disabled `<fieldset>` disables `element` (the HTML rule: a descendant of it, outside its first
 * `<legend>`). Read from the DOM rather than from `formDisabledCallback`, which mixes in the element's own attribute.
 */
function inDisabledFieldset(element: Element): boolean {
  for (let fieldset = element.closest('fieldset[disabled]'); fieldset;) {
    const legend = fieldset.querySelector(':scope > legend');
    if (!legend?.contains(element)) return true;
    fieldset = fieldset.parentElement?.closest('fieldset[disabled]') ?? null;
  }
  return false;
}

/** A class of elements (abstract ones too). */
// TypeScript's mixin pattern requires a constructor of `any[]` arguments (TS2545).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ElementClass<T> = abstract new (...args: any[]) => T;

/**
 * Makes an {@link EchoElement} class form-associated. Subclasses implement {@link getFormValue} and
 * {@link getFormValidity} (and may override `formResetCallback`, `formStateRestoreCallback`, `reportValidity`);
 * the value and validity are handed to the form after every update, and when `disabled` changes.
 */
export function mixinFormControl<T extends ElementClass<EchoElement>>(base: T): T & ElementClass<FormControl> {
  abstract class FormControlElement extends base implements FormControl {
    /** Lets the browser associate the element with forms. */
    static formAssociated = true;

    static properties: PropertyDeclarations = {
      name: { reflect: true },
      disabled: { type: Boolean, reflect: true },
    };

    declare name?: string;
    declare disabled: boolean;

    /** @internal */
    readonly [internals]: ElementInternals;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see ElementClass
    constructor(...args: any[]) {
      super(...args);
      this[internals] = this.attachInternals();
      this.disabled = false;
    }

    get isDisabled(): boolean {
      return this.disabled || inDisabledFieldset(this);
    }

    get form(): HTMLFormElement | null {
      return this[internals].form;
    }

    get labels(): NodeList {
      return this[internals].labels;
    }

    get validity(): ValidityState {
      return this[internals].validity;
    }

    get validationMessage(): string {
      return this[internals].validationMessage;
    }

    get willValidate(): boolean {
      return this[internals].willValidate;
    }

    checkValidity(): boolean {
      return this[internals].checkValidity();
    }

    reportValidity(): boolean {
      return this[internals].reportValidity();
    }

    formDisabledCallback(_disabled: boolean): void {
      this.requestUpdate(); // a <fieldset> around it changed: `isDisabled` reads it
    }

    formResetCallback(): void {}

    formStateRestoreCallback(_state: FormValue, _reason: 'restore' | 'autocomplete'): void {}

    /** @internal */
    abstract [getFormValue](): FormValue;

    /** @internal */
    [getFormState](): FormValue {
      return this[getFormValue]();
    }

    /** @internal */
    abstract [getFormValidity](): FormValidity;

    protected override updated(changed: PropertyValues): void {
      super.updated(changed);
      this.syncFormControl();
    }

    /** Hands the current value, state and validity to the form. */
    protected syncFormControl(): void {
      this[internals].setFormValue(this[getFormValue](), this[getFormState]());
      const { flags, message, anchor } = this[getFormValidity]();
      if (Object.values(flags).some(Boolean)) this[internals].setValidity(flags, message, anchor);
      else this[internals].setValidity({});
    }
  }
  return FormControlElement;
}
