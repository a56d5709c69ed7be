/**
 * dist/game_page.js: the page `pixelpilot train|eval --game` runs (not a published entry). It is
 * the SDK as `pixelpilot` has it plus the page program, so that the training entry's own
 * `import ... from 'pixelpilot'` and the page program share one copy of the SDK in the page.
 */
export * from './index';
export { startGamePage } from './game/page/page_program';
export type { PageModules } from './game/page/page_program';
