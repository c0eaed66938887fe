import { expect, test } from 'vitest';
import { prompts as t } from '../../src/bot/all-prompts.ts';
import type { CardDoc } from '../../src/cards/document.ts';
import { CONFIRM_KEY, TEMPLATE_VARIABLES, templateParams, type TemplateButton } from '../../src/cards/render-dingtalk-template.ts';

const doc: CardDoc = {
  title: '确认 **删除**',
  color: 'red',
  body: [
    { kind: 'text', text: [{ text: '3号楼 **不是粗体** [a](b)', tone: 'grey' }] },
    {
      kind: 'columns',
      columns: [
        { weight: 1, blocks: [{ kind: 'text', text: [{ text: '左' }] }, { kind: 'button', text: '查看', action: { h: 'show', id: 1 }, style: 'default' }] },
        { weight: 1, blocks: [{ kind: 'button', text: '删除', action: { h: 'del', id: 1 }, style: 'danger', confirm: { title: '确认删除', text: '不能恢复' } }] },
      ],
    },
    { kind: 'button', text: '不可用', action: { h: 'x' }, style: 'default', disabled: true },
  ],
};

test('the variables: title apart, a markdown body without buttons, the buttons as JSON whose values round-trip', () => {
  const p = templateParams(doc, { t, notice: '已保存' });
  expect(Object.keys(p).sort()).toEqual([...TEMPLATE_VARIABLES].sort());
  expect(p.title).toBe('确认 **删除**');
  expect(p.subtitle).toBe('');
  expect(p.notice).toBe('已保存');
  expect(p.markdown).not.toContain('####');
  expect(p.markdown).toContain('左');
  expect(p.markdown).not.toMatch(/查看|删除|dtmd/);
  // What a person typed is never markup in the body (escaped as in the template-free messages).
  expect(p.markdown).not.toContain('**不是粗体**');
  const buttons = JSON.parse(p.buttons) as TemplateButton[];
  expect(buttons.map((b) => [b.text, b.style])).toEqual([
    ['查看', 'default'],
    ['删除', 'danger'],
  ]);
  expect(JSON.parse(buttons[0]!.value)).toEqual({ h: 'show', id: 1 });
  expect(JSON.parse(buttons[1]!.value)).toEqual({ [CONFIRM_KEY]: { title: '确认删除', text: '不能恢复' }, action: { h: 'del', id: 1 } });
});
