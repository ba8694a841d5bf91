// Codes survey free text against the 20-theme taxonomy: a curated lexicon of what families actually write,
// combined with a one-vs-rest logistic regression trained on the labelled examples (scripts/train-themes.ts).
import { createRequire } from 'node:module';
import { THEME_CODES, type ThemeCode } from './themes.ts';
import themeModelFile from './data/theme-model.json' with { type: 'json' };

export type CodedTheme = { code: ThemeCode; confidence: number };

const THEME_COUNT = THEME_CODES.length;

// ---------------------------------------------------------------------------------------------------------
// Tokenizer: one pass over the text, into a buffer reused between calls so coding a comment allocates little.

/** A clause boundary (comma, full stop, bracket, line break…) lies between the previous token and this one. */
export const TOKEN_BREAK_BEFORE = 1;
/** The token starts with an upper-case letter in the original text. */
export const TOKEN_CAPITALISED = 2;
/** Every letter of the token is upper case and it has at least two letters ("SENCO", "OT"). */
export const TOKEN_ALL_CAPS = 4;
/** The token starts a sentence (first token, or after . ! ? or a line break). */
export const TOKEN_SENTENCE_START = 8;
/** The token contains a digit. */
export const TOKEN_HAS_DIGIT = 16;

/**
 * What is known about a word, looked up once per token and shared by every reader of the comment. `id` is unique
 * across all cached words (-1 when the cache is full), so other readers can keep their own facts about a word in
 * arrays indexed by it.
 */
export type WordEntry = {
  readonly id: number;
  readonly word: string;
  readonly stop: boolean;
  readonly negator: boolean;
  readonly stem: string;
  /** The theme model's and lexicon's evidence for the stem; null for stop words and stems neither knows. */
  readonly theme: StemEntry | null;
};

export type TokenBuffer = {
  count: number;
  /** Lower-cased words, possessive "'s" removed, curly apostrophes straightened. */
  words: string[];
  entries: WordEntry[];
  /** Offsets of each word in the original text (end excludes a possessive "'s"). */
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  sawDigit: boolean;
  sawAt: boolean;
  sawQuestionMark: boolean;
};

const CHAR_OTHER = 0;
const CHAR_WORD = 1;
const CHAR_BREAK = 2;
const CHAR_SENTENCE_END = 3;
const CHAR_APOSTROPHE = 4;

const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = CHAR_WORD;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = CHAR_WORD;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = CHAR_WORD;
for (const ch of ',;:()[]{}"<>|') ASCII_CLASS[ch.charCodeAt(0)] = CHAR_BREAK;
for (const ch of '.!?\n\r') ASCII_CLASS[ch.charCodeAt(0)] = CHAR_SENTENCE_END;
ASCII_CLASS[39] = CHAR_APOSTROPHE;

function classOf(c: number): number {
  if (c < 128) return ASCII_CLASS[c];
  if (c === 0x2019 || c === 0x2018) return CHAR_APOSTROPHE;
  if (c === 0x201c || c === 0x201d || c === 0x2013 || c === 0x2014) return CHAR_BREAK;
  if (c === 0x2026) return CHAR_SENTENCE_END;
  // Letters with accents and other scripts count as word characters; general punctuation, symbols and emoji do not.
  if (c >= 0xc0 && c < 0x2000 && c !== 0xd7 && c !== 0xf7) return CHAR_WORD;
  return CHAR_OTHER;
}

export function createTokenBuffer(capacity = 256): TokenBuffer {
  return {
    count: 0,
    words: [],
    entries: [],
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
    flags: new Uint8Array(capacity),
    sawDigit: false,
    sawAt: false,
    sawQuestionMark: false,
  };
}

function growTokenBuffer(buffer: TokenBuffer): void {
  const capacity = buffer.starts.length * 2;
  const starts = new Int32Array(capacity);
  starts.set(buffer.starts);
  const ends = new Int32Array(capacity);
  ends.set(buffer.ends);
  const flags = new Uint8Array(capacity);
  flags.set(buffer.flags);
  buffer.starts = starts;
  buffer.ends = ends;
  buffer.flags = flags;
}

const sharedTokens = createTokenBuffer();

/**
 * Splits text into words in a single pass, looking each word up once. Without a buffer it fills one shared buffer,
 * which the next call overwrites: read it before tokenizing anything else.
 */
export function tokenizeComment(text: string, buffer: TokenBuffer = sharedTokens, lookup: ((word: string) => WordEntry) | null = runtimeEntry): TokenBuffer {
  const length = text.length;
  const fast = lookup === runtimeEntry;
  let count = 0;
  let pendingFlags = TOKEN_BREAK_BEFORE | TOKEN_SENTENCE_START;
  let sawDigit = false;
  let sawAt = false;
  let sawQuestionMark = false;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? ASCII_CLASS[c] : classOf(c);
    if (kind === CHAR_WORD) {
      const start = i;
      let plain = true;
      let hasLower = false;
      let hasDigit = false;
      let letters = 0;
      // FNV-1a over the lower-cased word, and its value before the last apostrophe (to drop a possessive "'s").
      let hash = 0x811c9dc5;
      let hashBeforeApostrophe = 0;
      let lastApostrophe = -1;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d < 128) {
          const k = ASCII_CLASS[d];
          if (k === CHAR_WORD) {
            let folded = d;
            if (d >= 97) {
              hasLower = true;
              letters++;
            } else if (d >= 65) {
              folded = d + 32;
              letters++;
            } else {
              hasDigit = true;
            }
            hash = Math.imul(hash ^ folded, 0x01000193);
            i++;
            continue;
          }
          if (k === CHAR_APOSTROPHE && i + 1 < length && classOf(text.charCodeAt(i + 1)) === CHAR_WORD) {
            hashBeforeApostrophe = hash;
            lastApostrophe = i;
            hash = Math.imul(hash ^ 39, 0x01000193);
            i++;
            continue;
          }
          break;
        }
        // Accented letters, other scripts and curly apostrophes: this word is looked up by its text.
        const k = classOf(d);
        if (k === CHAR_WORD) {
          plain = false;
          letters++;
          i++;
        } else if (k === CHAR_APOSTROPHE && i + 1 < length && classOf(text.charCodeAt(i + 1)) === CHAR_WORD) {
          plain = false;
          lastApostrophe = i;
          i++;
        } else {
          break;
        }
      }
      let end = i;
      if (lastApostrophe >= 0 && lastApostrophe === end - 2 && end - start >= 3) {
        const last = text.charCodeAt(end - 1);
        if (last === 115 || last === 83) {
          end -= 2;
          hash = hashBeforeApostrophe;
        }
      }
      if (count === buffer.starts.length) growTokenBuffer(buffer);
      let entry: WordEntry | null = null;
      let word: string;
      if (fast && plain) {
        entry = knownWord(text, start, end, hash);
        word = entry.word;
      } else {
        word = text.slice(start, end).toLowerCase();
        if (!plain) word = word.replace(/[\u2018\u2019]/g, "'");
        if (lookup) entry = lookup(word);
      }
      const first = text.charCodeAt(start);
      let flags = pendingFlags;
      if (first >= 65 && first <= 90) flags |= TOKEN_CAPITALISED;
      if (!hasLower && letters >= 2) flags |= TOKEN_ALL_CAPS;
      if (hasDigit) {
        flags |= TOKEN_HAS_DIGIT;
        sawDigit = true;
      }
      buffer.words[count] = word;
      if (entry) buffer.entries[count] = entry;
      buffer.starts[count] = start;
      buffer.ends[count] = end;
      buffer.flags[count] = flags;
      count++;
      pendingFlags = 0;
      continue;
    }
    if (kind === CHAR_SENTENCE_END) {
      // "3.5", "e.g" and web addresses keep going; a full stop followed by a space ends the sentence.
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 32;
      if (c !== 46 || classOf(next) !== CHAR_WORD) pendingFlags = TOKEN_BREAK_BEFORE | TOKEN_SENTENCE_START;
      if (c === 63) sawQuestionMark = true;
    } else if (kind === CHAR_BREAK) {
      // "1:1" support stays one phrase.
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 32;
      if (!(c === 58 && next >= 48 && next <= 57)) pendingFlags |= TOKEN_BREAK_BEFORE;
    } else if (c === 64) {
      sawAt = true;
    }
    i++;
  }
  buffer.count = count;
  buffer.sawDigit = sawDigit;
  buffer.sawAt = sawAt;
  buffer.sawQuestionMark = sawQuestionMark;
  return buffer;
}

