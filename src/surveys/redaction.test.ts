import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDACTION_LABELS, redact, type RedactionKind } from './redaction.ts';

function redacted(text: string): string {
  return redact(text).text;
}

function kinds(text: string): RedactionKind[] {
  return redact(text).redactions.map((r) => r.kind);
}

describe('names', () => {
  test('first names from the list, in any case, keeping a possessive', () => {
    assert.equal(redacted("Jayden's teacher said Amelia and Kacper were fine"), "[name]'s teacher said [name] and [name] were fine");
    assert.equal(redacted('me n my mate jake got told off'), 'me n my mate [name] got told off');
  });

  test('a full name is one redaction', () => {
    assert.equal(redacted('Plan for Oliver Bennett was written without meeting him'), 'Plan for [name] was written without meeting him');
    assert.deepEqual(kinds('Oliver Bennett'), ['name']);
  });

  test('surnames after titles, with or without a full stop, in lower case too', () => {
    assert.equal(redacted('Mrs Patel the SENCO was great'), 'Mrs [name] the SENCO was great');
    assert.equal(redacted('Dr. Okafor rang back'), 'Dr. [name] rang back');
    assert.equal(redacted('Dr Sarah Jones came'), 'Dr [name] came');
    assert.equal(redacted('at my review mr barker asked me'), 'at my review mr [name] asked me');
    assert.equal(redacted('the counsellor miss hughes is off sick'), 'the counsellor miss [name] is off sick');
  });

  test('names that are ordinary words only when a person is clearly meant', () => {
    assert.equal(redacted('My son Will is moving school'), 'My son [name] is moving school');
    assert.equal(redacted('my daughter Grace is 8'), 'my daughter [name] is 8');
    assert.equal(redacted('her teacher is called Hope'), 'her teacher is called [name]');
    assert.equal(redacted('we met with Will Thompson'), 'we met with [name]');
  });

  test('a capitalised word after "my son", "called" or "my name is"', () => {
    assert.equal(redacted('my name is Zbigniew and I have opinions'), 'my name is [name] and I have opinions');
    assert.equal(redacted('our son Tadeo loves trains'), 'our son [name] loves trains');
  });

  test('an initial and a surname', () => {
    assert.equal(redacted('Plan for J. Wilson lists OT'), 'Plan for [name] lists OT');
  });
});

describe('contact details and numbers', () => {
  test('email addresses', () => {
    assert.equal(redacted('email me at mandy.t1979@gmail.com thanks'), 'email me at [email address] thanks');
    assert.equal(redacted('write to sen-team@example.gov.uk.'), 'write to [email address].');
  });

  test('UK phone numbers in the usual formats', () => {
    for (const phone of ['07700 900461', '07700900461', '07700-900-461', '07700 900 461', '+44 7700 900461', '+447700900461', '0161 496 0732', '(0161) 496 0555', '020 7946 0321', '+44 (0)20 7946 0123', '01632 960418']) {
      assert.equal(redacted(`ring ${phone} please`), 'ring [phone number] please', phone);
    }
  });

  test('postcodes with or without a space, in any case', () => {
    for (const postcode of ['M14 5RT', 'm145rt', 'sk4 2ab', 'OL8 4QP', 'LS11 5TY', 'B23 6PH']) {
      assert.equal(redacted(`we live in ${postcode} now`), 'we live in [postcode] now', postcode);
    }
  });

  test('NHS numbers: any ten digits written 3-3-4, and a valid check digit when unspaced', () => {
    assert.equal(redacted('NHS 943 476 5919'), 'NHS [NHS number]');
    assert.equal(redacted('his number is 123 456 7890'), 'his number is [NHS number]');
    assert.equal(redacted('number 9434765919 on the letter'), 'number [NHS number] on the letter');
    assert.equal(redacted('NHS no 1234567890'), 'NHS no [NHS number]');
    assert.equal(redacted('case reference 1234567890'), 'case reference 1234567890');
  });

  test('unique pupil numbers: a letter, eleven digits, and a digit or letter', () => {
    assert.equal(redacted('UPN A801200301004 if you want to check'), 'UPN [pupil number] if you want to check');
    assert.equal(redacted('pupil z12345678901a'), 'pupil [pupil number]');
  });

  test('dates that could be a date of birth', () => {
    assert.equal(redacted('She was born 12/06/2015 and'), 'She was born [date] and');
    assert.equal(redacted('date of birth 3 March 2014.'), 'date of birth [date].');
    assert.equal(redacted('born on the 2nd of May 2006'), 'born on the [date]');
    assert.equal(redacted('born on 21st July, so young'), 'born on [date], so young');
    assert.equal(redacted('d.o.b. 01/12/2015'), 'd.o.b. [date]');
    assert.equal(redacted('DOB 2.4.13'), 'DOB [date]');
    assert.equal(redacted('he turns 18 on 14th August'), 'he turns 18 on [date]');
    assert.equal(redacted('applied on March 3, 2023'), 'applied on [date]');
  });
});

