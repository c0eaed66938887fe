import { FIXTURE_APP, signedRequest, textMessage } from '../../fixtures/feishu/bodies.ts';
import { decryptBodySync, verifySignatureSync } from '../../../src/http/feishu-crypto.ts';
import { parseEnvelope } from '../../../src/http/feishu-envelope.ts';
const ts = String(Math.floor(Date.now() / 1000));
const N = 20000;
const reqs: any[] = [];
for (let i = 0; i < N; i++) reqs.push(await signedRequest({ body: textMessage('今天走访了第' + i + '家企业', { openId: 'ou_' + i }), encryptKey: FIXTURE_APP.encryptKey, timestamp: ts, nonce: 'n' + i }));
const K = FIXTURE_APP.encryptKey;
const outers = reqs.map((r) => JSON.parse(r.rawBody));
const plains = outers.map((o) => decryptBodySync(K, o.encrypt));
const bodies = plains.map((p) => JSON.parse(p));
function time(name: string, f: (i: number) => unknown) {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t = process.cpuUsage();
    for (let i = 0; i < N; i++) f(i);
    const u = process.cpuUsage(t);
    best = Math.min(best, (u.user + u.system) / N);
  }
  console.log(name.padEnd(20), best.toFixed(2), 'us');
}
time('JSON.parse outer', (i) => JSON.parse(reqs[i].rawBody));
time('decrypt', (i) => decryptBodySync(K, outers[i].encrypt));
time('JSON.parse inner', (i) => JSON.parse(plains[i]));
time('signature', (i) => verifySignatureSync({ timestamp: ts, nonce: 'n' + i, signature: reqs[i].headers['x-lark-signature'] }, K, reqs[i].rawBody));
time('parseEnvelope', (i) => parseEnvelope(bodies[i], new Date()));
time('new Date', () => new Date());