// ---------------------------------------------------------------------------------------------------------
// Words: stop words, negators and stems.

const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or of to in for with at by from as is are was were be been being am it its this that these those ' +
    'he she they them his her hers their theirs him i me my mine we our ours us you your yours has have had do does did ' +
    'doing so if then than there which who whom whose what when where how why all any some would could should can will ' +
    'shall may might must just also very really even about into onto over get gets got getting s t im ive id ' +
    'youre theyre weve were hes shes its it\'s i\'m i\'ve i\'d i\'ll you\'re they\'re we\'ve we\'re that\'s there\'s ' +
    'let lets oh etc eg ie such too quite each every other another both either own same like lot lots bit ' +
    'thing things way ok okay yes yeah u ur r n'
  ).split(' '),
);

const NEGATORS: ReadonlySet<string> = new Set(
  (
    "not no never nothing nobody none neither nor without hardly barely cannot can't cant don't dont didn't didnt dint " +
    "doesn't doesnt isn't isnt wasn't wasnt aren't arent weren't werent won't wont wouldn't wouldnt couldn't couldnt " +
    "shouldn't shouldnt haven't havent hasn't hasnt hadn't hadnt ain't aint dnt lack lacking lacked noone"
  ).split(' '),
);

const stemWord = createRequire(import.meta.url)('wink-porter2-stemmer') as (word: string) => string;
/** Stemming is the costly step; comments reuse a small vocabulary, so stems are remembered (up to a bound). */
const stemMemo = new Map<string, string>();
const STEM_MEMO_LIMIT = 200_000;

/** Words the stemmer would merge with unrelated ones: "paeds" is not "pa" (a personal assistant). */
const STEM_EXCEPTIONS = new Map<string, string>([
  ['paed', 'paed'],
  ['paeds', 'paed'],
  ['medication', 'medication'],
  ['medications', 'medication'],
  ['responsible', 'responsib'],
  ['responsibility', 'responsib'],
  ['responsibilities', 'responsib'],
  ['consultant', 'consultant'],
  ['consultants', 'consultant'],
  ['parking', 'parking'],
]);

export function stemOf(word: string): string {
  let stem = stemMemo.get(word);
  if (stem !== undefined) return stem;
  stem = STEM_EXCEPTIONS.get(word) ?? (/^[a-z]/.test(word) ? stemWord(word) : word);
  if (stemMemo.size < STEM_MEMO_LIMIT) stemMemo.set(word, stem);
  return stem;
}

// ---------------------------------------------------------------------------------------------------------
// The lexicon: words, phrases, abbreviations and misspellings families and professionals use for each theme.
// Phrases are matched on stems of their content words (stop words skipped), so "waited for an assessment" and
// "assessment wait" differ but "waiting list"/"wait lists" agree. Up to three content words per phrase.

type TieredTerms = { strong: readonly string[]; medium: readonly string[]; weak: readonly string[] };

const TIER_WEIGHTS = { strong: 2, medium: 1, weak: 0.4 } as const;

