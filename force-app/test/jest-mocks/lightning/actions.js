/**
 * `lightning/actions` for the component tests (mapped in jest.config.js): a screen quick action closes its modal by
 * dispatching CloseActionScreenEvent; tests listen for the event by its type.
 */
export class CloseActionScreenEvent extends CustomEvent {
    constructor() {
        super('closeactionscreen', { bubbles: true, composed: true });
    }
}
