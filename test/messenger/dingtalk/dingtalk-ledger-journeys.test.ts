import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { seedDemo } from '../../../src/demo/seed-demo.ts';
import { consolePeople } from '../../../src/console/console-people.ts';
import { orgs } from '../../../src/db/schema/ledger.ts';
import { robotFile } from '../../fixtures/dingtalk/bodies.ts';
import { createDingtalkHarness, presses, visible, type DingtalkHarness } from '../../support/dingtalk-harness.ts';

/**
 * The officer's ledger journeys over DingTalk only, in both modes, against the OpenAPI stand-in:
 * 帮助, a list behind a coverage figure, 导出台账 (the file uploaded as media and sent as a file
 * message), and the same file sent back in the chat (downloaded by its downloadCode and imported by
 * the job queue, the result answered in the chat).
 */
describe.each(['http', 'stream'] as const)('DingTalk %s mode: ledger journeys', (mode) => {
  let h: DingtalkHarness;
  beforeAll(async () => {
    h = await createDingtalkHarness({ mode });
    await seedDemo(h.database, { now: h.clock.now() });
    const off = (await consolePeople(h.db)).find((p) => p.roles.includes('组织部干部'))!;
    await h.linkDingtalk(off.id, 'u-off');
  }, 120_000);
  afterAll(() => h?.close());

  /** Runs the queued jobs the way the tick does, until none is left. */
  async function drainJobs() {
    for (let i = 0; i < 10 && (await h.tick(1000)) > 0; i++);
  }

  test('帮助 lists what an officer can do, each as a link that acts without a browser', async () => {
    const [help] = await h.say('u-off', '帮助');
    const labels = presses(help!).map((p) => p.label);
    expect(labels.join(' ')).toMatch(/覆盖率/);
    expect(labels.join(' ')).toMatch(/导出台账/);
  });

  test('a coverage figure opens its list of orgs', async () => {
    const [card] = await h.say('u-off', '覆盖率');
    // Each figure is a link labelled with its count ("未建党组织 91").
    const list = presses(card!).find((p) => p.label.startsWith('未建党组织'));
    expect(list, presses(card!).map((p) => p.label).join(', ')).toBeDefined();
    const count = list!.label.match(/\d+/)![0];
    const out = await h.say('u-off', list!.content);
    const shown = visible(out.at(-1));
    expect(shown).toContain('未建党组织');
    expect(shown).toContain(count);
  });

  test('导出台账 sends the .xlsx as a file; sent back, it is imported by a job and nothing changes', async () => {
    const before = h.dt.to('/v1.0/robot/oToMessages/batchSend').length;
    await h.say('u-off', '导出台账');
    await drainJobs();
    const sends = h.dt.to('/v1.0/robot/oToMessages/batchSend').slice(before).filter((c) => c.body.userIds.includes('u-off'));
    const fileSend = sends.find((c) => c.body.msgKey === 'sampleFile');
    expect(fileSend, sends.map((c) => c.body.msgKey).join(', ')).toBeDefined();
    const param = JSON.parse(fileSend!.body.msgParam) as { mediaId: string; fileName: string; fileType: string };
    expect(param.fileType).toBe('xlsx');
    // The uploaded bytes, as DingTalk stored them under the media id it answered.
    const uploads = h.dt.to('/media/upload');
    const media = uploads.at(-1)!.body as FormData;
    const blob = media.get('media') as File;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('台账')!;
    const orgCount = (await h.db.select({ id: orgs.id }).from(orgs)).length;
    expect(sheet.rowCount - 1).toBeGreaterThan(0);
    expect(sheet.rowCount - 1).toBeLessThanOrEqual(orgCount);

    // The officer sends the file back: downloaded by its code, imported by the job queue.
    h.dt.files.set('dc-ledger-1', bytes);
    const n = h.dt.calls.length;
    await h.send('u-off', robotFile({ staffId: 'u-off', downloadCode: 'dc-ledger-1', fileName: param.fileName }));
    await drainJobs();
    expect(h.dt.calls.slice(n).some((c) => c.path === '/v1.0/robot/messageFiles/download')).toBe(true);
    expect((await h.db.select({ id: orgs.id }).from(orgs)).length).toBe(orgCount);
    const answers = h.messagesTo('u-off').slice(-3).map(visible).join('\n');
    expect(answers).toMatch(/导入/);
    expect(answers).toMatch(/\d/);
  });
});
