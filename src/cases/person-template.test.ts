// Unit tests of the person-level data template: heading matching and refusals, and every rule a
// row must meet, with the row and column of each problem and no personal values repeated.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { syntheticPeople } from '../demo/demo-people.ts';
import { ageAt, PLACEMENT_TYPES, PRIMARY_NEEDS, SOCIAL_CARE_STATUSES, type PersonRecord } from './case.ts';
import {
  PERSON_COLUMNS,
  PERSON_TEMPLATE,
  checkRow,
  isIdentifyingHeading,
  matchHeadings,
  readDate,
  rowContext,
  templateExample,
  templateHeadings,
  templateRow,
  type ColumnLayout,
  type PersonColumn,
  type RowCheck,
  type RowContext,
} from './person-template.ts';

const DATA_DATE = '2026-11-02';

function layoutOf(headings: readonly string[]): ColumnLayout {
  const match = matchHeadings(headings);
  assert.ok(match.ok, match.ok ? '' : match.message);
  return match.layout;
}

const FULL_LAYOUT = layoutOf(PERSON_COLUMNS);

/** A valid EHC plan row, changed as given. */
function ehcp(changes: Partial<Record<PersonColumn, string>> = {}): string[] {
  const row: Record<PersonColumn, string> = {
    person_id: 'NB7K2M9Q4X',
    birth_month: '2015-03',
    year_group: '6',
    sex: 'M',
    primary_need: 'ASD',
    sen_status: 'EHCP',
    request_date: '2023-01-16',
    assessment_decision_date: '2023-02-27',
    plan_issued_date: '2023-05-30',
    exception_applies: 'N',
    last_annual_review_date: '2024-05-20',
    placement_type: 'MAINSTREAM',
    setting_name: 'Northbrook Primary School',
    setting_urn: '105432',
    alternative_provision: 'N',
    educated_out_of_area: 'N',
    social_care_status: 'NONE',
    ...changes,
  };
  return PERSON_COLUMNS.map((c) => row[c]);
}

function senSupport(changes: Partial<Record<PersonColumn, string>> = {}): string[] {
  return ehcp({ sen_status: 'SEN_SUPPORT', request_date: '', assessment_decision_date: '', plan_issued_date: '', last_annual_review_date: '', ...changes });
}

function check(cells: string[], options: { context?: RowContext; line?: number } = {}): RowCheck {
  const context = options.context ?? rowContext(FULL_LAYOUT, DATA_DATE);
  context.line = options.line ?? 2;
  return checkRow(cells, context);
}

function record(cells: string[], context?: RowContext): PersonRecord {
  const checked = check(cells, { context });
  assert.ok(checked.ok, checked.ok ? '' : JSON.stringify(checked.problems));
  return checked.record;
}

/** The row's problems as [column, message]. */
function problems(cells: string[], context?: RowContext): [string | null, string][] {
  const checked = check(cells, { context });
  assert.ok(!checked.ok, 'the row should have been refused');
  return checked.problems.map((p) => [p.column, p.message]);
}

function onlyProblem(cells: string[], column: PersonColumn, pattern: RegExp, context?: RowContext): string {
  const found = problems(cells, context);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]![0], column);
  assert.match(found[0]![1], pattern);
  return found[0]![1];
}

describe('the template', () => {
  test('has one definition per column, in the order of the blank template, each with an example that passes', () => {
    assert.deepEqual(templateHeadings(), [...PERSON_COLUMNS]);
    for (const column of PERSON_TEMPLATE) assert.ok(column.holds && column.format && column.blank, column.heading);
    assert.deepEqual(PERSON_TEMPLATE.filter((c) => !c.required).map((c) => c.heading), ['year_group', 'setting_name', 'setting_urn']);
    const example = templateExample();
    const person = record(PERSON_COLUMNS.map((c) => example[c]));
    assert.equal(person.personId, 'NB7K2M9Q4X');
    assert.deepEqual(PERSON_TEMPLATE.find((c) => c.heading === 'primary_need')!.codes!.map((c) => c.code), [...PRIMARY_NEEDS]);
    assert.deepEqual(PERSON_TEMPLATE.find((c) => c.heading === 'placement_type')!.codes!.map((c) => c.code), [...PLACEMENT_TYPES]);
    assert.deepEqual(PERSON_TEMPLATE.find((c) => c.heading === 'social_care_status')!.codes!.map((c) => c.code), [...SOCIAL_CARE_STATUSES]);
  });

  test('synthetic people written as template rows read back as the same people', () => {
    const people = syntheticPeople({ count: 3000, seed: 5, dataDate: DATA_DATE });
    const context = rowContext(FULL_LAYOUT, DATA_DATE);
    for (const [i, person] of people.entries()) {
      const row = templateRow(person);
      context.line = i + 2;
      const checked = checkRow(PERSON_COLUMNS.map((c) => row[c]), context);
      assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.problems));
      assert.deepEqual(checked.record, person);
    }
  });
});

