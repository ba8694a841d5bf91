import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SENTIMENT_THRESHOLDS, sentimentFromScores, sentimentOf, sentimentScoresOfTokens } from './sentiment.ts';
import { tokenizeComment } from './theme-coder.ts';

function expectEach(sentiment: string, comments: string[]): void {
  for (const comment of comments) assert.equal(sentimentOf(comment), sentiment, comment);
}

describe('sentiment in the words families use', () => {
  test('waiting, fighting, being ignored and let down are negative', () => {
    expectEach('negative', [
      'we have been waiting two years for an assessment',
      'every single thing has been a fight',
      'we feel completely ignored by the council',
      'let down again by the SEN team',
      'the taxi never turns up and nobody answers the phone',
      'camhs is a joke',
    ]);
  });

  test('supportive, brilliant and listened are positive', () => {
    expectEach('positive', [
      'the SENCO has been so supportive',
      'brilliant support from the nursery',
      'they really listened to us and to him',
      'i love my new school, the teachers are nice',
      'Thank you to the transport team',
    ]);
  });

  test('negation turns the reading', () => {
    expectEach('negative', ['the caseworker was not helpful at all', 'they never listened', 'the school is not supportive', 'no support whatsoever']);
    expectEach('positive', ["we didn't have to fight for anything", 'not bad at all, he is settled', "can't fault the physio"]);
  });

  test('a comment that clearly says both is mixed', () => {
    expectEach('mixed', [
      'the school are brilliant but CAMHS have been useless',
      'The assessment was thorough and kind. The wait of three years was awful.',
      'SALT was great when we finally got it, shame it took 14 months to get seen',
    ]);
  });

  test('questions and plain statements are neutral', () => {
    expectEach('neutral', ['How do I apply for an EHC needs assessment?', 'My son is in year 5.', 'i get a taxi to school']);
  });

  test('fewer of something bad is good news', () => {
    expectEach('positive', ['exclusions have fallen by half this year', 'the new pathway has reduced waits for under fives']);
  });
});

describe('deciding from the evidence', () => {
  test('evidence of both kinds of similar weight is mixed; a little of one is neutral', () => {
    assert.equal(sentimentFromScores({ positive: 2, negative: 2, turns: false, asks: false }), 'mixed');
    assert.equal(sentimentFromScores({ positive: 0.1, negative: 0, turns: false, asks: false }), 'neutral');
    assert.equal(sentimentFromScores({ positive: 3, negative: 0.5, turns: false, asks: false }), 'positive');
    assert.equal(sentimentFromScores({ positive: 0, negative: 1, turns: false, asks: true }, SENTIMENT_THRESHOLDS), 'neutral');
  });

  test('a turn at "but" is found', () => {
    const scores = sentimentScoresOfTokens(tokenizeComment('The SENCO is lovely but the teachers do not follow the plan'));
    assert.equal(scores.turns, true);
    assert.ok(scores.positive > 0 && scores.negative > 0);
  });
});
