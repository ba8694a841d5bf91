// Person-level data: the area's nominated officer sends a file with mistakes in it and is shown
// each one by row and column (on the page and as a CSV file) with nothing imported; then sends a
// corrected file, which is accepted; the history keeps both.
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { CasesHubPage } from '../pages/cases-hub-page.ts';
import { CasesImportPage } from '../pages/cases-import-page.ts';
import { CasesImportsPage } from '../pages/cases-imports-page.ts';
import { signInAs } from '../pages/signed-in.ts';
import { describeJourneys } from '../support/journey.ts';
import { casesInspectionFor, personCsv, seedCasesJourneys, seededPeople, today } from '../support/cases-seed.ts';

const CSV = 'text/csv';
const BAD_FILE = 'send-children-march.csv';
const GOOD_FILE = 'send-children-march-corrected.csv';
const PEOPLE = 12;

/** One mistake of each kind the brief names, each on its own row (row 1 holds the headings). */
function badFile(): { bytes: Buffer; expected: { row: string; column: string; problem: RegExp }[] } {
  const people = seededPeople(PEOPLE, today());
  const ehcp = people.findIndex((p, i) => i > 4 && p.senStatus === 'EHCP' && p.requestDate !== null && p.age >= 3);
  assert.ok(ehcp > 0, 'the synthetic data hold an EHC plan to spoil');
  const [duplicate, unknownNeed, fullBirthDate] = [1, 2, 3];
  const bytes = personCsv(people, (row, i) => {
    if (i === duplicate) row.person_id = people[0].personId;
    if (i === unknownNeed) row.primary_need = 'DYSX';
    if (i === fullBirthDate) row.birth_month = `${row.birth_month}-14`;
    if (i === ehcp) {
      const request = new Date(`${row.request_date}T00:00:00Z`);
      row.plan_issued_date = new Date(request.getTime() - 86_400_000).toISOString().slice(0, 10);
    }
  });
  const line = (i: number) => String(i + 2);
  return {
    bytes,
    expected: [
      { row: line(duplicate), column: 'person_id', problem: /^person_id is the same as on row 2: each child or young person must be on one row only$/ },
      { row: line(unknownNeed), column: 'primary_need', problem: /^primary_need ‘DYSX’ is not one of the codes: use / },
      { row: line(fullBirthDate), column: 'birth_month', problem: /^birth_month holds a full date of birth: only the month and year of birth may be sent/ },
      { row: line(ehcp), column: 'plan_issued_date', problem: /^plan_issued_date \(\d{4}-\d{2}-\d{2}\) is before request_date \(\d{4}-\d{2}-\d{2}\): a plan is issued after the request/ },
    ],
  };
}

describeJourneys('cases: sending person-level data', { seed: seedCasesJourneys() }, (journey) => {
  journey('the nominated officer sends a file with mistakes, reads the problems, then sends it corrected', async (officer) => {
    const inspection = casesInspectionFor(officer.server.seeded, officer.javaScript);
    const me = officer.server.seeded.officer;
    const bad = badFile();

    // From the cases page to the upload form; nothing has been sent yet.
    await signInAs(officer, me);
    const hub = await CasesHubPage.open(officer, inspection);
    await hub.follow('Send person-level data, and see earlier files');
    let imports = await new CasesImportsPage(officer, inspection).arrived();
    assert.deepEqual(await imports.history(), []);
    const [year, month, day] = today().split('-');
    assert.deepEqual(await imports.dataDate(), { day: String(Number(day)), month: String(Number(month)), year }, 'the date the data describe starts as today');

    // A file with four mistakes: each is shown with its row and column, and nothing is imported.
    await imports.upload({ name: BAD_FILE, mimeType: CSV, buffer: bad.bytes });
    const refused = await new CasesImportPage(officer, { fileName: BAD_FILE, accepted: false }).arrived();
    assert.match(await refused.warning(), /^The file has 4 problems\. Nothing was imported: correct every row listed, then upload the whole file again\.$/);
    assert.equal((await refused.details())['Rows read'], String(PEOPLE));
    assert.equal((await refused.details()).Status, 'Not imported');
    const shown = await refused.problems();
    assert.equal(shown.length, bad.expected.length, `the problems: ${JSON.stringify(shown)}`);
    const byRow = [...bad.expected].sort((a, b) => Number(a.row) - Number(b.row));
    byRow.forEach((want, i) => {
      assert.equal(shown[i].row, want.row);
      assert.equal(shown[i].column, want.column);
      assert.match(shown[i].problem, want.problem);
    });

    // The same problems as a CSV file, to work through in a spreadsheet.
    const report = await refused.downloadProblems();
    assert.equal(report.fileName, 'send-children-march-problems.csv');
    const records = parse(report.bytes.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(
      records.map((r) => [r.Row, r.Column, r.Problem]),
      shown.map((p) => [p.row, p.column, p.problem]),
    );

    // The history lists the file as not imported.
    await refused.sendAnotherFile();
    imports = await new CasesImportsPage(officer, inspection).arrived();
    let history = await imports.history();
    assert.deepEqual(
      history.map((h) => [h.file, h.status, h.rows, h.problems]),
      [[BAD_FILE, 'Not imported', String(PEOPLE), '4']],
    );

    // The corrected file is accepted and is now the data in use.
    await imports.upload({ name: GOOD_FILE, mimeType: CSV, buffer: personCsv(seededPeople(PEOPLE, today())) });
    const accepted = await new CasesImportPage(officer, { fileName: GOOD_FILE, accepted: true }).arrived();
    assert.match(await accepted.mainText(), new RegExp(`Its ${PEOPLE} rows are now the person-level data for this inspection`));
    assert.equal((await accepted.details()).Status, 'In use');

    // The history keeps both files, newest first.
    await accepted.sendAnotherFile();
    imports = await new CasesImportsPage(officer, inspection).arrived();
    history = await imports.history();
    assert.deepEqual(
      history.map((h) => [h.file, h.status, h.rows, h.problems, h.sentBy]),
      [
        [GOOD_FILE, 'In use', String(PEOPLE), '0', me.name],
        [BAD_FILE, 'Not imported', String(PEOPLE), '4', me.name],
      ],
    );
    const casesPage = await CasesHubPage.open(officer, inspection);
    assert.match(await casesPage.mainText(), new RegExp(`Data in use\\s+${GOOD_FILE.replaceAll('.', '\\.')}`));
  });
});
