import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codeComment } from './comment-coding.ts';
import { redact } from './redaction.ts';
import { sentimentOf } from './sentiment.ts';
import { codeThemes } from './theme-coder.ts';

describe('coding a comment', () => {
  test('themes, sentiment, redacted text and the kinds redacted, together', () => {
    const coded = codeComment('My son Jayden has waited 2 years for an autism assessment. Call me on 07700 900461, nobody ever rings back.');
    assert.equal(coded.themes[0].code, 'ND_PATHWAY');
    assert.equal(coded.sentiment, 'negative');
    assert.equal(coded.redacted, 'My son [name] has waited 2 years for an autism assessment. Call me on [phone number], nobody ever rings back.');
    assert.deepEqual(coded.redactions, ['name', 'phone']);
  });

  test('themes come from the original words, so a redacted college still says "college"', () => {
    const coded = codeComment('Riverside College have been amazing with the transition, he loves his course');
    assert.equal(coded.redacted, '[school name] have been amazing with the transition, he loves his course');
    assert.equal(coded.themes[0].code, 'TRANSITIONS_PFA');
    assert.equal(coded.sentiment, 'positive');
  });

  test('gives the same answers as the three parts called one by one, however calls interleave', () => {
    const texts = [
      'Mrs Patel at Oakfield Primary has been brilliant, but the taxi is late every day',
      'CAMHS closed her case and she was admitted to hospital in May',
      '',
      'we fought for 3 years at tribunal. DOB 12/06/2015, NHS 943 476 5919',
      'i hate school the teachers shout',
    ];
    const separately = texts.map((t) => ({ themes: codeThemes(t), sentiment: sentimentOf(t), redacted: redact(t).text }));
    const together = texts.map((t) => codeComment(t));
    together.forEach((coded, k) => {
      assert.deepEqual(coded.themes, separately[k].themes, texts[k]);
      assert.equal(coded.sentiment, separately[k].sentiment, texts[k]);
      assert.equal(coded.redacted, separately[k].redacted, texts[k]);
    });
  });

  test('a comment with nothing personal keeps its text and has no redactions', () => {
    const coded = codeComment('the bus was late again this morning');
    assert.equal(coded.redacted, 'the bus was late again this morning');
    assert.deepEqual(coded.redactions, []);
    assert.equal(coded.themes[0].code, 'TRANSPORT');
  });
});
