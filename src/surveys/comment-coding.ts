// Codes one free-text survey answer: personal details redacted, one to three themes, and a sentiment.
import { redactTokens, type RedactionKind } from './redaction.ts';
import { sentimentOfTokens, type Sentiment } from './sentiment.ts';
import { codeThemesOfTokens, createTokenBuffer, tokenizeComment, type CodedTheme } from './theme-coder.ts';

export type CodedComment = {
  /** One to three themes, most likely first. */
  themes: CodedTheme[];
  sentiment: Sentiment;
  /** The comment with personal details replaced by labels such as "[name]". */
  redacted: string;
  /** The kind of each redaction made, in the order they appear in the comment. */
  redactions: RedactionKind[];
};

const tokens = createTokenBuffer();

/**
 * Themes and sentiment are read from the original words, tokenized once for all three steps: that is cheaper than
 * reading the comment twice, and the words inside a redacted detail still count ("Riverside College" says the
 * comment is about college). Only the redacted text leaves this function, so no personal detail is kept.
 */
export function codeComment(text: string): CodedComment {
  tokenizeComment(text, tokens);
  const { text: redacted, redactions } = redactTokens(text, tokens);
  return {
    themes: codeThemesOfTokens(tokens),
    sentiment: sentimentOfTokens(tokens),
    redacted,
    redactions: redactions.map((r) => r.kind),
  };
}