const THEME_LEXICON: Record<ThemeCode, TieredTerms> = {
  IDENT_EARLY: {
    strong: [
      'sen support', 'send support', 'early identification', 'early intervention', 'early help', 'early years',
      'health visitor', 'health visitors', 'graduated approach', 'sen register', 'send register', 'portage', 'eyfs',
      'identified early', 'identified earlier', 'picked up early', 'picked up earlier', 'spotted early',
      'spotted earlier', 'needs were missed', 'missed his needs', 'missed her needs', 'two year check',
      '2 year check', 'iep', 'individual education plan', 'provision map', 'sen support plan', 'support plan',
      'early years setting', 'early years inclusion', 'inclusion funding', 'top up funding', 'assess plan do review',
      'one page profile', 'pupil passport', 'slipped through the net', 'slipped through', 'fell through the cracks',
      'no diagnosis needed', 'without an ehcp', 'without a plan', 'needs not identified', 'not identified',
      'unidentified needs',
    ],
    medium: [
      'naughty', 'lazy', 'quiet', 'realised', 'realized', 'well behaved', 'labelled naughty', 'seen as naughty',
      'brushed off', 'nursery', 'preschool', 'pre school', 'reception', 'childminder', 'picked up', 'spotted',
      'noticed', 'flagged', 'missed', 'identified', 'identify', 'identification', 'dyslexia', 'dyslexic',
      'dyscalculia', 'interventions', 'intervention', 'screening', 'phonics', 'reading age', 'catch up', 'early',
      'earlier', 'year 1', 'year 2', 'infant school', 'infants', 'key stage 1', 'ks1', 'developmental delay',
      'global developmental delay', 'gdd', 'speech delay', 'concerns', 'raised concerns', 'behind', 'falling behind',
      'small group', 'nurture group', 'nurture', 'toddler', 'baby', 'age 2', 'age 3',
    ],
    weak: ['senco', 'sendco', 'primary', 'teacher', 'needs', 'reading', 'writing', 'maths', 'learning', 'struggling'],
  },
  EHCNA_TIMELINESS: {
    strong: [
      'needs assessment', 'ehc needs assessment', 'ehcna', 'statutory assessment', 'refused to assess',
      'refusal to assess', 'refused an assessment', 'refused assessment', 'request for assessment',
      'requested an assessment', 'assessment request', 'decision to assess', 'agreed to assess', 'declined to assess',
      '20 weeks', '20 week', '6 weeks', '6 week', '16 weeks', 'twenty weeks', 'educational psychologist',
      'educational psychologists', 'ed psych', 'edpsych', 'ep report', 'ep assessment', 'ep visit', 'ep advice',
      'psychology service', 'applied for an ehcp', 'applied for ehcp', 'apply for an ehcp', 'ehcp application',
      'ehcp request', 'requested an ehcp', 'ehcp process', 'ehc process', 'ehc plan process', 'draft plan',
      'final plan', 'statutory timescales', 'timescales', 'timescale', 'deadline', 'deadlines', 'overdue',
      'weeks late', 'months late', 'waiting for the ehcp', 'waiting for an ehcp', 'waiting for ehcp', 'still no ehcp',
      'still no plan', 'statutory deadlines', 'legal timescales', 'legal timeframe', 'timeframe', 'time frame',
      'parental request', 'assessment panel', 'ehcp panel', 'send panel', 'panel', 'evidence to assess',
      'not enough evidence',
    ],
    medium: [
      'acknowledged', 'acknowledge', 'needs assessed', 'assessed', 'ehcp', 'ehcps', 'ehc plan', 'ehc', 'echp',
      'ehcps', 'ehc plans', 'statement', 'statemented', 'assessment', 'applied', 'application', 'request',
      'requested', 'refused', 'refusal', 'turned down', 'rejected', 'declined', 'late', 'delay', 'delays', 'delayed',
      'weeks', 'timely', 'timeliness', 'on time', 'within', 'caseworker', 'case worker', 'case officer', 'sen team',
      'send team', 'senart', 'ep', 'psychologist', 'evidence', 'draft',
    ],
    weak: ['months', 'waiting', 'waited', 'wait', 'council', 'local authority', 'la'],
  },
  EHCP_QUALITY: {
    strong: [
      'section f', 'section b', 'section e', 'section g', 'section h', 'smart outcomes', 'outcomes', 'vague',
      'woolly', 'wishy washy', 'generic', 'cut and paste', 'copy and paste', 'copied and pasted', 'copy paste',
      'not specific', 'specific', 'specified', 'quantified', 'quantify', 'specify', 'golden thread', 'person centred',
      'person-centred', 'poorly written', 'badly written', 'well written', 'inaccurate', 'inaccuracies', 'wrong name',
      'wrong child', 'errors', 'mistakes', 'quality of the plan', 'quality of plans', 'plan quality', 'health advice',
      'social care advice', 'health section', 'social care section', 'contributions', 'plan reflects',
      'doesnt reflect', "doesn't reflect", 'not reflect', 'not worth the paper', 'worth the paper',
      'paper it is written on', 'hours of support', 'provision is specified', 'specified provision',
      'provision in section', 'wording', 'worded', 'aspirations', 'reflect', 'one page profile', 'accurate',
      'accurately', 'unenforceable', 'enforceable', 'legally binding', 'written plan', 'the plan itself',
    ],
    medium: [
      'plan', 'plans', 'ehcp', 'ehc plan', 'echp', 'written', 'detail', 'detailed', 'describes', 'describe',
      'capture', 'captures', 'document', 'paperwork', 'reports', 'advice', 'provision', 'needs', 'targets',
      'strengths', 'out of date reports', 'old reports',
    ],
    weak: ['draft', 'quality', 'final'],
  },
  ANNUAL_REVIEW: {
    strong: [
      'annual review', 'annual reviews', 'review meeting', 'interim review', 'emergency review', 'early review',
      'amended plan', 'amendments', 'amend the plan', 'amended', 'amend', 'phase transfer', 'phase transfers',
      '15 february', '15th february', '31 march', '4 weeks after', 'within 4 weeks', 'four weeks', 'review paperwork',
      'paperwork from the review', 'review decision', 'review report', 'never updated', 'not been updated',
      'not updated', 'updated plan', 'plan updated', 'out of date plan', 'plan is out of date', 'out of date',
      'hasnt been reviewed', "hasn't been reviewed", 'not been reviewed', 'not reviewed', 'reviewed', 'review held',
      'reviews', 'ar meeting', 'year 9 review', 'outdated', 'years old', 'still says', 'changing needs',
    ],
    medium: ['review', 'updated', 'update the plan', 'changes', 'changed', 'meeting', 'yearly', 'last year'],
    weak: ['update', 'plan', 'ehcp', 'paperwork'],
  },
  THERAPY_WAITS: {
    strong: [
      'salt', 'slt', 'speech and language', 'speech therapy', 'speech therapist', 'speech and language therapy',
      'speech and language therapist', 'salt therapist', 'occupational therapy', 'occupational therapist', 'ot',
      'ots', 'physio', 'physiotherapy', 'physiotherapist', 'paediatrician', 'pediatrician', 'peadiatrician',
      'paediatrics', 'paeds', 'paed', 'community paediatrics', 'community paediatrician', 'wheelchair',
      'wheelchair service', 'equipment', 'hoist', 'splints', 'splint', 'orthotics', 'sensory assessment',
      'sensory diet', 'sensory processing', 'sensory integration', 'therapy', 'therapies', 'therapist', 'therapists',
      'audiology', 'hearing aids', 'visual impairment', 'continence', 'continence service', 'nappies', 'pads',
      'dietitian', 'dietician', 'feeding', 'makaton', 'aac', 'communication aid', 'eye gaze', 'pecs', 'stammer',
      'stammering', 'speech', 'walker', 'standing frame', 'specialist seating', 'specialist chair', 'special buggy',
      'adapted', 'adaptations', 'moving and handling', 'gastrostomy', 'peg feed', 'nhs therapy', 'therapy provision',
    ],
    medium: [
      'device', 'mobility', 'walking', 'motor', 'speech and language delay', 'understood', 'sensory', 'language',
      'motor skills', 'fine motor', 'gross motor', 'handwriting', 'seating', 'buggy', 'bed', 'aids', 'appointment',
      'appointments', 'clinic', 'clinics', 'discharged', 'discharge', 'waiting list', 'wait list', 'waitlist',
      'sessions', 'session', 'programme', 'program', 'hearing', 'vision', 'health', 'nhs', 'medical', 'consultant',
      'hospital', 'gp', 'referral', 'referred', 'exercises',
    ],
    weak: ['wait', 'waiting', 'waited', 'months', 'years', 'weeks'],
  },
  ND_PATHWAY: {
    strong: [
      'autism', 'autistic', 'asd', 'asc', 'adhd', 'neurodevelopmental', 'neurodiversity', 'neurodivergent',
      'neurodiverse', 'nd pathway', 'neuro pathway', 'neurodevelopmental pathway', 'autism assessment',
      'adhd assessment', 'autism diagnosis', 'adhd diagnosis', 'asd assessment', 'asd diagnosis', 'diagnosis',
      'diagnosed', 'diagnose', 'undiagnosed', 'dx', 'assessment pathway', 'ados', 'pda',
      'pathological demand avoidance', 'demand avoidance', 'tourette', 'tourettes', 'tics', 'adhd medication',
      'medication', 'meds', 'ritalin', 'methylphenidate', 'elvanse', 'concerta', 'titration', 'right to choose',
      'private diagnosis', 'private assessment', 'post diagnostic', 'post diagnosis', 'after diagnosis',
      'waiting for diagnosis', 'awaiting diagnosis', 'awaiting assessment', 'on the spectrum', 'spectrum',
      'autism team', 'autism service', 'asd team', 'adhd clinic', 'adhd nurse', 'psychiatrist',
    ],
    medium: [
      'assessment', 'pathway', 'referral', 'referred', 'waiting list', 'wait list', 'traits', 'meltdowns', 'meltdown',
      'masking', 'masks', 'dyspraxia', 'dcd', 'fasd', 'attention', 'hyperactive', 'hyperactivity', 'impulsive',
      'sensory needs', 'shutdowns', 'paediatrician', 'paeds', 'label', 'signs', 'questionnaire', 'conners',
      'observation', 'observations',
    ],
    weak: ['years', 'wait', 'waiting', 'waited', 'still waiting', 'referral', 'sensory'],
  },
  MENTAL_HEALTH: {
    strong: [
      'psychiatrist', '999', 'self harms', 'harm herself', 'harm himself', 'hospitalised', 'camhs', 'cahms', 'camhs',
      'cahms', 'cyp mental health', 'cypmhs', 'mental health', 'emotional wellbeing', 'wellbeing', 'self harm',
      'self harming', 'selfharm', 'self harmed', 'harming himself', 'harming herself', 'suicidal', 'suicide',
      'overdose', 'eating disorder', 'anorexia', 'crisis team', 'crisis', 'emergency department', 'admitted',
      'admission', 'sectioned', 'tier 4', 'inpatient', 'ward', 'anxiety', 'anxious', 'depression', 'depressed',
      'low mood', 'panic attacks', 'panic attack', 'counselling', 'counsellor', 'cbt', 'health support team', 'mhst',
      'school nurse', 'kooth', 'trauma', 'attachment', 'psychiatry', 'threshold', 'thresholds', 'meet the threshold',
      'not ill enough', 'not unwell enough', 'bounced', 'want to die', 'kill myself', 'end my life',
      'ending his life', 'ending her life', 'hospital', 'samaritans', 'emotional', 'mentally', 'mental',
    ],
    medium: [
      'referral', 'waiting list', 'triage', 'declined', 'rejected', 'discharged', 'sad', 'upset', 'worries', 'worry',
      'feelings', 'angry', 'anger', 'emotions', 'mood', 'sleep', 'not sleeping', 'scared', 'stress', 'stressed',
      'overwhelmed', 'ocd', 'phobia', 'psychologist', 'someone to talk', 'talking therapy', 'lonely',
    ],
    weak: ['support', 'help', 'struggling', 'worried', 'feel', 'felt'],
  },
  COMMUNICATION: {
    strong: [
      'no one told', 'nobody told', 'told us nothing', 'tell us anything', 'tells me anything', 'nobody tells me',
      'no one tells me', 'kept me updated', 'keeps me updated', 'kept us updated', 'hear back', 'heard back',
      'heard nothing', 'never heard back', 'black hole', 'passed on', 'pass me on', 'passes me on', 'passed around',
      'fobbed off', 'talk down', 'patronising', 'patronised', 'dismissed', 'dismissive', 'not believed',
      'taken seriously', 'automatic reply', 'out of office', 'no idea who', 'no response', 'no reply', 'no replies',
      'never replied', 'never replies', 'not replied', 'didnt reply', "didn't reply", 'doesnt reply', "doesn't reply",
      'unanswered', 'emails unanswered', 'calls unanswered', 'never answer', 'never answered', 'dont answer',
      "don't answer", 'didnt answer', "didn't answer", 'answer the phone', 'answers the phone', 'return calls',
      'returned my calls', 'returned calls', 'call back', 'called back', 'ring back', 'rang back', 'phone back',
      'chasing', 'chase', 'chased', 'no updates', 'kept updated', 'kept informed', 'kept in the loop', 'loop',
      'kept in the dark', 'updates', 'named contact', 'point of contact', 'contact details', 'communication',
      'communicate', 'communicated', 'communicating', 'listened', 'listen', 'listens', 'listening', 'not listened',
      'never listened', 'not heard', 'ignored', 'ignore', 'ignoring', 'ignores', 'heard', 'responsive', 'response',
      'responses', 'respond', 'responded', 'responds', 'replied', 'reply', 'replies', 'emails', 'email', 'emailed',
      'phone calls', 'voicemail', 'voicemails', 'left messages', 'explanation', 'explained', 'explain',
      'decision letter', 'jargon', 'transparent', 'transparency', 'honest', 'honesty', 'caseworker changed',
      'new caseworker', 'keeps changing', 'no one gets back', 'acknowledged', 'acknowledge', 'contactable',
      'uncontactable', 'unreachable', 'reachable',
    ],
    medium: [
      'contact', 'contacted', 'called', 'rang', 'phone', 'phoned', 'message', 'messages', 'letter', 'letters', 'told',
      'informed', 'answers', 'answer', 'answered', 'questions', 'clear', 'unclear', 'confusing', 'confused',
      'caseworker', 'case worker', 'case officer', 'hear', 'silence', 'days', 'weeks', 'reason', 'reasons',
    ],
    weak: ['council', 'la', 'office', 'team', 'update'],
  },
  COPRODUCTION: {
    strong: [
      'choices', 'shape services', 'engagement events', 'parent reps', 'representatives', 'ideas', 'co production',
      'coproduction', 'coproduce', 'coproduced', 'co produce', 'co produced', 'co producing', 'parent carer forum',
      'parent carers forum', 'pcf', 'parent forum', 'youth forum', 'youth voice', 'youth council',
      'young people voice', 'pupil voice', 'participation', 'participate', 'participated', 'consulted',
      'consultation', 'consult', 'working group', 'steering group', 'strategy group', 'views', 'voice', 'voices',
      'child voice', 'family voice', 'no say', 'involved', 'involvement', 'involve', 'involving',
      'partnership with parents', 'working together', 'work together', 'tokenistic', 'tokenism', 'tick box',
      'tick-box', 'trust', 'mistrust', 'distrust', 'trust in leaders', 'engage', 'engagement', 'engaged',
      'representation', 'represented', 'round the table', 'nobody asked', 'no one asked', 'never asked',
      'asked my opinion', 'person centred planning', 'focus group', 'focus groups', 'feedback', 'survey', 'surveys',
      'listen to children', 'listen to young people', 'listen to parents', 'wishes', 'wishes and feelings', 'opinion',
      'opinions', 'equal partners', 'partners', 'co design', 'codesign', 'lived experience', 'expert by experience',
      'experts',
    ],
    medium: [
      'asked', 'ask', 'decisions', 'decision making', 'input', 'parents', 'families', 'partnership', 'meeting',
      'meetings', 'forum', 'groups', 'group', 'strategy', 'leaders', 'valued', 'respected', 'respect', 'together',
      'team around', 'collaborative', 'collaboration', 'collaborate',
    ],
    weak: ['listen', 'heard', 'included', 'plan'],
  },
  LOCAL_OFFER: {
    strong: [
      'one stop', 'local offer', 'sendiass', 'sendias', 'iass', 'send ias', 'sen dias',
      'information advice and support', 'advice and support service', 'website', 'web site', 'webpage', 'web page',
      'signposting', 'signpost', 'signposted', 'directory', 'broken links', 'links', 'dead links',
      'out of date information', 'searchable', 'find information', 'finding information', 'leaflet', 'leaflets',
      'newsletter', 'facebook group', 'facebook', 'online', 'ipsea', 'sossen', 'charity', 'charities', 'helpline',
      'advice line', 'parent support group', 'support group', 'never heard of', 'nobody told us', 'no one told us',
      'found out', 'find out', 'found out by accident', 'word of mouth', 'information', 'info', 'guide', 'guides',
      'easy read', 'translated', 'translation', 'interpreter', 'app', 'navigate', 'navigating', 'hard to find',
      'impossible to find', 'google', 'googling', 'search', 'searching', 'didnt know', "didn't know", 'did not know',
      'nobody tells you', 'no one tells you', 'unaware', 'advice', 'advisor', 'adviser', 'family hub', 'family hubs',
      'coffee morning',
    ],
    medium: [
      'know', 'knew', 'aware', 'available', 'services', 'find', 'found', 'page', 'pages', 'site', 'read', 'advise',
      'advised', 'explained', 'options', 'entitled', 'entitlement', 'rights',
    ],
    weak: ['offer', 'told', 'help'],
  },
  MAINSTREAM_INCLUSION: {
    strong: [
      'mainstream', 'mainstream school', 'reasonable adjustments', 'reasonable adjustment', 'adjustments',
      'staff training', 'training', 'untrained', 'trained', 'teaching assistant', 'teaching assistants', 'ta', 'tas',
      '1:1', '1 to 1', 'one to one', 'lsa', 'senco', 'sendco', 'inclusion', 'inclusive', 'inclusion team',
      'inclusion unit', 'not following the plan', 'not following', 'following the plan', 'follow the plan',
      'provision not delivered', 'not delivered', 'not being delivered', 'not implemented', 'implemented',
      'implement', 'deliver', 'delivering', 'delivered', 'class teacher', 'teachers', 'teacher', 'classroom',
      'behaviour policy', 'behaviour points', 'detention', 'detentions', 'isolation booth', 'sensory room',
      'quiet space', 'time out card', 'exit card', 'break card', 'lunchtime', 'lunchtimes', 'playtime', 'uniform',
      'homework', 'differentiated', 'differentiation', 'headteacher', 'head teacher', 'deputy head', 'academy trust',
      'school staff', 'attitude', 'attitudes', 'school understand', 'school dont understand',
      "school don't understand", 'bullied', 'bullying', 'bully', 'bullies', 'lessons', 'lesson', 'classmates',
      'pupils', 'year group', 'sats', 'gcses', 'exams', 'access arrangements', 'extra time', 'scribe', 'reader',
      'sen unit in school', 'sanctions', 'punished', 'punishment', 'consequences', 'masking at school',
      'fine at school', 'fine in school',
    ],
    medium: [
      'shout', 'shouted', 'shouting', 'punish', 'sit still', 'corridor', 'corridors', 'canteen', 'playground',
      'break times', 'parents evening', 'class teachers', 'sent out of class', 'ear defenders', 'fidget',
      'visual timetable', 'movement breaks', 'school', 'schools', 'staff', 'class', 'peers', 'behaviour', 'rewards',
      'differentiate', 'primary school', 'secondary school', 'support staff', 'head', 'supportive school',
      'understanding', 'understand', 'adjusted', 'accommodate', 'accommodations', 'plan in place',
    ],
    weak: ['support', 'help', 'needs', 'provision'],
  },
  PLACEMENT_SUFFICIENCY: {
    strong: [
      'specialist place', 'specialist places', 'no school at all', 'right school', 'right placement',
      'special school', 'special schools', 'specialist school', 'specialist schools', 'specialist provision',
      'specialist placement', 'specialist setting', 'resourced provision', 'resource base', 'resourced base', 'arp',
      'specialist unit', 'sen unit', 'asd base', 'autism base', 'enhanced provision', 'enhanced resource',
      'no places', 'not enough places', 'no spaces', 'no space', 'full', 'oversubscribed', 'consulted schools',
      'consultations', 'named school', 'named placement', 'placement', 'placements', 'out of area', 'out of county',
      'out of borough', 'independent special school', 'independent school', 'non maintained', 'residential school',
      'residential placement', 'independent placement', 'waiting for a place', 'waiting for a placement',
      'no school place', 'no suitable school', 'no suitable placement', 'suitable school', 'suitable placement',
      'no school would take', 'no school will take', 'unable to meet need', 'unable to meet his needs',
      'unable to meet her needs', 'cannot meet need', 'cannot meet his needs', 'cannot meet her needs',
      "can't meet need", "can't meet his needs", "can't meet her needs", 'cant meet his needs', 'cant meet her needs',
      'cant meet need', 'meet his needs', 'meet her needs', 'meet their needs', 'sufficiency', 'new special school',
      'places available', 'commissioned places', 'free school', 'school place', 'sld school', 'mld school', 'pmld',
      'semh school', 'asd school', 'autism school', 'specialist',
    ],
    medium: [
      'place', 'places', 'unit', 'base', 'provision', 'special', 'independent', 'private school', 'schools', 'named',
      'miles away', 'far away', 'capacity', 'spaces', 'waiting list',
    ],
    weak: ['school', 'needs', 'wait'],
  },
  ATTENDANCE_EXCLUSION: {
    strong: [
      'not going in', 'out of education', 'no education', 'without education', 'sent out', 'threatening a fine',
      'at home with no school', 'not in education', 'excluded', 'exclusion', 'exclusions', 'exclude', 'excluding',
      'permanently excluded', 'permanent exclusion', 'perm ex', 'fixed term exclusion', 'fixed term', 'suspended',
      'suspension', 'suspensions', 'internal exclusion', 'informal exclusion', 'off rolled', 'off rolling',
      'offrolled', 'offrolling', 'off roll', 'managed move', 'part time timetable', 'part-time timetable',
      'reduced timetable', 'reduced hours', 'part time', 'an hour a day', 'two hours a day', '2 hours a day',
      'hour a day', 'hours a day', 'sent home', 'sent home early', 'called to collect', 'pick him up early',
      'pick her up early', 'out of school', 'not in school', 'missing education', 'children missing education', 'cme',
      'school refusal', 'school refuser', 'refusing school', 'ebsa', 'emotionally based', 'school avoidance',
      "can't attend", 'cant attend', 'cannot attend', 'unable to attend', 'attendance', 'absence', 'absences',
      'absent', 'attend', 'attending', 'home educate', 'home educating', 'home education', 'home educated',
      'home schooling', 'home school', 'homeschool', 'homeschooling', 'home schooled', 'ehe',
      'elective home education', 'deregistered', 'deregister', 'fines', 'fined', 'prosecuted', 'attendance officer',
      'education welfare', 'ewo', 'section 19', 's19', 'medical tuition', 'hospital school', 'isolation', 'no school',
      'months out', 'missed school', 'missing school', 'missed months', 'not been to school', 'not attended',
      'left school', 'unable to go to school', "won't go to school", 'wont go to school', 'refuses to go',
      'school gates', 'school gate',
    ],
    medium: [
      'home', 'avoid', 'avoidance', 'refuse', 'refuses', 'refusing', 'sent', 'collected', 'hours', 'timetable',
      'missed', 'missing', 'weeks off', 'months off', 'off school', 'behaviour',
    ],
    weak: ['school'],
  },
  ALT_PROVISION: {
    strong: [
      'alternative provision', 'ap', 'pru', 'prus', 'pupil referral unit', 'referral unit', 'ap placement',
      'ap provider', 'unregistered provision', 'unregistered ap', 'unregistered', 'alternative education',
      'alternative setting', 'tuition centre', 'education centre', 'hospital education', 'reintegration',
      'reintegrate', 'back into mainstream', 'return to mainstream', 'back to mainstream', 'outreach', 'provider',
      'providers', 'forest school', 'farm', 'vocational', 'construction course', 'mechanics', 'boxing',
      'bespoke package', 'bespoke', 'education package', 'package of education', 'eotas',
      'education other than at school', 'tutors', 'tutor', 'online school', 'online tuition', 'tuition',
      'quality assured', 'unqualified', 'registered', 'ap quality', 'short stay school', 'pupil referral',
      'alternative',
    ],
    medium: [
      'provision', 'setting', 'placed', 'hours a week', 'few hours', 'centre', 'commissioned', 'oversight',
      'monitored', 'monitoring', 'safeguarding', 'supervised', 'package', 'programme', 'placement',
    ],
    weak: ['hours', 'mainstream'],
  },
  TRANSITIONS_PFA: {
    strong: [
      'apprentiship', 'apprenticship', 'live on my own', 'leave college', 'leaves college', 'after college', 'ceased',
      'plan ceased', 'learn to drive', 'driving test', 'driving lessons', 'moved up', 'move schools', 'transition',
      'transitions', 'transitioning', 'preparing for adulthood', 'preparation for adulthood', 'pfa', 'post 16',
      'post-16', 'post 19', 'post-19', 'sixth form', '6th form', 'college', 'fe college', 'further education',
      'university', 'uni', 'apprenticeship', 'apprenticeships', 'supported internship', 'supported internships',
      'internship', 'employment', 'employer', 'employers', 'job', 'jobs', 'work experience', 'career', 'careers',
      'independent living', 'independence', 'adult services', 'adult social care', 'adult team',
      'adult mental health', 'adult services', 'children to adult', "children's to adult", 'turn 18', 'turned 18',
      'turns 18', 'age 18', '18th birthday', '19 to 25', 'up to 25', 'leaving school', 'leave school',
      'secondary transfer', 'move to secondary', 'moving to secondary', 'secondary school', 'high school',
      'starting secondary', 'starting school', 'starting reception', 'year 6', 'year 7', 'year 9', 'year 11',
      'year 13', 'ks2', 'ks3', 'ks4', 'ks5', 'new school', 'changing schools', 'course', 'courses', 'day services',
      'day centre', 'life skills', 'supported living', 'housing', 'pip', 'dla', 'universal credit', 'cliff edge',
      'adulthood', 'grown up', 'adult', 'adults', 'future', 'moving up', 'move up', 'next step', 'next steps',
      'leavers', 'leaver', 'neet', 'traineeship', 'study programme', 'independent travel', 'living independently',
      'moving on',
    ],
    medium: [
      'older', 'leaving', 'leave', 'move', 'moving', 'next year', '18', '16', '19', '25', 'secondary', 'training',
      'skills', 'work', 'options', 'prepare', 'preparing', 'ready',
    ],
    weak: ['age', 'year'],
  },
  SOCIAL_CARE_SHORT_BREAKS: {
    strong: [
      'short breaks', 'short break', 'respite', 'social care', 'social worker', 'social workers',
      'children with disabilities team', 'cwd team', 'disabled children team', 'disability team', 'social services',
      'carers assessment', "carer's assessment", 'child in need', 'cin', 'direct payments', 'direct payment', 'pa',
      'pas', 'personal assistant', 'personal assistants', 'care package', 'care packages', 'overnight', 'overnights',
      'overnight respite', 'holiday club', 'holiday clubs', 'holiday scheme', 'holiday activities', 'haf',
      'after school club', 'after-school club', 'youth club', 'youth clubs', 'clubs', 'club', 'activities',
      'activity', 'friends', 'friendships', 'friendship', 'friend', 'lonely', 'loneliness', 'isolated', 'left out',
      'community', 'leisure', 'swimming', 'cinema', 'park', 'parks', 'playground', 'play scheme', 'playscheme',
      'sports', 'sport', 'football', 'scouts', 'brownies', 'cubs', 'social life', 'going out', 'out of the house',
      'weekends', 'weekend', 'holidays', 'summer holidays', 'half term', 'sitting service', 'family support worker',
      'buddy', 'befriending', 'befriender', 'disability register', 'young carer', 'young carers', 'care assessment',
      'eligibility criteria', 'foster', 'fostering', 'looked after', 'childrens home', "children's home",
      'residential care', 'changing places', 'carers', 'carer', 'mates', 'mate', 'bored', 'social', 'socialise',
      'socialising', 'fun', 'inclusive activities', 'accessible activities', 'trampolining', 'dance', 'drama', 'gym',
    ],
    medium: [
      'care', 'support worker', 'family support', 'break', 'breaks', 'play', 'group', 'groups', 'included', 'welcome',
      'welcomed', 'accessible', 'disabled', 'disability', 'safeguarding', 'evenings', 'summer',
    ],
    weak: ['out', 'places'],
  },
  TRANSPORT: {
    strong: [
      'transport', 'school transport', 'home to school transport', 'taxi', 'taxis', 'cab', 'bus', 'buses', 'minibus',
      'escort', 'escorts', 'passenger assistant', 'pa on the bus', 'driver', 'drivers', 'travel', 'travel training',
      'travel assistance', 'travel budget', 'personal travel budget', 'ptb', 'mileage', 'fuel', 'petrol',
      'transport policy', 'transport appeal', 'post 16 transport', 'drop off', 'dropped off', 'drop him off',
      'drop her off', 'turns up', 'turn up', 'turned up', 'never turns up', 'journey', 'journeys', 'route', 'commute',
      'driving', 'drove', 'lift', 'lifts', 'car', 'train station', 'train journey', 'walking distance', 'miles',
      'hour journey', 'travel time', 'bus pass', 'seatbelt', 'harness', 'car seat', 'vehicle', 'van', 'blue badge',
      'parking', 'pick up', 'picks him up', 'picks her up', 'contractor', 'eligible for transport', 'eligibility',
      'ineligible', 'distance', 'nearest suitable school', 'pick up time',
    ],
    medium: [
      'late', 'drive', 'far', 'hour', 'hours', 'collect', 'collected', 'pick', 'picked', 'waiting outside', 'morning',
    ],
    weak: ['time'],
  },
  PARTNERSHIP_LEADERSHIP: {
    strong: [
      'nobody is in charge', 'consultants', 'restructure', 'restructures', 'top to bottom', 'chief executive', 'ceo',
      'senior management', 'national', 'nobody takes responsibility', 'takes responsibility', 'leadership', 'leaders',
      'senior leaders', 'strategic', 'strategy', 'joint commissioning', 'commissioning', 'commissioners',
      'commissioner', 'icb', 'integrated care board', 'ccg', 'partnership', 'partners', 'joint working',
      'multi agency', 'multiagency', 'silo', 'silos', 'accountability', 'accountable', 'responsible',
      'responsibility', 'governance', 'send board', 'partnership board', 'board', 'data', 'dashboard', 'budget',
      'budgets', 'funding', 'funded', 'high needs', 'high needs block', 'deficit', 'safety valve', 'cuts', 'cut',
      'resources', 'resourcing', 'capacity', 'workforce', 'recruitment', 'recruit', 'retention', 'vacancies',
      'vacancy', 'staffing', 'turnover', 'staff turnover', 'agency staff', 'locum', 'caseloads', 'caseload',
      'overstretched', 'stretched', 'understaffed', 'short staffed', 'joined up', 'not joined up', 'join up',
      'health and education', 'written statement of action', 'wsoa', 'improvement plan', 'accelerated progress plan',
      'ofsted', 'cqc', 'inspection', 'inspectors', 'dco', 'designated clinical officer', 'dmo', 'director',
      'directors', 'councillors', 'elected members', 'management', 'managers', 'manager', 'service manager',
      'systemic', 'priorities', 'priority', 'quality assurance', 'audit', 'audits', 'performance', 'targets', 'kpi',
      'kpis', 'government', 'dfe', 'nhs england', 'system', 'whole system', 'pathway redesign', 'investment',
      'invest', 'invested', 'spending', 'overspend', 'traded service', 'service level agreement',
      'commissioned service', 'contract', 'contracts',
    ],
    medium: [
      'money', 'council', 'local authority', 'la', 'nhs', 'service', 'services', 'staff', 'team', 'teams', 'health',
      'education', 'agencies', 'agency', 'professionals', 'improvement', 'improving', 'improved', 'progress', 'plan',
      'oversight',
    ],
    weak: ['system', 'together', 'working'],
  },
  DISPUTES_REDRESS: {
    strong: [
      'judge', 'hearing', 'legal expert', 'lodged', 'tribunal', 'tribunals', 'sendist', 'first tier tribunal',
      'appeal', 'appeals', 'appealed', 'appealing', 'mediation', 'mediator', 'mediate', 'complaint', 'complaints',
      'complain', 'complained', 'formal complaint', 'stage 1', 'stage 2', 'ombudsman', 'lgsco', 'lgo', 'phso',
      'solicitor', 'solicitors', 'lawyer', 'lawyers', 'barrister', 'legal', 'legal aid', 'judicial review',
      'pre action', 'conceded', 'concede', 'conceding', 'fight', 'fighting', 'fought', 'fights', 'battle', 'battles',
      'battling', 'battled', 'war', 'adversarial', 'hoops', 'jump through hoops', 'jumping through hoops',
      'threatened', 'threaten', 'legal action', 'unlawful', 'illegal', 'breaking the law', 'law', 'statutory duty',
      'redress', 'disagreement', 'disagreement resolution', 'dispute', 'disputes', 'resolution', 'upheld', 'escalate',
      'escalated', 'mp', 'councillor', 'press', 'newspaper', 'won', 'win', 'lost', 'decision overturned',
      'overturned', 'day in court', 'court', 'sendiass helped', 'legal advice', 'advocate', 'advocacy',
    ],
    medium: [
      'refused', 'challenge', 'challenged', 'rights', 'duty', 'push', 'pushed', 'pushing', 'demand', 'insist',
      'insisted',
    ],
    weak: ['decision', 'decisions', 'refusal'],
  },
  FAMILY_IMPACT: {
    strong: [
      'second job', 'pushy parent', 'pushy', 'overreacting', 'neurotic', 'anxious mum', 'time off work', 'leave work',
      'left work', 'stopped working', 'stop work', 'no money', 'out of pocket', 'borrowed', 'savings', 'loan',
      'stress', 'stressed', 'stressful', 'exhausted', 'exhausting', 'exhaustion', 'burnout', 'burnt out',
      'burned out', 'breaking point', 'breakdown', 'nervous breakdown', 'my mental health', 'my own mental health',
      'our mental health', 'give up work', 'gave up work', 'given up work', 'gave up my job', 'give up my job',
      'left my job', 'quit my job', 'lost my job', 'reduce my hours', 'reduced my hours', 'cut my hours',
      'cut down my hours', "can't work", 'cant work', 'cannot work', 'unable to work', 'income', 'finances',
      'financial', 'debt', "carer's allowance", 'carers allowance', 'siblings', 'sibling', 'brother', 'sister',
      'marriage', 'divorce', 'separated', 'husband', 'wife', 'family life', 'whole family', 'home life',
      'parent blame', 'parent blaming', 'blamed', 'blame', 'blaming', 'blames', 'bad parenting', 'parenting course',
      'parenting', 'judged', 'judgement', 'judgemental', 'fii', 'fabricated', 'crying', 'cry', 'cried', 'tears',
      'sleepless', 'no sleep', 'coping', 'cope', "can't cope", 'cant cope', 'end of my tether', 'tether',
      'on my knees', 'antidepressants', 'toll', 'impact on', 'postcode lottery', 'lottery', 'unfair', 'inequality',
      'equality', 'privileged', "can't afford", 'cant afford', 'afford', 'pay privately', 'paid privately',
      'privately', 'single parent', 'single mum', 'single dad', 'relentless', 'nightmare', 'hell', 'traumatised',
      'heartbroken', 'at home all day', 'whole family', 'full time carer', 'drained', 'worn out', 'suffering',
    ],
    medium: [
      'family', 'families', 'work', 'job', 'career', 'carer', 'mum', 'dad', 'parents', 'home', 'alone', 'broken',
      'tired', 'money', 'hard', 'difficult', 'struggling', 'struggle', 'worry', 'worried', 'life', 'lives', 'impact',
    ],
    weak: ['everything', 'constant'],
  },
};

