/**
 * Proves that the accessibility assertion every component test makes can fail, offline in jsdom: sa11y's
 * toBeAccessible() (axe-core) rejects an image without alternative text and an unnamed button, also inside a
 * shadow root, and accepts their accessible versions.
 */
describe('toBeAccessible()', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('rejects an image without alt text and a button without a name', async () => {
        document.body.innerHTML = '<main><img src="logo.png"><button></button></main>';
        await expect(document.querySelector('main')).not.toBeAccessible();
        document.body.innerHTML = '<main><img src="logo.png" alt="Contoso"><button>Save</button></main>';
        await expect(document.querySelector('main')).toBeAccessible();
    });

    it('looks inside a shadow root', async () => {
        const host = document.createElement('div');
        document.body.appendChild(host);
        host.attachShadow({ mode: 'open' }).innerHTML = '<button></button>';
        await expect(host).not.toBeAccessible();
        host.shadowRoot!.innerHTML = '<button>Retry</button>';
        await expect(host).toBeAccessible();
    });
});
