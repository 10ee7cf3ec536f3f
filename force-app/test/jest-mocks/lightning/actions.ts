/**
 * `lightning/actions` for the component tests (mapped in jest.config.js): a screen quick action closes its modal by
 * dispatching CloseActionScreenEvent on itself; tests listen for it on the component by its type.
 */
export class CloseActionScreenEvent extends CustomEvent<null> {
    constructor() {
        super('closeactionscreen');
    }
}