/** Theme-words whose weight drops when negated: "we didn't have to fight" is not a dispute. */
const NEGATABLE_STEMS: ReadonlySet<string> = new Set(['fight', 'fought', 'battl', 'battle', 'war', 'hoop', 'push', 'struggl', 'chase', 'complain', 'complaint', 'stress', 'blame']);
const NEGATED_WEIGHT = 0.25;
const NEGATION_REACH = 3;

/** Collects the content words of a short text as stems, the way comments are read. */
function contentStems(text: string): string[] {
  const tokens = tokenizeComment(text, createTokenBuffer(16), null);
  const stems: string[] = [];
  for (let i = 0; i < tokens.count; i++) {
    const word = tokens.words[i];
    if (!STOP_WORDS.has(word)) stems.push(stemOf(word));
  }
  return stems;
}

type LexiconHit = { theme: number; weight: number; negatable: boolean };

/** The lexicon compiled to stem phrases: "wait list" → hits for each theme that lists it. */
function compileLexicon(): Map<string, LexiconHit[]> {
  const compiled = new Map<string, LexiconHit[]>();
  THEME_CODES.forEach((code, theme) => {
    const tiers = THEME_LEXICON[code];
    for (const tier of ['strong', 'medium', 'weak'] as const) {
      for (const term of tiers[tier]) {
        const stems = contentStems(term);
        if (stems.length === 0 || stems.length > 3) throw new Error(`Lexicon term "${term}" (${code}) must have 1 to 3 content words.`);
        // A phrase whose other words are all stop words would count its one word everywhere ("have a say" → "say").
        if (stems.length === 1 && /\s/.test(term.trim())) throw new Error(`Lexicon term "${term}" (${code}) has only one content word: list the word itself.`);
        const key = stems.join(' ');
        const hits = compiled.get(key) ?? [];
        const existing = hits.find((h) => h.theme === theme);
        const weight = TIER_WEIGHTS[tier];
        if (existing) existing.weight = Math.max(existing.weight, weight);
        else hits.push({ theme, weight, negatable: NEGATABLE_STEMS.has(stems[0]) || NEGATABLE_STEMS.has(stems[stems.length - 1]) });
        compiled.set(key, hits);
      }
    }
  });
  return compiled;
}

