// The console parser for the demo accounts, fed the lines the server's own formatter writes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { credentialsTable } from '../../src/demo/demo.ts';
import { parseDemoAccounts, readDemoAnnouncement } from './demo-accounts.ts';

const ACCOUNTS = [
  { role: 'Administrator', email: 'admin@send-inspect.example', password: 'aB3dE5fG7hJ9kM2nP4qR' },
  { role: 'Parent carer forum representative', email: 'forum@northbrook.example', password: 'Zz9Yy8Xx7Ww6Vv5Uu4Tt' },
  { role: 'QA reader', email: 'qa.reader@ofsted.example', password: 'Ss3Rr2Qq9Pp8Nn7Mm6Ll' },
];

describe('parsing the demo accounts a server prints', () => {
  test('reads role, email and password from each padded line, roles with spaces included', () => {
    const output = ['Using the embedded database in /tmp/x', '', ...credentialsTable(ACCOUNTS), '', 'Area SEND inspections is running'].join('\n');
    assert.deepEqual([...parseDemoAccounts(output).values()], ACCOUNTS);
  });

  test('stops at the first line that is not an account', () => {
    const output = [...credentialsTable(ACCOUNTS.slice(0, 1)), 'Area SEND inspections is running at http://localhost:3000'].join('\n');
    assert.deepEqual([...parseDemoAccounts(output).keys()], ['Administrator']);
  });

  test('says what the server printed when there are no demo accounts', () => {
    assert.throws(() => parseDemoAccounts('Using PostgreSQL (DATABASE_URL)\n'), /did not print "Demo accounts"[\s\S]*Using PostgreSQL/);
  });

  test('reads the demo inspection reference from the line announcing it', () => {
    const output = [
      'This is a new database: added the fictional area Northbrook and inspection SEND-990-2027-1 (in fieldwork).',
      ...credentialsTable(ACCOUNTS),
    ].join('\n');
    assert.equal(readDemoAnnouncement({ startupOutput: output }).inspectionReference, 'SEND-990-2027-1');
  });
});
