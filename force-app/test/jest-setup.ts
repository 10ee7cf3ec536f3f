/**
 * Set up for every component test (jest.config.js, setupFilesAfterEnv): registers sa11y's `toBeAccessible()`,
 * which runs axe-core's accessibility rules (sa11y's base preset) over a rendered component in jsdom, offline.
 */
import { registerSa11yMatcher } from '@sa11y/jest';

registerSa11yMatcher();