const LEXICON = compileLexicon();

function fingerprintOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Changes whenever the compiled lexicon or the stop words change, so a stale model can be detected. */
export const THEME_LEXICON_FINGERPRINT = fingerprintOf(
  JSON.stringify([...LEXICON.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) + [...STOP_WORDS].join(' ') + [...NEGATORS].join(' '),
);

// ---------------------------------------------------------------------------------------------------------
// The trained model, compiled into lookup tables keyed by stem ids so scoring allocates nothing.

export type ThemeModelFile = {
  version: number;
  lexiconFingerprint: string;
  trainedOn: number;
  themes: string[];
  bias: number[];
  /** lexiconWeights[c][t]: how much theme t's lexicon score counts towards theme c. */
  lexiconWeights: number[][];
  /** Feature key (a stem, or two stems separated by a space) → pairs of theme index and weight, where it matters. */
  features: Record<string, number[]>;
  secondaryThreshold: number;
};

/**
 * Model weights of one feature, only for the themes where they matter: `themes[k]` gets `weights[k]`.
 */
type SparseWeights = { themes: Uint8Array; weights: Float64Array };

/** A phrase of two or three content words: the model's weights and lexicon hits for it, and its longer phrases. */
type PhraseEntry = { model: SparseWeights | null; lex: LexiconHit[] | null; stamp: number; next: Map<number, PhraseEntry> | null };

/** A stem: its model weights and lexicon hits, and the phrases it starts (keyed by the next stem's id). */
export type StemEntry = PhraseEntry & { id: number };

type CompiledModel = {
  stems: Map<string, StemEntry>;
  bias: Float64Array;
  lexiconWeights: Float64Array;
  secondaryThreshold: number;
};

function stemEntryFor(stems: Map<string, StemEntry>, stem: string): StemEntry {
  let entry = stems.get(stem);
  if (!entry) {
    entry = { id: stems.size, model: null, lex: null, stamp: 0, next: null };
    stems.set(stem, entry);
  }
  return entry;
}

/** The entry for a phrase of stems, creating the chain of entries it hangs from. */
function phraseEntryFor(stems: Map<string, StemEntry>, parts: string[]): PhraseEntry {
  let entry: PhraseEntry = stemEntryFor(stems, parts[0]);
  for (let k = 1; k < parts.length; k++) {
    const id = stemEntryFor(stems, parts[k]).id;
    entry.next ??= new Map();
    let following = entry.next.get(id);
    if (!following) {
      following = { model: null, lex: null, stamp: 0, next: null };
      entry.next.set(id, following);
    }
    entry = following;
  }
  return entry;
}

/** Reads a feature's weights as stored: pairs of theme index and weight. */
function sparseWeights(pairs: number[]): SparseWeights {
  const themes = new Uint8Array(pairs.length / 2);
  const weights = new Float64Array(pairs.length / 2);
  for (let k = 0; k < themes.length; k++) {
    themes[k] = pairs[2 * k];
    weights[k] = pairs[2 * k + 1];
  }
  return { themes, weights };
}

/** Builds the lookup tables; with no model file (as when training) only the lexicon is indexed. */
function compileThemeModel(file: ThemeModelFile | null): CompiledModel {
  const stems = new Map<string, StemEntry>();
  for (const [key, hits] of LEXICON) phraseEntryFor(stems, key.split(' ')).lex = hits;
  const bias = new Float64Array(THEME_COUNT);
  const lexiconWeights = new Float64Array(THEME_COUNT * THEME_COUNT);
  let secondaryThreshold = 0.5;
  if (file) {
    if (file.themes.join() !== THEME_CODES.join()) throw new Error('The theme model was trained on a different taxonomy: run npm run train:themes.');
    bias.set(file.bias);
    file.lexiconWeights.forEach((row, c) => lexiconWeights.set(row, c * THEME_COUNT));
    secondaryThreshold = file.secondaryThreshold;
    for (const [key, pairs] of Object.entries(file.features)) phraseEntryFor(stems, key.split(' ')).model = sparseWeights(pairs);
  } else {
    // Lexicon only: each theme's own lexicon score is its evidence.
    for (let c = 0; c < THEME_COUNT; c++) lexiconWeights[c * THEME_COUNT + c] = 1;
    bias.fill(-2);
  }
  return { stems, bias, lexiconWeights, secondaryThreshold };
}

const WORD_CACHE_LIMIT = 200_000;
let nextWordId = 0;

/** Looks words up against one compiled model, remembering each distinct word (up to a bound). */
function createWordLookup(model: CompiledModel): (word: string) => WordEntry {
  const cache = new Map<string, WordEntry>();
  return (word) => {
    const cached = cache.get(word);
    if (cached) return cached;
    const stop = STOP_WORDS.has(word);
    const stem = stop ? word : stemOf(word);
    const full = cache.size >= WORD_CACHE_LIMIT;
    const entry: WordEntry = { id: full ? -1 : nextWordId++, word, stop, negator: NEGATORS.has(word), stem, theme: stop ? null : (model.stems.get(stem) ?? null) };
    if (!full) cache.set(word, entry);
    return entry;
  };
}

/** Theme evidence for one comment: model scores (logits) and the lexicon score per theme. */
type Scratch = { scores: Float64Array; lexicon: Float64Array; stamp: number };

function addLexiconHits(hits: LexiconHit[], negated: boolean, lexicon: Float64Array): void {
  for (const hit of hits) lexicon[hit.theme] += negated && hit.negatable ? hit.weight * NEGATED_WEIGHT : hit.weight;
}

function addWeights({ themes, weights }: SparseWeights, scores: Float64Array): void {
  for (let k = 0; k < themes.length; k++) scores[themes[k]] += weights[k];
}

function addPhrase(phrase: PhraseEntry, stamp: number, negated: boolean, scores: Float64Array, lexicon: Float64Array): void {
  if (phrase.stamp === stamp) return;
  phrase.stamp = stamp;
  if (phrase.model) addWeights(phrase.model, scores);
  if (phrase.lex) addLexiconHits(phrase.lex, negated, lexicon);
}

/** Maps a theme's summed lexicon weight to a feature that grows ever more slowly. */
function lexiconFeature(score: number): number {
  return Math.log1p(score);
}

/**
 * Reads the tokens once: content words add their model weights and lexicon hits (each once per comment),
 * consecutive content words add two- and three-word phrases. With `keys`, the model features are also listed
 * by name (for training).
 */
function scanTokens(tokens: TokenBuffer, model: CompiledModel, scratch: Scratch, keys?: Set<string>): void {
  const { scores, lexicon } = scratch;
  const stamp = ++scratch.stamp;
  scores.set(model.bias);
  lexicon.fill(0);
  // The phrases the previous one or two content words start, if any.
  let pairsFromPrevious: Map<number, PhraseEntry> | null = null;
  let triplesFromPrevious: Map<number, PhraseEntry> | null = null;
  let previousStem = '';
  let negatedUntil = -1;
  let contentIndex = 0;
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.flags[i] & TOKEN_BREAK_BEFORE) {
      pairsFromPrevious = null;
      triplesFromPrevious = null;
      previousStem = '';
      negatedUntil = -1;
    }
    const info = tokens.entries[i];
    if (info.stop) continue;
    contentIndex++;
    const negated = contentIndex <= negatedUntil;
    if (info.negator) negatedUntil = contentIndex + NEGATION_REACH;
    if (keys) {
      keys.add(info.stem);
      if (previousStem) keys.add(`${previousStem} ${info.stem}`);
      previousStem = info.stem;
    }
    const entry = info.theme;
    if (!entry) {
      pairsFromPrevious = null;
      triplesFromPrevious = null;
      continue;
    }
    addPhrase(entry, stamp, negated, scores, lexicon);
    let nextTriples: Map<number, PhraseEntry> | null = null;
    if (pairsFromPrevious !== null) {
      const pair = pairsFromPrevious.get(entry.id);
      if (pair) {
        addPhrase(pair, stamp, negated, scores, lexicon);
        nextTriples = pair.next;
      }
    }
    if (triplesFromPrevious !== null) {
      const triple = triplesFromPrevious.get(entry.id);
      if (triple) addPhrase(triple, stamp, negated, scores, lexicon);
    }
    triplesFromPrevious = nextTriples;
    pairsFromPrevious = entry.next;
  }
  for (let t = 0; t < THEME_COUNT; t++) {
    const value = lexicon[t];
    if (value === 0) continue;
    const feature = lexiconFeature(value);
    lexicon[t] = feature;
    for (let c = 0; c < THEME_COUNT; c++) scores[c] += model.lexiconWeights[c * THEME_COUNT + t] * feature;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Training support: the same reading of a comment, as named features.

const lexiconOnly = compileThemeModel(null);
const lexiconOnlyEntry = createWordLookup(lexiconOnly);
const trainingScratch: Scratch = { scores: new Float64Array(THEME_COUNT), lexicon: new Float64Array(THEME_COUNT), stamp: 0 };

/** The model's inputs for one comment: stems and stem pairs present, and each theme's lexicon feature. */
export function themeFeatures(text: string): { keys: string[]; lexicon: number[] } {
  const keys = new Set<string>();
  scanTokens(tokenizeComment(text, createTokenBuffer(64), lexiconOnlyEntry), lexiconOnly, trainingScratch, keys);
  return { keys: [...keys], lexicon: Array.from(trainingScratch.lexicon) };
}

// ---------------------------------------------------------------------------------------------------------
// Coding.

const modelFile = themeModelFile as ThemeModelFile;
if (modelFile.lexiconFingerprint !== THEME_LEXICON_FINGERPRINT) {
  // A model trained on another lexicon still works, less well; the unit tests insist on retraining.
  process.emitWarning('The theme model was trained with a different lexicon: run npm run train:themes.');
}
const MODEL = compileThemeModel(modelFile);
const lookupRuntimeWord = createWordLookup(MODEL);

/** The entry for a word as comments are coded (against the trained model). */
function runtimeEntry(word: string): WordEntry {
  return lookupRuntimeWord(word);
}

// The tokenizer finds known words in an open-addressing table by a hash it computes while scanning, comparing
// characters in place: no string is cut out of the comment for a word seen before. The table starts small (so
// it stays in cache for a survey's vocabulary) and doubles while it is more than half full.
const WORD_TABLE_LARGEST = 1 << 19;
let wordTableMask = (1 << 12) - 1;
let wordTableHashes = new Int32Array(wordTableMask + 1);
let wordTableEntries: (WordEntry | null)[] = new Array<WordEntry | null>(wordTableMask + 1).fill(null);
let wordTableSize = 0;

/** Compares a stored lower-case word with ASCII text, folding capitals. */
function sameWord(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(start + k);
    if (word.charCodeAt(k) !== (c >= 65 && c <= 90 ? c + 32 : c)) return false;
  }
  return true;
}

