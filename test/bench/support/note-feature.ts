import { z } from 'zod';
import { defineFlow } from '../../../src/bot/flow.ts';
import { flowCommand, type Feature } from '../../../src/bot/feature.ts';
import { button, fieldLabel, input, text } from '../../../src/cards/card-kit.ts';
import { fillTemplate } from '../../../src/cards/templates.ts';
import { personMarks } from '../../../src/db/schema/core.ts';

/**
 * The callback bench's form: two steps like a real one (test/bot/engine.test.ts has the same
 * shape). Step 1 validates a title and moves on; step 2 writes a record and an audit entry.
 */
export const benchNoteFlow = defineFlow({
  id: 'bench-note',
  version: 1,
  roles: ['officer'],
  titleKey: 'help.title',
  start: () => ({ step: 'title', answers: {} }),
  steps: {
    title: {
      render: (_ctx, v) =>
        fillTemplate('form-step', { title: '记一条笔记', summary: '第 1 步', color: 'blue', formName: 'f1' }, {
          fields: [fieldLabel('标题', true, v.errors.title), input({ name: 'title', label: '标题', value: String(v.answers.title ?? '') })],
          buttons: [button('下一步', v.act('next'), { submit: true, name: 'next' }), button('取消', v.act('cancel'), { name: 'cxl' })],
        }),
      handle: (_ctx, i, a) => {
        const r = z.object({ title: z.string().trim().min(1).max(100) }).safeParse(i.form);
        if (!r.success) return { kind: 'invalid', errors: { title: '此项必填' }, answers: { ...a, title: i.form.title } };
        return { kind: 'goto', step: 'body', answers: { ...a, title: r.data.title } };
      },
    },
    body: {
      render: (_ctx, v) =>
        fillTemplate('form-step', { title: '记一条笔记', summary: '第 2 步', color: 'blue', formName: 'f2' }, {
          intro: [text(`标题：${String(v.answers.title)}`)],
          fields: [input({ name: 'body', label: '内容', value: String(v.answers.body ?? '') })],
          buttons: [button('提交', v.act('submit'), { submit: true, name: 'submit' }), button('上一步', v.act('back'), { name: 'back' })],
        }),
      handle: async (ctx, i, a) => {
        const r = z.object({ body: z.string().trim().min(1).max(2000) }).safeParse(i.form);
        if (!r.success) return { kind: 'invalid', errors: { body: '此项必填' }, answers: { ...a, body: i.form.body } };
        const mark = `bench-note:${a.title}:${r.data.body}`;
        await ctx.db.insert(personMarks).values({ personKey: ctx.person.openId, mark, at: ctx.clock.now() });
        await ctx.audit({ action: 'create', entity: 'bench-note', entityId: mark, after: { title: a.title, body: r.data.body } });
        return { kind: 'done', result: { mark }, answers: { ...a, body: r.data.body } };
      },
    },
  },
  confirmation: (_ctx, r) => fillTemplate('message', { title: '已保存', summary: '笔记', color: 'green' }, { body: [text(String(r.mark))] }),
});

/** What a person types to start the bench's flow. */
export const BENCH_NOTE_WORD = '记笔记';

export const benchNoteFeature: Feature = {
  flows: [benchNoteFlow],
  commands: [flowCommand(benchNoteFlow, 'bench-note', [BENCH_NOTE_WORD])],
};
