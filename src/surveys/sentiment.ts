// Reads the sentiment of a survey comment in the words families use about SEND services: waiting, fighting and
// being ignored are negative; supportive, brilliant and listened are positive; "not helpful" and "never listened"
// turn a positive word negative; a comment that clearly says both is mixed.
import { TOKEN_BREAK_BEFORE, TOKEN_SENTENCE_START, stemOf, tokenizeComment, type TokenBuffer, type WordEntry } from './theme-coder.ts';

export type Sentiment = 'positive' | 'negative' | 'mixed' | 'neutral';

function weighted(weight: number, words: string): [string, number][] {
  return words
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => [word, weight]);
}

/** Single words, by stem (so "listened", "listens" and "listening" agree); positive and negative weights. */
const WORD_POLARITY: [string, number][] = [
  ...weighted(2, `
    brilliant amazing fantastic excellent outstanding wonderful superb fab fabulous incredible lifeline godsend
    grateful thankful thank thanks lucky blessed love loved loves thriving thrive best perfect great delighted
    thrilled impressed invaluable awesome gr8 star fantastically brill`),
  ...weighted(1, `
    good helpful kind caring lovely nice supportive listened understanding understood patient approachable
    responsive prompt quick quickly efficient clear easy welcoming welcomed settled confident progress improved
    improvement improving better positive pleased glad calmer calm enjoy enjoys enjoyed fun safe valued included
    respected reassured reassuring professional proactive flexible knowledgeable sorted resolved friendly
    recommend praise useful effective happy happier happiest smoothly smooth relieved relief cool decent
    dedicated committed passionate compassionate believed engaged transformed transformational quicker faster
    confidence successful success achieved achieve proud strength strengths thanked
    fortunate appreciative gratitude kudos hero heroes superstar legend tailored swift speedy seamless
    empowered blossomed flourish flourishing relaxed smiling smile laughing pleasant fair alright`),
  ...weighted(0.5, 'support help helps works listen listens heard appreciated appreciate agreed hope'),
  ...weighted(-2, `
    awful terrible horrendous horrific appalling disgrace disgraceful disgusting shocking shambles joke useless
    pathetic nightmare hell crisis broken failed failing failure fails neglect neglected abandoned ignored ignore
    ignoring ignores unacceptable scandal cruel inhumane traumatic traumatised devastating devastated heartbroken
    desperate despair suicidal worst rubbish crap shit shite exhausted exhausting abysmal dreadful disaster
    disastrous chaos chaotic hopeless incompetent inadequate humiliated humiliating unsafe dangerous battle
    battling fight fighting fought war hate hated hates nowhere burnout`),
  ...weighted(-1, `
    wait waiting waited waits delay delayed delays late slow refused refuse refusal rejected declined denied cut
    cuts lost lose losing struggle struggling struggled hard difficult tough stress stressed stressful anxious
    worried worry upset angry anger frustrated frustrating frustration disappointed disappointing poor bad worse
    sad lonely alone isolated excluded punished punishing bullied bullying chase chasing chased unanswered
    unclear confusing confused wrong errors mistakes vague generic tokenistic lack lacking missing missed stuck
    cancelled cancel shortage overstretched understaffed closed stopped threatened threatening crying cried tears
    afraid scared terrified unfair lottery dumping babysitting bored boring hurt hurts pain suffer suffered
    suffering burden blamed blame blaming accused judged overwhelmed exclusion expelled suspended ridiculous
    worn drained sh*t annoying annoyed scary hoops battles ongoing nothing nobody never forgotten dismissed
    dismissive rude unhelpful unprofessional inconsistent insufficient unsuitable inappropriate backlog limited
    fragmented lazy naughty adversarial unlawful illegal forever ages stretched unqualified forced arguing silo
    sanctions detention detentions strict blank copied unbearable impossible dread dreaded petrified worrying
    concerning die overdose overdue outdated inaccurate wrongly incorrect misleading lied lies liar dishonest
    disrespectful condescending patronising belittled gaslit gaslighting stonewalled obstructive bureaucracy
    bureaucratic unfit substandard mediocre shoddy sloppy careless negligent negligence failures pointless
    worthless waste wasted wasting fear frightened isolating excluding discriminated discrimination breach tired
    knackered shattered horrible nasty helpless powerless invisible sucks stupid embarrassing embarrassed`),
  ...weighted(-0.5, `
    still again anxiety only problem problems issue issues complaint complain tribunal appeal
    discharged exclude lack cope coping concern concerns risk risks pressure pressures gap gaps isolation pushed
    escalate escalates unregistered twice`),
  ...weighted(-0.4, 'months years'),
];