function placeWord(hash: number, entry: WordEntry): void {
  let slot = hash & wordTableMask;
  while (wordTableEntries[slot] !== null) slot = (slot + 1) & wordTableMask;
  wordTableHashes[slot] = hash;
  wordTableEntries[slot] = entry;
}

function growWordTable(): void {
  const hashes = wordTableHashes;
  const entries = wordTableEntries;
  wordTableMask = wordTableMask * 2 + 1;
  wordTableHashes = new Int32Array(wordTableMask + 1);
  wordTableEntries = new Array<WordEntry | null>(wordTableMask + 1).fill(null);
  for (let slot = 0; slot < entries.length; slot++) {
    const entry = entries[slot];
    if (entry !== null) placeWord(hashes[slot], entry);
  }
}

function knownWord(text: string, start: number, end: number, hash: number): WordEntry {
  let slot = hash & wordTableMask;
  for (;;) {
    const entry = wordTableEntries[slot];
    if (entry === null) break;
    if (wordTableHashes[slot] === hash && sameWord(entry.word, text, start, end)) return entry;
    slot = (slot + 1) & wordTableMask;
  }
  const entry = lookupRuntimeWord(text.slice(start, end).toLowerCase());
  // Words beyond the cache's bound are looked up the slow way each time.
  if (entry.id >= 0 && wordTableMask < WORD_TABLE_LARGEST) {
    wordTableHashes[slot] = hash;
    wordTableEntries[slot] = entry;
    wordTableSize++;
    if (wordTableSize * 2 > wordTableMask) growWordTable();
  }
  return entry;
}

