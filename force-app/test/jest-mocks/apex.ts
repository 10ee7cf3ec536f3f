/**
 * `@salesforce/apex` for the component tests (mapped in jest.config.js, as lwc-recipes' jest-mocks do):
 * refreshApex resolves at once, so a component's "refresh after save" can be asserted on.
 */
export const refreshApex = jest.fn(() => Promise.resolve());
export const getSObjectValue = jest.fn();
