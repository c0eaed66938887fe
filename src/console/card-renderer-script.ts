import { renderCardWith } from './render-card.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderChart } from './render-chart.ts';
import { renderControl } from './render-controls.ts';

/**
 * The card renderer as browser JavaScript: the very functions Node uses, embedded by their source,
 * so the console draws exactly what the tests check. Defines a global `renderCard(card, opts)`.
 *
 * Each embedded function is self-contained (it reaches its parts only through parameters), so this
 * holds whatever the TypeScript transformer renames imports to. `__name` is esbuild's keep-names
 * helper, which tsx inserts into function bodies; the shim makes the source run without it.
 */
export function cardRendererScript(): string {
  return [
    'var __name = function (f) { return f; };',
    'var renderMarkdown = ' + renderMarkdown.toString() + ';',
    'var renderChart = ' + renderChart.toString() + ';',
    'var renderControl = ' + renderControl.toString() + ';',
    'var renderCardWith = ' + renderCardWith.toString() + ';',
    'function renderCard(card, opts) {',
    '  return renderCardWith(card, opts, { renderMarkdown: renderMarkdown, renderChart: renderChart, renderControl: renderControl });',
    '}',
  ].join('\n');
}
