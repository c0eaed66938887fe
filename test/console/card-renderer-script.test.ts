import { expect, test } from 'vitest';
import vm from 'node:vm';
import { renderConsole } from '../../src/cards/render-console.ts';
import { cardRendererScript } from '../../src/console/card-renderer-script.ts';
import { fixtureCards } from './fixtures.ts';

test('the embedded source draws every fixture document exactly as Node does, with nothing else in scope', () => {
  const ctx = vm.createContext({});
  vm.runInContext(cardRendererScript(), ctx);
  const inPage = vm.runInContext('renderCard', ctx) as typeof renderConsole;
  for (const [name, doc] of Object.entries(fixtureCards)) {
    const opts = { idPrefix: 'm42', chartWidth: 400 };
    expect(inPage(doc, opts), name).toBe(renderConsole(doc, opts));
  }
  // The page hands it whatever JSON arrived: nonsense must not throw.
  expect(inPage(JSON.parse('{"title":"x","body":[{"kind":"form","blocks":null},{"kind":"table"},{"kind":"chart"},{"kind":"buttons"}]}'))).toContain('fc-card');
});