describe('headings', () => {
  test('are matched ignoring case, spaces and underscores, in any order; optional columns may be left out', () => {
    const headings = PERSON_COLUMNS.filter((c) => c !== 'year_group' && c !== 'setting_urn')
      .map((c) => (c === 'person_id' ? 'Person ID' : c === 'birth_month' ? 'BIRTH MONTH' : c === 'sen_status' ? 'SenStatus' : c))
      .reverse();
    const layout = layoutOf(headings);
    assert.equal(layout.person_id, headings.indexOf('Person ID'));
    assert.equal(layout.birth_month, headings.indexOf('BIRTH MONTH'));
    assert.equal(layout.year_group, -1);
    assert.equal(layout.setting_urn, -1);
  });

  test('unknown, repeated and missing required columns are each named', () => {
    const match = matchHeadings(['person_id', 'shoe_size', 'Person Id', 'birth_month', 'ethnicity']);
    assert.ok(!match.ok);
    assert.match(match.message, /columns the template does not have: ‘shoe_size’ and ‘ethnicity’/);
    assert.match(match.message, /more than one column headed ‘Person Id’/);
    assert.match(match.message, /missing the required columns ‘sex’, ‘primary_need’, ‘sen_status’, ‘request_date’, .*‘social_care_status’/);
    assert.doesNotMatch(match.message, /year_group|setting_urn|setting_name/);
  });

  test('a column that would identify a child refuses the file with the reason, naming the column', () => {
    for (const heading of ['name', 'Forename', 'surname', 'First name', 'Last_Name', 'child_name', 'date_of_birth', 'DOB', 'Date of birth', 'address', 'Home address', 'postcode', 'Post Code', 'UPN', 'ULN', 'NHS number', 'nhs_no', 'email', 'Email address', 'phone', 'Telephone', 'mobile number']) {
      assert.ok(isIdentifyingHeading(heading), heading);
      const match = matchHeadings([...PERSON_COLUMNS, heading]);
      assert.ok(!match.ok, heading);
      assert.ok(match.message.startsWith(`Only pseudonymous data may be sent: remove the column ‘${heading}’.`), match.message);
    }
    for (const heading of ['setting_name', 'person_id', 'birth_month', 'primary_need', 'placement_type']) assert.ok(!isIdentifyingHeading(heading), heading);
    const both = matchHeadings(['person_id', 'first_name', 'postcode', 'shoe_size']);
    assert.ok(!both.ok);
    assert.match(both.message, /^Only pseudonymous data may be sent: remove the columns ‘first_name’ and ‘postcode’\./);
    assert.doesNotMatch(both.message, /shoe_size/, 'identifying columns are the reason on their own');
  });
});