const scratch: Scratch = { scores: new Float64Array(THEME_COUNT), lexicon: new Float64Array(THEME_COUNT), stamp: 0 };

export const MAX_THEMES = 3;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function roundConfidence(p: number): number {
  return Math.round(p * 1000) / 1000;
}

/** Picks one to three themes from per-theme logits: the best always, others if likely enough. */
export function selectThemes(scores: ArrayLike<number>, secondaryThreshold: number): CodedTheme[] {
  let first = 0;
  for (let c = 1; c < THEME_COUNT; c++) if (scores[c] > scores[first]) first = c;
  let second = -1;
  let third = -1;
  for (let c = 0; c < THEME_COUNT; c++) {
    if (c === first) continue;
    if (second < 0 || scores[c] > scores[second]) {
      third = second;
      second = c;
    } else if (third < 0 || scores[c] > scores[third]) {
      third = c;
    }
  }
  const result: CodedTheme[] = [{ code: THEME_CODES[first], confidence: roundConfidence(sigmoid(scores[first])) }];
  const p2 = sigmoid(scores[second]);
  if (p2 >= secondaryThreshold) {
    result.push({ code: THEME_CODES[second], confidence: roundConfidence(p2) });
    const p3 = sigmoid(scores[third]);
    if (p3 >= secondaryThreshold) result.push({ code: THEME_CODES[third], confidence: roundConfidence(p3) });
  }
  return result;
}

/** Themes of already tokenized text (see tokenizeComment): one to three, most likely first. */
export function codeThemesOfTokens(tokens: TokenBuffer): CodedTheme[] {
  scanTokens(tokens, MODEL, scratch);
  return selectThemes(scratch.scores, MODEL.secondaryThreshold);
}

/** Model logits per theme, in THEME_CODES order (for evaluation and tests). */
export function themeScores(text: string): number[] {
  scanTokens(tokenizeComment(text), MODEL, scratch);
  return Array.from(scratch.scores);
}

/**
 * Codes one comment: one to three themes, most likely first, each with a confidence in 0..1. Text with nothing
 * recognisable still gets its single best-scoring theme, with a low confidence.
 */
export function codeThemes(text: string): CodedTheme[] {
  return codeThemesOfTokens(tokenizeComment(text));
}
