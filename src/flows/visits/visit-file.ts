/**
 * A photo or file an instructor sends right after logging a visit: offer to attach it to that
 * visit (one tap), never ask for one. Anything else passes to the other features.
 */
import type { Feature } from '../../bot/feature.ts';
import { button, text } from '../../cards/card-kit.ts';
import { richPrompt } from '../../cards/rich.ts';
import { tableFormatOf } from '../../ledger/table-reader.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { orgsByIds } from '../../db/visits/org-scope-store.ts';
import { latestVisitBy } from '../../db/visits/visit-store.ts';
import { scopeOf } from './instructor-scope.ts';
import { messageCard } from './visit-card.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { ATTACH_WINDOW_MS } from './visit-rules.ts';

export const offerAttachment: NonNullable<Feature['file']> = async (ctx, inbound) => {
  const scope = scopeOf(ctx.person);
  if (!scope) return null;
  // A spreadsheet from someone who is also an officer is a ledger upload (the ledger feature's).
  const isOfficer = ctx.person.roles.some((r) => r.role === 'officer');
  if (isOfficer && inbound.resource === 'file' && tableFormatOf(inbound.fileName ?? '')) return null;
  const now = ctx.clock.now();
  const v = await latestVisitBy(ctx.db, scope.instructorId, new Date(now.getTime() - ATTACH_WINDOW_MS));
  if (!v) return null;
  const [org] = await orgsByIds(ctx.db, [v.orgId]);
  const what = ctx.t(inbound.resource === 'image' ? 'visit.attach.what_image' : 'visit.attach.what_file');
  const vars = { what, org: org?.name ?? '', date: dateLabel(ctx.t, v.visitedOn, shanghaiDate(now)) };
  return messageCard(
    ctx.t('visit.attach.offer_title'),
    [text(richPrompt(ctx.t, 'visit.attach.offer', vars))],
    [
      button(
        ctx.t('visit.btn.attach'),
        { h: 'visit.attach', visitId: v.id, type: inbound.resource, key: inbound.fileKey, messageId: inbound.messageId, name: inbound.fileName ?? null },
        { type: 'primary' },
      ),
      button(ctx.t('visit.btn.attach_no'), { h: 'visit.attach_no' }),
    ],
  );
};