type PolarityPhrase = { words: string[]; polarity: number };

function phrases(polarity: number, list: string[]): PolarityPhrase[] {
  return list.map((p) => ({ words: p.split(' '), polarity }));
}

/** Phrases read as a whole, before negation: "can't fault", "let us down", "no one listens". */
const PHRASES: PolarityPhrase[] = [
  ...phrases(1.5, ["can't fault", 'cant fault', 'cannot fault', "couldn't fault", 'couldnt fault', 'nothing is too much', 'no complaints',
    "can't thank", 'cant thank', 'cannot thank', "can't praise", 'cant praise', "couldn't be happier", 'couldnt be happier',
    "couldn't ask for", 'couldnt ask for', 'made all the difference', 'game changer', 'made a huge difference',
    'made such a difference', 'made a big difference', 'a real difference', 'not bad', 'no problems', 'no problem',
    "didn't have to fight", 'didnt have to fight', 'no fight', "wasn't a fight", 'without a fight', 'over the moon',
    'going well', 'so much better', 'much better', 'on time', 'went above and beyond', 'above and beyond', 'turned around',
    'turned things around', 'first time', 'well done', 'thank you', 'really good', 'on track', 'well received',
    'well attended', 'changed everything', 'going ok', 'going good', 'gets him', 'gets her', 'cut waits', 'cut waiting',
    'cut the wait', 'come down', 'made friends', 'made a friend', 'made new friends', 'worked well', 'works well',
    'working well', 'life changing', 'changed our lives', 'changed his life', 'changed her life']),
  // Names of things that contain an evaluative word but say nothing good or bad.
  ...phrases(0, ['sen support', 'send support', 'support plan', 'support worker', 'support workers', 'support staff',
    'support team', 'family support', 'early help', 'help line', 'helpline', 'best interests', 'fair access', 'good practice',
    'well being', 'no longer', 'making progress', 'make progress', 'thank you for nothing']),
  ...phrases(-1.5, ['let down', 'let us down', 'let him down', 'let her down', 'let them down', 'let me down', 'no one cares', 'nobody cares',
    'no one listens', 'nobody listens', 'no one listened', 'nobody listened', 'no support', 'no help', 'no one', 'no idea',
    'no response', 'no reply', 'no answer', 'no updates', 'black hole', 'fell through', 'falls through', 'slipped through',
    'brushed off', 'passed from pillar', 'fobbed off', 'on my knees', 'end of my tether', 'breaking point', 'cliff edge',
    'had to fight', 'have to fight', 'had to pay', 'have to pay', 'pay privately', 'paid privately', 'out of pocket',
    'still waiting', 'still no', 'not good enough', 'a joke', 'not fit for purpose', 'tick box', 'in the dark',
    'waste of time', 'going backwards', 'gone backwards', 'back to square one', 'give up', 'gave up', 'given up',
    'fall apart', 'falls apart', 'fell apart', "can't cope", 'cant cope', 'cannot cope', 'not coping', "isn't coping",
    'wasnt coping', "wasn't coping", 'what was the point', "what's the point", 'whats the point', 'no point', 'too late',
    'nothing changes', 'nothing has changed', 'nothing happens', 'nothing happened', 'not enough', 'no one asked', 'nobody asked',
    'never asked', 'no say', 'no explanation', 'no contact', 'dont care', "don't care", "doesn't care", 'doesnt care', 'no one tells',
    'nobody tells', 'not listened', 'never listened', 'not heard', 'no one helps', 'nobody helps', 'no choice', 'at risk',
    'non existent', 'nonexistent', 'found fault', 'off rolling', 'off rolled', 'fall through', 'nothing for', 'nothing at all',
    'not one', 'not a single', 'nowhere near', 'red tape', 'sick of', 'fed up', 'had enough', 'enough is enough',
    'soul destroying', 'heart breaking', 'heartbreaking', 'left behind', 'left alone', 'on our own', 'nothing in place',
    'still not', 'beggars belief']),
];

