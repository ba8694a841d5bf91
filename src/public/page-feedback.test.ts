// Page feedback's rules: site paths only, links and code refused, the problem form's limits, and the
// signed form time (too soon, too old, or made up).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FEEDBACK_TEXT_MAX_LENGTH,
  MAX_FORM_AGE_HOURS,
  MIN_SECONDS_BEFORE_SENDING,
  checkFeedbackFormToken,
  feedbackFormToken,
  feedbackKey,
  feedbackPostOf,
  hasLinkOrCode,
  isSitePath,
  problemTextSchema,
} from './page-feedback.ts';

test('only a path on this site may be the page feedback is about', () => {
  for (const ok of ['/', '/reports', '/reports/send-352-2026-1', '/reports?q=camden&region=London']) assert.equal(isSitePath(ok), true, ok);
  for (const bad of ['', 'reports', '//evil.example/x', 'https://evil.example/', '/\\evil.example', '/reports\nSet-Cookie: x', '/a b', `/${'a'.repeat(500)}`]) {
    assert.equal(isSitePath(bad), false, JSON.stringify(bad));
  }
});

test('web addresses and markup are found; ordinary sentences are not', () => {
  const refused = [
    'See http://spam.example/offer',
    'HTTPS://SHOUTING.EXAMPLE',
    'go to www.cheap-pills.example',
    'visit cheap-pills.com now',
    'a link: javascript:alert(1)',
    '<script>alert(1)</script>',
    '< script>',
    '<a href=x>click</a>',
    '</p>',
    '<!-- hidden -->',
    '&lt;script&gt;',
    '[url=spam]x[/url]',
  ];
  for (const text of refused) assert.equal(hasLinkOrCode(text), true, text);
  const kept = [
    'The PDF would not open on my phone.',
    'I scored it 3<5 out of ten',
    'Reading the report on gov.uk was easy, but the summary was too long.',
    'Parents & carers were not mentioned: it said "partners" instead.',
    'Page 2 of the report, e.g. the table.',
  ];
  for (const text of kept) assert.equal(hasLinkOrCode(text), false, text);
});

test('a problem report needs what went wrong (or what they were doing), each within the limit and without links', () => {
  assert.equal(problemTextSchema.safeParse({ whatDoing: '', whatWrong: '' }).error?.issues[0]?.message, 'Enter what went wrong');
  assert.equal(problemTextSchema.safeParse({ whatDoing: 'Reading', whatWrong: '' }).success, true);
  const long = problemTextSchema.safeParse({ whatDoing: '', whatWrong: 'x'.repeat(FEEDBACK_TEXT_MAX_LENGTH + 1) });
  assert.equal(long.error?.issues[0]?.message, 'What went wrong must be 1,200 characters or fewer');
  assert.equal(problemTextSchema.safeParse({ whatDoing: '', whatWrong: 'x'.repeat(FEEDBACK_TEXT_MAX_LENGTH) }).success, true);
  const script = problemTextSchema.safeParse({ whatDoing: '<script>alert(1)</script>', whatWrong: 'It broke' });
  assert.deepEqual(script.error?.issues.map((i) => [i.path.join('.'), i.message]), [['whatDoing', 'Remove the web address or code from ‘What you were doing’']]);
});

test('a post is read as text; a repeated field keeps its first value; browsers\' line ends count once', () => {
  assert.deepEqual(feedbackPostOf({ page: [' /reports ', '/x'], kind: 'problem', whatWrong: 'a\r\nb', website: '', formToken: 't' }), {
    page: '/reports',
    kind: 'problem',
    whatDoing: '',
    whatWrong: 'a\nb',
    formToken: 't',
    honeypot: '',
  });
  assert.deepEqual(feedbackPostOf(undefined), { page: '', kind: '', whatDoing: '', whatWrong: '', formToken: '', honeypot: '' });
});

test('the form time is signed: too soon, too old and made-up times are told apart', () => {
  const key = feedbackKey('a session secret of at least thirty-two characters');
  const shown = new Date('2027-03-10T12:00:00Z');
  const token = feedbackFormToken(key, shown);
  const after = (ms: number) => new Date(shown.getTime() + ms);
  assert.equal(checkFeedbackFormToken(key, token, after(0)), 'too-fast');
  assert.equal(checkFeedbackFormToken(key, token, after(MIN_SECONDS_BEFORE_SENDING * 1000 - 1)), 'too-fast');
  assert.equal(checkFeedbackFormToken(key, token, after(MIN_SECONDS_BEFORE_SENDING * 1000)), 'ok');
  assert.equal(checkFeedbackFormToken(key, token, after(MAX_FORM_AGE_HOURS * 3_600_000)), 'ok');
  assert.equal(checkFeedbackFormToken(key, token, after(MAX_FORM_AGE_HOURS * 3_600_000 + 1)), 'expired');

  const [time, signature] = token.split('.');
  const earlier = (shown.getTime() - 60_000).toString(36);
  assert.equal(checkFeedbackFormToken(key, `${earlier}.${signature}`, after(0)), 'invalid', 'a time moved back keeps the old signature, which no longer fits');
  assert.equal(checkFeedbackFormToken(feedbackKey('another secret of at least thirty-two characters'), token, after(5000)), 'invalid');
  assert.equal(checkFeedbackFormToken(key, `${time}.`, after(5000)), 'invalid');
  assert.equal(checkFeedbackFormToken(key, '', after(5000)), 'invalid');
});
