import { renderConsoleWith } from '../cards/render-console.ts';
import { renderConsoleChart } from '../cards/render-console-chart.ts';

/**
 * The card renderer as browser JavaScript: the very functions Node uses, embedded by their source,
 * so the console draws exactly what the tests check. Defines a global `renderCard(doc, opts)` that
 * draws a card document (src/cards/document.ts).
 *
 * Each embedded function is self-contained (it reaches its parts only through parameters), so this
 * holds whatever the TypeScript transformer renames imports to. `__name` is esbuild's keep-names
 * helper, which tsx inserts into function bodies; the shim makes the source run without it.
 */
export function cardRendererScript(): string {
  return [
    'var __name = function (f) { return f; };',
    'var renderConsoleChart = ' + renderConsoleChart.toString() + ';',
    'var renderConsoleWith = ' + renderConsoleWith.toString() + ';',
    'function renderCard(doc, opts) {',
    '  return renderConsoleWith(doc, opts, { renderConsoleChart: renderConsoleChart });',
    '}',
  ].join('\n');
}
