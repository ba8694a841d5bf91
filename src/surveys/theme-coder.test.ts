import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  MAX_THEMES,
  THEME_LEXICON_FINGERPRINT,
  TOKEN_ALL_CAPS,
  TOKEN_BREAK_BEFORE,
  TOKEN_CAPITALISED,
  TOKEN_HAS_DIGIT,
  TOKEN_SENTENCE_START,
  codeThemes,
  createTokenBuffer,
  themeFeatures,
  themeScores,
  tokenizeComment,
  type ThemeModelFile,
} from './theme-coder.ts';
import { THEMES, THEME_CODES, isThemeCode, type ThemeCode } from './themes.ts';

const modelFile = JSON.parse(readFileSync(new URL('./data/theme-model.json', import.meta.url), 'utf8')) as ThemeModelFile;

function first(text: string): ThemeCode {
  return codeThemes(text)[0].code;
}

describe('the taxonomy', () => {
  test('twenty codes in the order of the domain brief, each with a name and definition', () => {
    assert.equal(THEME_CODES.length, 20);
    assert.equal(THEME_CODES[0], 'IDENT_EARLY');
    assert.equal(THEME_CODES[5], 'ND_PATHWAY');
    assert.equal(THEME_CODES[16], 'TRANSPORT');
    assert.equal(THEME_CODES[19], 'FAMILY_IMPACT');
    assert.deepEqual(
      THEMES.map((t) => t.code),
      [...THEME_CODES],
    );
    assert.equal(THEMES[6].name, 'Emotional wellbeing and CAMHS');
    for (const theme of THEMES) assert.ok(theme.name.length > 5 && theme.definition.endsWith('.'), theme.code);
  });

  test('isThemeCode accepts only the codes', () => {
    assert.equal(isThemeCode('TRANSPORT'), true);
    assert.equal(isThemeCode('transport'), false);
    assert.equal(isThemeCode('BUSES'), false);
    assert.equal(isThemeCode(7), false);
  });
});

describe('coding themes', () => {
  test('the examples from the brief', () => {
    assert.equal(first('my son has waited 2 years for an autism assessment'), 'ND_PATHWAY');
    assert.equal(first('the taxi never turns up'), 'TRANSPORT');
  });

  test('a clear comment about each of several themes, in families’ own words and spellings', () => {
    const cases: [string, ThemeCode][] = [
      ['still waiting for speech and language therapy for my daughter', 'THERAPY_WAITS'],
      ['cahms wont see her til she is in crisis', 'MENTAL_HEALTH'],
      ['he has been permanently excluded and is now on a part-time timetable', 'ATTENDANCE_EXCLUSION'],
      ['we took the council to tribunal and they conceded the day before the hearing', 'DISPUTES_REDRESS'],
      ['no respite, no short breaks, no social worker for over a year', 'SOCIAL_CARE_SHORT_BREAKS'],
      ['the local offer website is out of date and half the links are broken', 'LOCAL_OFFER'],
      ['the annual review was in March and the amended plan never came', 'ANNUAL_REVIEW'],
      ['they refused to assess him for an echp twice', 'EHCNA_TIMELINESS'],
      ['there are no special school places so he sits at home', 'PLACEMENT_SUFFICIENCY'],
      ['she starts college in September and nobody has planned anything for post 16', 'TRANSITIONS_PFA'],
      ['emails to the caseworker go unanswered for weeks', 'COMMUNICATION'],
      ['I had to give up work and my marriage is falling apart from the stress', 'FAMILY_IMPACT'],
    ];
    for (const [text, code] of cases) assert.equal(first(text), code, text);
  });

  test('one to three distinct themes, most likely first, confidences between 0 and 1', () => {
    const texts = [
      'Our daughter was referred for an autism assessment at 9. Her anxiety got so bad she stopped eating and started self harming, CAMHS say they cannot see her until she has a diagnosis, and every time I ring I get someone different.',
      'ok',
      'SALT',
    ];
    for (const text of texts) {
      const themes = codeThemes(text);
      assert.ok(themes.length >= 1 && themes.length <= MAX_THEMES, text);
      assert.equal(new Set(themes.map((t) => t.code)).size, themes.length);
      for (let k = 0; k < themes.length; k++) {
        assert.ok(themes[k].confidence >= 0 && themes[k].confidence <= 1);
        if (k > 0) assert.ok(themes[k].confidence <= themes[k - 1].confidence);
      }
    }
    const long = codeThemes(texts[0]).map((t) => t.code);
    assert.ok(long.includes('ND_PATHWAY') && long.includes('MENTAL_HEALTH'), long.join());
  });

  test('text with nothing to go on still gets one theme, with low confidence', () => {
    for (const text of ['', 'n/a', 'no comment', '...']) {
      const themes = codeThemes(text);
      assert.equal(themes.length, 1, text);
      assert.ok(themes[0].confidence < 0.3, `${text}: ${themes[0].confidence}`);
    }
  });

  test('capitals make no difference', () => {
    assert.deepEqual(codeThemes('CAMHS REFUSED HIS REFERRAL'), codeThemes('camhs refused his referral'));
  });

  test('"fight" wording counts towards disputes, less so when negated', () => {
    const disputes = THEME_CODES.indexOf('DISPUTES_REDRESS');
    const fought = themeScores('we had to fight the council for everything')[disputes];
    const didNot = themeScores('we did not have to fight the council for anything')[disputes];
    assert.ok(fought > didNot, `${fought} > ${didNot}`);
  });
});

