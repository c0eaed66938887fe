import { FIXTURE_APP, signedRequest, textMessage } from '/work/main/test/fixtures/feishu/bodies.ts';
import { writeRequests } from '/work/main/test/bench/support/requests-file.ts';
const ts = String(Math.floor(Date.now() / 1000));
await writeRequests(process.argv[2], Number(process.argv[3]), (i) => signedRequest({ body: textMessage('今天走访了第' + i + '家企业', { openId: 'ou_' + (i % 5000) }), encryptKey: FIXTURE_APP.encryptKey, timestamp: ts, nonce: 'n' + i }));
