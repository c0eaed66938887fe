import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../src/bot/registry.ts';
import { features } from '../../src/bot/features.ts';
import type { Command, Feature } from '../../src/bot/feature.ts';

const cmd = (id: string, words: string[]): Command => ({ id, words, roles: 'anyone', run: async () => null });

describe('buildRegistry', () => {
  it('takes the product features as they are: no id or word twice', () => {
    const r = buildRegistry(features);
    expect(r.commands.length).toBeGreaterThan(10);
    expect(r.byWord.get('帮助')?.id).toBe('help');
  });

  it('refuses a second command id (the menu event_key)', () => {
    const fs: Feature[] = [{ commands: [cmd('help', ['帮助'])] }, { commands: [cmd('help', ['菜单'])] }];
    expect(() => buildRegistry(fs)).toThrow(/duplicate command id "help"/);
  });

  it('refuses the same chat word on two commands, after normalising', () => {
    const fs: Feature[] = [{ commands: [cmd('a', ['覆盖率'])] }, { commands: [cmd('b', [' 覆盖率 '])] }];
    expect(() => buildRegistry(fs)).toThrow(/duplicate chat word/);
  });

  it('refuses a second flow id and a second card action', () => {
    const flow = features.flatMap((f) => f.flows ?? [])[0]!;
    expect(() => buildRegistry([{ flows: [flow] }, { flows: [flow] }])).toThrow(/duplicate flow id/);
    const h = async () => ({});
    expect(() => buildRegistry([{ actions: { x: h } }, { actions: { x: h } }])).toThrow(/duplicate card action "x"/);
  });
});