/** Words that turn a negative word that follows or precedes them positive: "fewer exclusions", "waits have fallen". */
const DIMINISHERS: ReadonlySet<string> = new Set('reduced reduce reduces reducing fewer less lower lowered shorter decreased fallen halved dropped'.split(' '));
/** Negators are themselves a sign of complaint in this domain: "not one reply", "no qualified teachers". */
const NEGATOR_WEIGHT = 0.4;

const INTENSIFIERS: ReadonlySet<string> = new Set('so very really extremely absolutely totally completely incredibly utterly truly hugely massively super such'.split(' '));
const CONTRASTS: ReadonlySet<string> = new Set('but however although though except whereas unfortunately sadly yet shame pity'.split(' '));
/** Opening words of a question or a request: "How do I…", "Please could you…". */
const ASKING_WORDS: ReadonlySet<string> = new Set('how what who where when which why is are can could will would should does do did has have please may'.split(' '));

const NEGATION_REACH = 3;
/** How strongly a negated word counts the other way: "not helpful" is negative, "not bad" only mildly positive. */
const NEGATED_POSITIVE = 1.2;
const NEGATED_NEGATIVE = 0.4;
/** Words after "but" carry the writer's conclusion. */
const AFTER_CONTRAST = 1.3;
/** How much net evidence makes a sentence or clause lean one way, and how little is enough after "but". */
const SEGMENT_MINIMUM = 0.9;
const CONTRAST_MINIMUM = 0.3;

/** Decision thresholds (tuned on the training part of the labelled examples). */
export const SENTIMENT_THRESHOLDS = { neutralBelow: 0.2, askingNeutralBelow: 1.5, mixedShare: 0.5, mixedMinimum: 1.5, turnMinimum: 0.3 };

/** Listed words as written, then other forms by stem ("listens" → "listen"). */
const POLARITY_BY_WORD = new Map<string, number>(WORD_POLARITY);
/** Words that count only as written: "years" of waiting, but not "year 5". */
const EXACT_ONLY: ReadonlySet<string> = new Set(['months', 'years']);
const POLARITY_BY_STEM = new Map<string, number>();
for (const [word, weight] of WORD_POLARITY) {
  if (EXACT_ONLY.has(word)) continue;
  const stem = stemOf(word);
  const existing = POLARITY_BY_STEM.get(stem);
  // Where forms share a stem ("support", "supportive"), the bare form's weight speaks for the others, else the milder.
  if (POLARITY_BY_WORD.has(stem)) POLARITY_BY_STEM.set(stem, POLARITY_BY_WORD.get(stem)!);
  else if (existing === undefined || Math.abs(weight) < Math.abs(existing)) POLARITY_BY_STEM.set(stem, weight);
}

function polarityOf(entry: WordEntry): number | undefined {
  return POLARITY_BY_WORD.get(entry.word) ?? POLARITY_BY_STEM.get(entry.stem);
}

const PHRASES_BY_FIRST_WORD = new Map<string, PolarityPhrase[]>();
for (const phrase of PHRASES) {
  const list = PHRASES_BY_FIRST_WORD.get(phrase.words[0]) ?? [];
  list.push(phrase);
  // Longest first, so "let us down" wins over a shorter phrase starting the same way.
  list.sort((a, b) => b.words.length - a.words.length);
  PHRASES_BY_FIRST_WORD.set(phrase.words[0], list);
}

const ROLE_NEGATOR = 1;
const ROLE_INTENSIFIER = 2;
const ROLE_CONTRAST = 4;
const ROLE_DIMINISHER = 8;
const ROLE_STOP = 16;
const ROLE_ASKING = 32;

/** What the sentiment reader needs to know about a word, worked out once per distinct word. */
type WordFacts = { role: number; polarity: number; phrases: PolarityPhrase[] | null };