describe('schools, colleges and nurseries', () => {
  test('named institutions', () => {
    assert.equal(redacted('He goes to Oakfield Primary and loves it'), 'He goes to [school name] and loves it');
    assert.equal(redacted("SENCO at St Mary's C of E Primary School does reviews"), 'SENCO at [school name] does reviews');
    assert.equal(redacted('Northbrook Academy have been great'), '[school name] have been great');
    assert.equal(redacted('Riverside College, where he studies'), '[school name], where he studies');
    assert.equal(redacted("Little Stars Nursery's room"), "[school name]'s room");
    assert.equal(redacted('Lakeside Special School is full'), '[school name] is full');
    assert.equal(redacted('the part time timetable at St Anne\'s has worked'), 'the part time timetable at [school name] has worked');
  });

  test('a school name typed in lower case', () => {
    assert.equal(redacted('i go to oakfield primary'), 'i go to [school name]');
  });
});

describe('ordinary words are left alone', () => {
  const ordinary = [
    'In May we were told to wait. May I ask why?',
    'Will anyone ever help us? Will things get easier?',
    'By the grace of god we got an appointment. Grace and patience are needed.',
    'Autism, SENCO, CAMHS, EHCP, OT, SALT and SENDIASS all let us down.',
    'The Local Offer says nothing about the Short Breaks Statement.',
    'We need a special school, not a mainstream primary or a Sixth Form College.',
    'Named school on the plan has no place. The High Needs block is overspent.',
    'I miss school. I have MS myself. Hope the new physio stays.',
    'waited 2 years, now in year 9, ks3 and the 20 week deadline passed. £400 a month since 2019.',
    'The deadline is 15 February and the review was in the summer. Over the Summer nothing happened.',
    'My son has autism and ADHD. Our daughter is 8. I called CAMHS and called the council.',
    'Children missing education went up 30% and 1:1 support was cut to 10 hours a week.',
    'ring the SEND team on the number in the letter, case reference 1234567890',
  ];
  test('months, "Will" and "Grace", services, school types, numbers that are not personal', () => {
    for (const text of ordinary) {
      assert.deepEqual(redact(text).redactions, [], text);
      assert.equal(redacted(text), text);
    }
  });
});

describe('the result', () => {
  test('offsets point into the original text and labels are plain English', () => {
    const text = 'Call Mrs Patel on 07700 900461 about Jayden';
    const result = redact(text);
    assert.deepEqual(
      result.redactions.map((r) => [r.kind, text.slice(r.start, r.end)]),
      [
        ['name', 'Patel'],
        ['phone', '07700 900461'],
        ['name', 'Jayden'],
      ],
    );
    assert.equal(result.text, 'Call Mrs [name] on [phone number] about [name]');
  });

  test('every kind has a bracketed label', () => {
    assert.deepEqual(REDACTION_LABELS, {
      name: '[name]',
      email: '[email address]',
      phone: '[phone number]',
      postcode: '[postcode]',
      nhs_number: '[NHS number]',
      pupil_number: '[pupil number]',
      date_of_birth: '[date]',
      school: '[school name]',
    });
  });

  test('a name inside an email address is redacted once, as the address', () => {
    assert.deepEqual(kinds('sophie.b@example.org'), ['email']);
  });

  test('text with nothing personal comes back unchanged', () => {
    const text = 'the taxi never turns up on time';
    assert.deepEqual(redact(text), { text, redactions: [] });
  });
});
