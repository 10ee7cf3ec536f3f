/**
 * The workbench page's entry: synthetic shadow first (as in Lightning Experience, so that SLDS, a global style
 * sheet, styles the components), then the shell component.
 */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import App from './modules/wb/app/app';

document.getElementById('root')!.appendChild(createElement('wb-app', { is: App }));
