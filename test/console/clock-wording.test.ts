/**
 * Issue 20 item 12: the clock control said "已发送 2 条，计划 35 条", which reads as 33 failures.
 * The two numbers count different things (messages sent now; to-do items newly planned, one
 * person's items sharing one card), and the summary says so.
 */
import { expect, test } from 'vitest';
import { consoleApp } from '../../src/console/console-script.ts';

test('the reminders run summary names what each number counts', () => {
  const src = consoleApp.toString();
  expect(src).toContain('已发送消息 <b>');
  expect(src).toContain('本次新列入提醒的事项 <b>');
  expect(src).toContain('同一人的事项合在一张卡片里发送');
  expect(src).not.toContain("'，计划 <b>'");
});
