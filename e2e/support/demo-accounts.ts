// The demonstration accounts and inspection as a demo server announces them on its console at start-up.
import type { TestServer } from './server.ts';

export type DemoAccount = { role: string; email: string; password: string };

export type DemoAnnouncement = {
  /** The demo inspection's reference, e.g. SEND-990-2027-1. */
  inspectionReference: string;
  /** The accounts keyed by role as printed, e.g. "Parent carer forum representative". */
  accounts: Map<string, DemoAccount>;
};

// After the heading line, one line per account:  `  <role>  <email>  <password>`, padded with spaces.
// Roles contain single spaces, so only a run of two or more spaces separates the columns.
const HEADING = /^Demo accounts\b/;
const ACCOUNT_LINE = /^ {2}\S/;
const COLUMN_GAP = /\s{2,}/;
const INSPECTION_LINE = /\band inspection (SEND-\S+?) \(/;

export function parseDemoAccounts(output: string): Map<string, DemoAccount> {
  const lines = output.split(/\r?\n/);
  const start = lines.findIndex((line) => HEADING.test(line));
  if (start === -1) throw new Error(`The server did not print "Demo accounts". It printed:\n${output}`);
  const accounts = new Map<string, DemoAccount>();
  for (const line of lines.slice(start + 1)) {
    if (!ACCOUNT_LINE.test(line)) break;
    const columns = line.trim().split(COLUMN_GAP);
    if (columns.length !== 3) throw new Error(`A demo account line does not read "role  email  password": "${line}"`);
    const [role, email, password] = columns;
    accounts.set(role, { role, email, password });
  }
  if (accounts.size === 0) throw new Error(`No account lines follow "Demo accounts". The server printed:\n${output}`);
  return accounts;
}

/** Reads what a server started with `demo: true` printed before it was ready. */
export function readDemoAnnouncement(server: Pick<TestServer<unknown>, 'startupOutput'>): DemoAnnouncement {
  const output = server.startupOutput;
  const reference = INSPECTION_LINE.exec(output)?.[1];
  if (!reference) throw new Error(`The server did not name the demo inspection it added. It printed:\n${output}`);
  return { inspectionReference: reference, accounts: parseDemoAccounts(output) };
}

export function demoAccount(announcement: DemoAnnouncement, role: string): DemoAccount {
  const account = announcement.accounts.get(role);
  if (!account) throw new Error(`No demo account for "${role}"; the roles printed are: ${[...announcement.accounts.keys()].join(', ')}`);
  return account;
}
