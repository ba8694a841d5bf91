// Accounts for browser tests, made with the real `send-inspect users add` before the server starts.
import type { SeedTarget } from './server.ts';
import { runCliOrFail } from './server.ts';

export type Organisation = 'ofsted' | 'cqc' | 'local_area' | 'administration';

export type NewAccount = {
  email: string;
  name: string;
  organisation: Organisation;
  admin?: boolean;
  /** A role in a local area partnership: the 3-digit DfE code and the role. */
  area?: { laCode: string; role: 'nominated_officer' | 'leader' | 'contributor' | 'pcf_representative' };
};

export type Account = NewAccount & { password: string };

// `users add` prints the generated password once, on a line of its own:
//   Created the account for Name <email> (id UUID).
//   Password (shown once): PASSWORD
const PASSWORD_LINE = /^Password \(shown once\): (\S+)\s*$/m;

/** Runs `send-inspect users add` against the server's data (before it starts) and reads the password it prints. */
export async function createUser(target: SeedTarget, account: NewAccount): Promise<Account> {
  const args = ['users', 'add', '--email', account.email, '--name', account.name, '--organisation', account.organisation];
  if (account.admin) args.push('--admin');
  if (account.area) args.push('--area', account.area.laCode, '--area-role', account.area.role);
  const { stdout } = await runCliOrFail(target, args);
  const password = PASSWORD_LINE.exec(stdout)?.[1];
  if (!password) throw new Error(`send-inspect users add did not print "Password (shown once): ..." as expected:\n${stdout}`);
  return { ...account, password };
}

/**
 * The same people twice over: one set for the run with JavaScript and one for the run without,
 * so each run starts from accounts nobody has signed in to (no authenticator app set up yet).
 */
export type AccountsPerRun<Names extends string> = { withJavaScript: Record<Names, Account>; withoutJavaScript: Record<Names, Account> };

/** Emails are made from each person's key and the run, e.g. lead-inspector.js@e2e.example.test. */
export async function createAccountsPerRun<Names extends string>(
  target: SeedTarget,
  people: Record<Names, Omit<NewAccount, 'email'>>,
): Promise<AccountsPerRun<Names>> {
  const make = async (run: 'js' | 'nojs') => {
    const accounts = {} as Record<Names, Account>;
    // One at a time: each CLI run opens the embedded database, which takes one process at a time.
    for (const [key, person] of Object.entries(people) as [Names, Omit<NewAccount, 'email'>][]) {
      accounts[key] = await createUser(target, { ...person, email: `${key}.${run}@e2e.example.test` });
    }
    return accounts;
  };
  return { withJavaScript: await make('js'), withoutJavaScript: await make('nojs') };
}

export function accountsFor<Names extends string>(accounts: AccountsPerRun<Names>, javaScript: boolean): Record<Names, Account> {
  return javaScript ? accounts.withJavaScript : accounts.withoutJavaScript;
}