describe('rows', () => {
  test('a good row becomes a person, codes in any case, E and K read as EHCP and SEN support, blanks as nulls', () => {
    assert.deepEqual(record(ehcp()), {
      personId: 'NB7K2M9Q4X',
      birthMonth: '2015-03',
      age: 11,
      yearGroup: '6',
      sex: 'M',
      primaryNeed: 'ASD',
      senStatus: 'EHCP',
      requestDate: '2023-01-16',
      assessmentDecisionDate: '2023-02-27',
      planIssuedDate: '2023-05-30',
      exceptionApplies: false,
      lastReviewDate: '2024-05-20',
      placementType: 'MAINSTREAM',
      settingName: 'Northbrook Primary School',
      settingUrn: '105432',
      alternativeProvision: false,
      outOfArea: false,
      socialCareStatus: 'NONE',
    });
    const lower = record(ehcp({ sex: ' f ', primary_need: 'slcn', sen_status: 'e', placement_type: 'special', social_care_status: 'looked_after', alternative_provision: 'y', educated_out_of_area: 'Y', exception_applies: '', year_group: 'r', setting_name: '', setting_urn: '' }));
    assert.deepEqual(
      [lower.sex, lower.primaryNeed, lower.senStatus, lower.placementType, lower.socialCareStatus, lower.alternativeProvision, lower.outOfArea, lower.exceptionApplies, lower.yearGroup, lower.settingName, lower.settingUrn],
      ['F', 'SLCN', 'EHCP', 'SPECIAL', 'LOOKED_AFTER', true, true, false, 'R', null, null],
    );
    assert.equal(record(senSupport({ sen_status: 'K' })).senStatus, 'SEN_SUPPORT');
  });

  test('every problem of a row is listed, each with its row and column', () => {
    const checked = check(ehcp({ sex: 'X', primary_need: 'AUT', placement_type: '', alternative_provision: 'maybe' }), { line: 17 });
    assert.ok(!checked.ok);
    assert.deepEqual(
      checked.problems.map((p) => [p.line, p.column]),
      [
        [17, 'sex'],
        [17, 'primary_need'],
        [17, 'placement_type'],
        [17, 'alternative_provision'],
      ],
    );
  });

  describe('person_id', () => {
    test('is required, 1 to 40 letters, digits, - and _', () => {
      onlyProblem(ehcp({ person_id: '' }), 'person_id', /^person_id is blank/);
      onlyProblem(ehcp({ person_id: 'AB 12' }), 'person_id', /may hold only letters, digits, - and _/);
      onlyProblem(ehcp({ person_id: 'AB#12' }), 'person_id', /may hold only letters, digits, - and _/);
      onlyProblem(ehcp({ person_id: 'A'.repeat(41) }), 'person_id', /longer than 40 characters/);
      assert.equal(record(ehcp({ person_id: `${'a-_9'.repeat(10)}` })).personId.length, 40);
    });

    test('that looks like a name is refused as a name, without repeating it', () => {
      const message = onlyProblem(ehcp({ person_id: 'Jane Smith' }), 'person_id', /looks like a name/);
      assert.doesNotMatch(message, /Jane|Smith/);
      onlyProblem(ehcp({ person_id: "Mary-Jane O'Neil" }), 'person_id', /looks like a name/);
    });

    test('seen before is refused, naming the row it was first on', () => {
      const context = rowContext(FULL_LAYOUT, DATA_DATE);
      assert.ok(check(ehcp({ person_id: 'P1' }), { context, line: 2 }).ok);
      assert.ok(check(ehcp({ person_id: 'P2' }), { context, line: 3 }).ok);
      const again = check(ehcp({ person_id: 'P1' }), { context, line: 9 });
      assert.ok(!again.ok);
      assert.deepEqual(again.problems, [{ line: 9, column: 'person_id', message: 'person_id is the same as on row 2: each child or young person must be on one row only' }]);
    });
  });

  describe('birth_month', () => {
    test('is YYYY-MM; a full date of birth is refused with the reason and never repeated', () => {
      onlyProblem(ehcp({ birth_month: '' }), 'birth_month', /^birth_month is blank/);
      for (const full of ['2015-03-14', '14/03/2015', '14/03/15', '2015-03-14T00:00:00']) {
        const message = onlyProblem(ehcp({ birth_month: full }), 'birth_month', /full date of birth: only the month and year of birth may be sent/);
        assert.doesNotMatch(message, /14/);
      }
      onlyProblem(ehcp({ birth_month: '2015-13' }), 'birth_month', /‘2015-13’ is not a real month/);
      onlyProblem(ehcp({ birth_month: 'Mar-15' }), 'birth_month', /turned the months into dates such as Mar-15: format the column as Text/);
      onlyProblem(ehcp({ birth_month: '03/2015' }), 'birth_month', /written YYYY-MM/);
    });

    test('from a workbook, the 1st of a month is the month Excel made of what was typed', () => {
      const fromWorkbook = rowContext(FULL_LAYOUT, DATA_DATE, true);
      assert.equal(record(ehcp({ birth_month: '2015-03-01' }), fromWorkbook).birthMonth, '2015-03');
      onlyProblem(ehcp({ birth_month: '2015-03-14' }), 'birth_month', /full date of birth/, rowContext(FULL_LAYOUT, DATA_DATE, true));
      onlyProblem(ehcp({ birth_month: '2015-03-01' }), 'birth_month', /full date of birth/);
    });

    test('gives an age of 0 to 25 at the data date, as ageAt counts it', () => {
      for (const month of ['2001-11', '2001-12', '2010-06', '2026-11', '2020-01']) assert.equal(record(senSupport({ birth_month: month })).age, ageAt(month, DATA_DATE), month);
      assert.equal(record(senSupport({ birth_month: '2001-11' })).age, 25);
      onlyProblem(senSupport({ birth_month: '2000-11' }), 'birth_month', /^birth_month \(2000-11\) makes the person 26 at the date the data describe \(2026-11-02\): the data cover ages 0 to 25$/);
      onlyProblem(senSupport({ birth_month: '1990-01' }), 'birth_month', /makes the person 36/);
      onlyProblem(senSupport({ birth_month: '2026-12' }), 'birth_month', /^birth_month \(2026-12\) is after the date the data describe \(2026-11-02\)/);
    });
  });

  test('year_group is N1, N2, R or 1 to 14, or blank', () => {
    for (const [given, stored] of [['N1', 'N1'], ['n2', 'N2'], ['R', 'R'], ['1', '1'], ['14', '14'], ['07', '7'], ['Year 9', '9'], ['', null]] as const) assert.equal(record(ehcp({ year_group: given })).yearGroup, stored, given);
    onlyProblem(ehcp({ year_group: '15' }), 'year_group', /‘15’ is not a year group: use N1, N2, R or 1 to 14/);
  });

  test('unknown codes list the codes allowed', () => {
    onlyProblem(ehcp({ sex: 'Female' }), 'sex', /^sex ‘Female’ is not one of the codes: use F, M or U$/);
    const need = onlyProblem(ehcp({ primary_need: 'AUT' }), 'primary_need', /^primary_need ‘AUT’ is not one of the codes: use /);
    for (const code of PRIMARY_NEEDS) assert.ok(need.includes(code), code);
    onlyProblem(ehcp({ sen_status: 'S' }), 'sen_status', /use EHCP, SEN_SUPPORT, E or K/);
    onlyProblem(ehcp({ placement_type: 'SCHOOL' }), 'placement_type', /use EARLY_YEARS, MAINSTREAM, .* or NONE/);
    onlyProblem(ehcp({ social_care_status: '' }), 'social_care_status', /^social_care_status is blank: use one of NONE, EARLY_HELP/);
    onlyProblem(ehcp({ primary_need: 'Jane Smith' }), 'primary_need', /^primary_need is not one of the codes: use ASD/);
  });

  test('NSA is only for SEN support', () => {
    assert.equal(record(senSupport({ primary_need: 'NSA' })).primaryNeed, 'NSA');
    onlyProblem(ehcp({ primary_need: 'NSA' }), 'primary_need', /NSA .* is only for SEN support, but sen_status is EHCP/);
  });

  test('Y/N columns; a blank exception_applies is N, other blanks are refused', () => {
    assert.equal(record(ehcp({ exception_applies: 'Y' })).exceptionApplies, true);
    assert.equal(record(ehcp({ exception_applies: '' })).exceptionApplies, false);
    onlyProblem(ehcp({ exception_applies: 'yes' }), 'exception_applies', /must be Y or N/);
    onlyProblem(ehcp({ alternative_provision: '' }), 'alternative_provision', /^alternative_provision is blank: use Y or N/);
    onlyProblem(ehcp({ educated_out_of_area: 'TRUE' }), 'educated_out_of_area', /‘TRUE’ must be Y or N/);
  });

  test('setting_urn is 6 digits or an 8-digit UKPRN; setting_name at most 200 characters', () => {
    assert.equal(record(ehcp({ setting_urn: '10012345' })).settingUrn, '10012345');
    onlyProblem(ehcp({ setting_urn: '1234567' }), 'setting_urn', /6-digit URN or 8-digit UKPRN/);
    onlyProblem(ehcp({ setting_name: 'x'.repeat(201) }), 'setting_name', /longer than 200 characters/);
  });

  describe('dates', () => {
    test('are YYYY-MM-DD or DD/MM/YYYY read day first', () => {
      assert.equal(readDate('2024-03-25'), '2024-03-25');
      assert.equal(readDate('25/03/2024'), '2024-03-25');
      assert.equal(readDate('3/4/2024'), '2024-04-03', 'day first');
      assert.equal(readDate('29/02/2024'), '2024-02-29');
      assert.equal(readDate('2024-03-25 00:00:00'), '2024-03-25', 'a time of day is ignored');
      assert.equal(record(ehcp({ request_date: '16/01/2023' })).requestDate, '2023-01-16');
    });

    test('two-digit years are refused', () => {
      onlyProblem(ehcp({ request_date: '16/01/23' }), 'request_date', /‘16\/01\/23’ has a two-digit year: write the year in full/);
    });

    test('a date that can only be month first is refused, explaining the order', () => {
      const message = onlyProblem(ehcp({ last_annual_review_date: '04/25/2024' }), 'last_annual_review_date', /‘04\/25\/2024’ is not a date when read day first/);
      assert.match(message, /no month 25/);
      assert.match(message, /write it day first \(25\/04\/2024\)/);
    });

    test('an Excel date serial number is refused, saying which date it probably is and how to fix the column', () => {
      const message = onlyProblem(ehcp({ plan_issued_date: '45234' }), 'plan_issued_date', /‘45234’ looks like an Excel date serial number \(probably 04\/11\/2023\)/);
      assert.match(message, /Format Cells, then Date/);
    });

    test('impossible dates are refused', () => {
      onlyProblem(ehcp({ request_date: '31/02/2025' }), 'request_date', /‘31\/02\/2025’ is not a real date/);
      onlyProblem(ehcp({ request_date: '2023-02-29' }), 'request_date', /‘2023-02-29’ is not a real date/);
      onlyProblem(ehcp({ request_date: 'soon' }), 'request_date', /must be a date written YYYY-MM-DD or DD\/MM\/YYYY, day first/);
      onlyProblem(ehcp({ request_date: '16.01.2023' }), 'request_date', /must be a date written/);
    });

    test('out of order dates are refused with both values', () => {
      onlyProblem(ehcp({ request_date: '2023-03-01' }), 'assessment_decision_date', /^assessment_decision_date \(2023-02-27\) is before request_date \(2023-03-01\)/);
      assert.deepEqual(problems(ehcp({ request_date: '2023-06-01', assessment_decision_date: '' })), [
        ['plan_issued_date', 'plan_issued_date (2023-05-30) is before request_date (2023-06-01): a plan is issued after the request for an assessment'],
      ]);
      onlyProblem(ehcp({ assessment_decision_date: '2023-06-10', request_date: '' }), 'plan_issued_date', /^plan_issued_date \(2023-05-30\) is before assessment_decision_date \(2023-06-10\)/);
      onlyProblem(ehcp({ last_annual_review_date: '2023-05-01' }), 'last_annual_review_date', /^last_annual_review_date \(2023-05-01\) is before plan_issued_date \(2023-05-30\)/);
    });

    test('dates after the data date or before the month of birth are refused with both values', () => {
      onlyProblem(ehcp({ last_annual_review_date: '2026-11-03' }), 'last_annual_review_date', /^last_annual_review_date \(2026-11-03\) is after the date the data describe \(2026-11-02\)/);
      onlyProblem(ehcp({ request_date: '2015-02-20' }), 'request_date', /^request_date \(2015-02-20\) is before the month of birth \(2015-03\)/);
      assert.equal(record(ehcp({ request_date: '2015-03-01', assessment_decision_date: '2015-03-02', plan_issued_date: '2015-03-03', last_annual_review_date: '' })).requestDate, '2015-03-01');
    });

    test('an EHC plan needs plan_issued_date; SEN support has neither it nor an annual review', () => {
      onlyProblem(ehcp({ plan_issued_date: '', last_annual_review_date: '' }), 'plan_issued_date', /plan_issued_date is blank: every EHC plan/);
      onlyProblem(senSupport({ plan_issued_date: '2023-05-30' }), 'plan_issued_date', /must be blank for SEN support/);
      onlyProblem(senSupport({ last_annual_review_date: '2024-05-20' }), 'last_annual_review_date', /must be blank for SEN support/);
      const pending = record(senSupport({ request_date: '2026-09-01', assessment_decision_date: '2026-10-10' }));
      assert.deepEqual([pending.requestDate, pending.assessmentDecisionDate], ['2026-09-01', '2026-10-10'], 'an assessment in progress for a child on SEN support');
    });
  });

  test('checks 100,000 rows in well under the time an import allows', () => {
    const people = syntheticPeople({ count: 2000, seed: 9, dataDate: DATA_DATE });
    const rows = people.map((p) => {
      const row = templateRow(p);
      return PERSON_COLUMNS.map((c) => row[c]);
    });
    const context = rowContext(FULL_LAYOUT, DATA_DATE);
    const started = performance.now();
    let ok = 0;
    for (let i = 0; i < 100_000; i++) {
      const cells = rows[i % rows.length]!.slice();
      cells[0] = `P${i}`;
      context.line = i + 2;
      if (checkRow(cells, context).ok) ok++;
    }
    const seconds = (performance.now() - started) / 1000;
    assert.equal(ok, 100_000);
    // About 0.2 s on two cores; the bound leaves room for a busy machine.
    assert.ok(seconds < 4, `${seconds.toFixed(2)} s`);
  });
});
