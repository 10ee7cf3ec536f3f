/**
 * `lightning/confirm` for the component tests (mapped in jest.config.js): `open` is a mock a test answers with
 * `mockResolvedValue(true | false)`, as the user would click OK or Cancel.
 */
export default class LightningConfirm {
    static open = jest.fn();
}