describe('the model', () => {
  test('was trained with the current lexicon (run npm run train:themes after changing it)', () => {
    assert.equal(modelFile.lexiconFingerprint, THEME_LEXICON_FINGERPRINT);
    assert.deepEqual(modelFile.themes, [...THEME_CODES]);
    assert.ok(modelFile.trainedOn > 400);
  });

  test('scores a comment exactly as training read it', () => {
    const texts = [
      'The year 9 review was supposed to start planning for adulthood. It lasted 20 minutes and nobody mentioned college',
      "we didn't have to fight, SENDIASS and the SENCO's support were brilliant",
      'Waiting list for speech and language therapy is 52 weeks; OT is no better.',
    ];
    for (const text of texts) {
      const { keys, lexicon } = themeFeatures(text);
      const expected = [...modelFile.bias];
      for (const key of keys) {
        const pairs = modelFile.features[key];
        if (pairs) for (let k = 0; k < pairs.length; k += 2) expected[pairs[k]] += pairs[k + 1];
      }
      for (let c = 0; c < THEME_CODES.length; c++) for (let t = 0; t < THEME_CODES.length; t++) expected[c] += modelFile.lexiconWeights[c][t] * lexicon[t];
      const got = themeScores(text);
      got.forEach((score, c) => assert.ok(Math.abs(score - expected[c]) < 1e-9, `${text}: ${THEME_CODES[c]}`));
    }
  });
});

describe('the tokenizer', () => {
  test('words, offsets and what the writer capitalised', () => {
    const text = "Jayden's SENCO said: 1:1 support. ok";
    const tokens = tokenizeComment(text, createTokenBuffer(2));
    const words = tokens.words.slice(0, tokens.count);
    assert.deepEqual(words, ['jayden', 'senco', 'said', '1', '1', 'support', 'ok']);
    assert.equal(text.slice(tokens.starts[0], tokens.ends[0]), 'Jayden');
    assert.ok(tokens.flags[0] & TOKEN_CAPITALISED && tokens.flags[0] & TOKEN_SENTENCE_START);
    assert.ok(tokens.flags[1] & TOKEN_ALL_CAPS);
    assert.ok(tokens.flags[3] & TOKEN_BREAK_BEFORE && tokens.flags[3] & TOKEN_HAS_DIGIT);
    assert.equal(tokens.flags[4] & TOKEN_BREAK_BEFORE, 0, '"1:1" stays one phrase');
    assert.ok(tokens.flags[6] & TOKEN_SENTENCE_START);
    assert.equal(tokens.sawDigit, true);
  });

  test('curly apostrophes and accents', () => {
    const tokens = tokenizeComment('didn’t ask Zoë’s mum');
    assert.deepEqual(tokens.words.slice(0, tokens.count), ["didn't", 'ask', 'zoë', 'mum']);
    assert.equal(tokens.entries[0].negator, true);
  });

  test('the same word gets the same entry however it is written', () => {
    const a = tokenizeComment('Waiting').entries[0];
    const b = tokenizeComment('WAITING').entries[0];
    assert.equal(a, b);
    assert.equal(a.stem, 'wait');
  });
});