function factsFor(entry: WordEntry): WordFacts {
  const word = entry.word;
  let role = 0;
  if (entry.negator) role |= ROLE_NEGATOR;
  if (INTENSIFIERS.has(word)) role |= ROLE_INTENSIFIER;
  if (CONTRASTS.has(word)) role |= ROLE_CONTRAST;
  if (DIMINISHERS.has(word)) role |= ROLE_DIMINISHER;
  if (entry.stop) role |= ROLE_STOP;
  if (ASKING_WORDS.has(word)) role |= ROLE_ASKING;
  return { role, polarity: polarityOf(entry) ?? 0, phrases: PHRASES_BY_FIRST_WORD.get(word) ?? null };
}

/** Facts by word entry id, so each comment costs no lookups beyond the tokenizer's. */
const factsById: WordFacts[] = [];

function factsOf(entry: WordEntry): WordFacts {
  if (entry.id < 0) return factsFor(entry);
  let facts = factsById[entry.id];
  if (facts === undefined) {
    facts = factsFor(entry);
    factsById[entry.id] = facts;
  }
  return facts;
}

/**
 * Evidence of each kind, and whether the comment turns from one to the other at a "but" or a new sentence
 * ("the school are great. CAMHS are useless").
 */
export type SentimentScores = { positive: number; negative: number; turns: boolean; asks: boolean };

function matchPhrase(candidates: PolarityPhrase[], tokens: TokenBuffer, i: number): PolarityPhrase | undefined {
  for (const phrase of candidates) {
    if (i + phrase.words.length > tokens.count) continue;
    let matches = true;
    for (let k = 1; k < phrase.words.length; k++) {
      if (tokens.words[i + k] !== phrase.words[k] || (tokens.flags[i + k] & TOKEN_BREAK_BEFORE) !== 0) {
        matches = false;
        break;
      }
    }
    if (matches) return phrase;
  }
  return undefined;
}

/**
 * The running reading of one comment. Net evidence of the current sentence or clause is compared with earlier
 * ones; after "but", a slight lean the other way is enough: "the SENCO is lovely but the teachers don't follow
 * the plan".
 */
type Reading = {
  positive: number;
  negative: number;
  segmentBalance: number;
  leanBeforeContrast: number;
  sawPositiveSegment: boolean;
  sawNegativeSegment: boolean;
  turnsAtContrast: boolean;
};

function closeSegment(r: Reading, atContrast: boolean): void {
  const balance = r.positive - r.negative - r.segmentBalance;
  if (balance >= SEGMENT_MINIMUM) r.sawPositiveSegment = true;
  else if (balance <= -SEGMENT_MINIMUM) r.sawNegativeSegment = true;
  if (r.leanBeforeContrast !== 0 && balance * r.leanBeforeContrast < 0 && Math.abs(balance) >= CONTRAST_MINIMUM) r.turnsAtContrast = true;
  r.leanBeforeContrast = atContrast && Math.abs(balance) >= SEGMENT_MINIMUM ? Math.sign(balance) : 0;
  r.segmentBalance = r.positive - r.negative;
}

const reading: Reading = { positive: 0, negative: 0, segmentBalance: 0, leanBeforeContrast: 0, sawPositiveSegment: false, sawNegativeSegment: false, turnsAtContrast: false };

