/**
 * Helpers every component test shares: mount a component, let its promises settle, read its shadow DOM, drive
 * its inputs, collect its toasts, feed its wired Apex, and clean up. Import them with a relative path
 * (`../../../../../test/jest-utils/lwc`); the module mocks themselves are in ../jest-mocks.
 */
import { createElement } from '@lwc/engine-dom';
/** The event name sfdx-lwc-jest's lightning/platformShowToastEvent stub dispatches. */
export const SHOW_TOAST_EVENT = 'lightning__showtoast';
/** Lets pending promises and re-renders settle: `turns` macrotask turns (chained Apex calls need a few). */
export async function flush(turns = 1) {
    for (let i = 0; i < turns; i++)
        await new Promise((resolve) => setTimeout(resolve, 0));
}
/** The jest.Mock behind a mocked import (an Apex method, LightningConfirm.open). */
export const mock = (fn) => fn;
/** Creates `tag` with the given public properties and appends it to the document. */
export function mount(tag, is, props = {}) {
    const el = createElement(tag, { is });
    Object.assign(el, props);
    document.body.appendChild(el);
    return el;
}
/** Removes every mounted component and clears the mocks' calls (their implementations stay). */
export function cleanup() {
    while (document.body.firstChild)
        document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
}
/** The first element matching `selector` in the component's shadow root (fails the test when there is none). */
export function q(el, selector) {
    const found = el.shadowRoot.querySelector(selector);
    if (!found)
        throw new Error(`no ${selector} in <${el.tagName.toLowerCase()}>`);
    return found;
}
/** Clicks an element of the component and lets the handler's promises settle. */
export async function click(el, selector, turns = 2) {
    q(el, selector).click();
    await flush(turns);
}
/** Sets an input's properties and fires `change` with them as detail, as a lightning-input does. */
export function change(el, selector, props) {
    const input = q(el, selector);
    Object.assign(input, props);
    input.dispatchEvent(new CustomEvent('change', { detail: props }));
}
/** Collects the details of the toasts the component shows from now on. */
export function toasts(el) {
    const seen = [];
    el.addEventListener(SHOW_TOAST_EVENT, (e) => seen.push(e.detail));
    return seen;
}
/**
 * A wired Apex method, for a jest.mock factory (which may only reach it through jest.requireActual):
 * `jest.mock('@salesforce/apex/C.m', () => jest.requireActual<typeof import(UTILS)>(UTILS).mockApexWire(), …)`.
 */
export function mockApexWire() {
    const lwcJest = jest.requireActual('@salesforce/sfdx-lwc-jest');
    return { default: lwcJest.createApexTestWireAdapter(jest.fn()) };
}
/** Feeds data (or an error) to a wired Apex method mocked with mockApexWire. */
export const wire = (adapter) => adapter;