function read(tokens: TokenBuffer, r: Reading): void {
  r.positive = 0;
  r.negative = 0;
  r.segmentBalance = 0;
  r.leanBeforeContrast = 0;
  r.sawPositiveSegment = false;
  r.sawNegativeSegment = false;
  r.turnsAtContrast = false;
  let negatedFor = 0;
  let diminishedFor = 0;
  let boost = 1;
  let emphasis = 1;
  // The last negative word in the current clause, so "waits have fallen" can be read back.
  let lastNegativeAt = -10;
  let lastNegativeWeight = 0;
  let segmentStart = 0;
  for (let i = 0; i < tokens.count; i++) {
    const flags = tokens.flags[i];
    if (i > segmentStart && flags & TOKEN_SENTENCE_START) {
      closeSegment(r, false);
      segmentStart = i;
    }
    if (flags & TOKEN_BREAK_BEFORE) {
      negatedFor = 0;
      diminishedFor = 0;
      lastNegativeAt = -10;
    }
    const facts = factsOf(tokens.entries[i]);
    if (facts.phrases !== null) {
      const phrase = matchPhrase(facts.phrases, tokens, i);
      if (phrase) {
        if (phrase.polarity > 0) r.positive += phrase.polarity * boost * emphasis;
        else r.negative -= phrase.polarity * boost * emphasis;
        boost = 1;
        negatedFor = 0;
        i += phrase.words.length - 1;
        continue;
      }
    }
    const role = facts.role;
    if (role !== 0 && role !== ROLE_STOP && role !== (ROLE_STOP | ROLE_ASKING)) {
      if (role & ROLE_CONTRAST) {
        closeSegment(r, true);
        segmentStart = i;
        emphasis = AFTER_CONTRAST;
        negatedFor = 0;
        continue;
      }
      if (role & ROLE_INTENSIFIER) {
        boost = 1.5;
        continue;
      }
      if (role & ROLE_NEGATOR) {
        negatedFor = NEGATION_REACH;
        r.negative += (facts.polarity === 0 ? NEGATOR_WEIGHT : -facts.polarity * 0.5) * emphasis;
        continue;
      }
      if (role & ROLE_DIMINISHER) {
        if (i - lastNegativeAt <= 4) {
          r.negative -= lastNegativeWeight;
          r.positive += lastNegativeWeight * NEGATED_POSITIVE;
          lastNegativeAt = -10;
        } else {
          diminishedFor = 2;
        }
        continue;
      }
    }
    if (role & ROLE_STOP) continue;
    if (facts.polarity !== 0) {
      const weight = facts.polarity * boost * emphasis;
      if (negatedFor > 0 || diminishedFor > 0) {
        if (weight > 0) r.negative += weight * NEGATED_POSITIVE;
        else r.positive -= weight * (diminishedFor > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE);
      } else if (weight > 0) {
        r.positive += weight;
      } else {
        r.negative -= weight;
        lastNegativeAt = i;
        lastNegativeWeight = -weight;
      }
      boost = 1;
    }
    if (negatedFor > 0) negatedFor--;
    if (diminishedFor > 0) diminishedFor--;
  }
  closeSegment(r, false);
}

function asksSomething(tokens: TokenBuffer): boolean {
  return tokens.sawQuestionMark || (tokens.count > 0 && (factsOf(tokens.entries[0]).role & ROLE_ASKING) !== 0);
}

/** Positive and negative evidence in tokenized text. */
export function sentimentScoresOfTokens(tokens: TokenBuffer): SentimentScores {
  read(tokens, reading);
  return {
    positive: reading.positive,
    negative: reading.negative,
    turns: reading.turnsAtContrast || (reading.sawPositiveSegment && reading.sawNegativeSegment),
    asks: asksSomething(tokens),
  };
}

/** Turns evidence into one of the four readings. */
export function sentimentFromScores({ positive, negative, turns, asks }: SentimentScores, thresholds = SENTIMENT_THRESHOLDS): Sentiment {
  return decide(positive, negative, turns, asks, thresholds);
}

function decide(positive: number, negative: number, turns: boolean, asks: boolean, thresholds: typeof SENTIMENT_THRESHOLDS): Sentiment {
  const larger = Math.max(positive, negative);
  if (larger < (asks ? thresholds.askingNeutralBelow : thresholds.neutralBelow)) return 'neutral';
  const smaller = Math.min(positive, negative);
  if (turns && smaller >= thresholds.turnMinimum) return 'mixed';
  if (smaller >= thresholds.mixedMinimum && smaller / larger >= thresholds.mixedShare) return 'mixed';
  return positive > negative ? 'positive' : 'negative';
}

export function sentimentOfTokens(tokens: TokenBuffer): Sentiment {
  read(tokens, reading);
  const turns = reading.turnsAtContrast || (reading.sawPositiveSegment && reading.sawNegativeSegment);
  return decide(reading.positive, reading.negative, turns, asksSomething(tokens), SENTIMENT_THRESHOLDS);
}

export function sentimentOf(text: string): Sentiment {
  return sentimentOfTokens(tokenizeComment(text));
}
