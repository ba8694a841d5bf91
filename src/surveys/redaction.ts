// Removes personal details from survey free text before anyone reads it: names, contact details, NHS and
// pupil numbers, dates of birth and the names of schools, colleges and nurseries that could identify a child.
import {
  TOKEN_ALL_CAPS,
  TOKEN_BREAK_BEFORE,
  TOKEN_CAPITALISED,
  TOKEN_HAS_DIGIT,
  TOKEN_SENTENCE_START,
  createTokenBuffer,
  tokenizeComment,
  type TokenBuffer,
  type WordEntry,
} from './theme-coder.ts';

export type RedactionKind = 'name' | 'email' | 'phone' | 'postcode' | 'nhs_number' | 'pupil_number' | 'date_of_birth' | 'school';

/** Offsets refer to the original text. */
export type Redaction = { kind: RedactionKind; start: number; end: number };

export type RedactionResult = { text: string; redactions: Redaction[] };

export const REDACTION_LABELS: Readonly<Record<RedactionKind, string>> = {
  name: '[name]',
  email: '[email address]',
  phone: '[phone number]',
  postcode: '[postcode]',
  nhs_number: '[NHS number]',
  pupil_number: '[pupil number]',
  date_of_birth: '[date]',
  school: '[school name]',
};

function wordSet(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter(Boolean));
}

// ---------------------------------------------------------------------------------------------------------
// Names as data.

/** Common first names in the UK across generations and communities; redacted in any case. */
const FIRST_NAMES = wordSet(`
  aaliyah aaron abbie abby abdul abdullah abigail adam adeel adele adrian aidan aiden aimee aisha aishah alan albert
  alex alexa alexander alexandra alexis alfie alfred ali alice alicia alisha alison allan alyssa amanda amara amelia
  amelie amina amir amira amy ana andre andrea andrew andy angela angus anika anil anita ann anna annabelle anne
  annie anthony antonia anya archie arjun arlo arran arthur arya asha ashley ashton aston aurora ava avery ayaan
  ayesha ayla aylin bailey barbara barry beatrice beatrix becky bella ben benjamin bethan bethany beth billy
  blake bobby bogdan bradley brandon brendan brenda brian bridget brittany brooke bryony caitlin caleb callum
  cameron camilla cara carl carla carly caroline carys casey cassie catherine cerys chantelle charlie charles
  charlotte chelsea cheryl chloe chris christina christine christopher ciara ciaran claire clara clare claudia
  cody colin connor conor courtney craig damian damien dan daniel daniela danielle danny dara darius
  darren david dawid debbie deborah declan demi denise dennis derek dexter diana diane dominic dominik donna
  dylan eddie edith edward eileen eleanor elena eli elijah elise eliza elizabeth ella ellie ellis elliot elliott
  eloise elsie emilia emily emma erin esme ethan evan evelyn evie ezra faisal farah fatima fatma felix finley
  finn fiona florence francesca freddie freddy frederick freya gabriel gabriella gareth gavin gemma george
  georgia georgina gerald gillian glen gracie graham greg gregory hamza hannah harleigh harley harper harriet
  harris harrison harry harvey hassan hayden hayley heidi helen henry hugo hussain ian ibrahim idris
  imogen imran isaac isabel isabella isabelle isaiah isha isla ismail ivan jack jackson jacob jacqueline 
  jaiden jake james jamie jane janet jasmin jason jaxon jayden jaylen jayne jenna jennifer
  jenny jeremy jess jessica jessie joanna joanne jodie joe joel joey john johnny jon jonathan jordan joseph
  josephine josh joshua josie jude julia julian julie justin kacper kai kaitlyn kamal karen karim karl kate
  katherine kathleen kathryn katie katy kayden kayla keira keith kelly kenneth kerry kevin khadija kian kiara
  kieran kim kimberley kirsty kyle kyra lacey laila lara laura lauren layla leah leanne lee leighton leila
  lena leo leon leonardo lewis lexi liam libby lilly lisa logan lois lola lorna louie louis louisa
  louise luca lucas lucia lucie lucy luke luna lydia lyla maddison madison mahnoor maisie malachi malik marcus
  margaret maria mariam marie marina martha martin mary maryam matilda matthew maya megan melissa
  mia michael michaela michelle mikey millie milo mohamed mohammad mohammed molly muhammad mustafa nadia naomi
  natalie natasha nathan neil nevaeh niamh nicholas nicola nicole niall noah nora nuala oakley oliver olivia
  ollie omar oscar owen paige pamela patrick paul paula pauline peter phoebe piotr poppy priya rachel rafael
  rania ravi rebecca reece reggie reuben rhys ricky riley rio robert roberto robyn rohan ronan ronnie rory
  ross rosie ruben rubie ryan sadie safa sahil saira sally sam samantha samir samuel sana sandra sara sarah
  scarlett sean sebastian seb shane shannon sharon shauna shaun sian sienna simon sofia sophia sophie stacey
  stanley stella steph stephanie stephen steve steven stuart susan suzanne sydney tariq tayla
  taylor teagan thea theo theodore thomas tia tilly timothy toby tom tommy toni tony tracey tyler valentina
  vanessa victoria vincent wayne wiktoria william wojciech xavier yasmin yusuf zach zachary zain
  zainab zak zara zoe zofia zuzanna jack lily ruby daisy gary mandy debbie lynn kev dave pete jackie tina gail
  sheila maureen doris linda carole trevor nigel clive wayne shane kirk troy jim jimmy terry ruth esther miriam
  ellen joyce dorothy gladys rita vera wendy yvonne roger otis siobhan aoife saoirse oisin cian caoimhe eilidh
  mairi abdi mohamud hodan amaal kwame kofi ama chidi chioma ngozi emeka tunde femi bola yetunde seun tobi tomi
  kemi deji sunil vijay raj rajesh sanjay deepak pooja neha anjali kiran simran harpreet gurpreet manpreet jaspreet
  amandeep navdeep rupinder balvinder sukhdeep parveen nasreen shazia bushra rukhsana samina saima farhan usman
  bilal zubair asif arif tahir kamran adnan zeeshan ayan rayyan zayn zayan eesa musa yahya yousuf jakub szymon
  mateusz filip antoni franciszek aleksander wiktor oliwia maja hanna natalia agnieszka katarzyna magdalena ewa
  marta tomasz pawel krzysztof marek lukasz andrei ionut alexandru mihai ioana
`);

/**
 * First names that are also ordinary words ("Will", "May", "Grace"…): redacted only with evidence that a person is
 * meant (a title, "my son …", a surname after it, or a capital letter in mid-sentence away from dates).
 */
const AMBIGUOUS_FIRST_NAMES = wordSet(`
  will may grace hope faith joy rose mark bill pat sue frank rich dawn summer autumn amber holly ivy daisy jade
  iris bob guy art chase hunter mason carter cole drew ray rob reed sky storm robin jay kit sunny star angel
  honey heather violet april june august penny crystal destiny harmony miles dean gene sandy rusty rocky buddy
  ace king prince major hardy max nick don ed mo teddy olive hazel willow rowan ash river brook
  ocean forest phoenix pearl misty liberty charity patience precious blessing justice noble earl duke carol
  jan taylor parker cooper christian eve melody
`);

/** Common UK surnames that are not ordinary words; lower-case ones count after a first name or "miss". */
const SURNAMES = wordSet(`
  smith jones williams taylor davies evans wilson thomas roberts johnson lewis robinson thompson watson
  jackson wright harris lee martin clarke clark james morgan hughes edwards moore harrison scott morris turner
  phillips mitchell patel adams campbell anderson allen bailey parker miller davis murphy griffiths kelly simpson
  marshall collins bennett cox richardson chapman robertson shaw reynolds lloyd ellis richards russell wilkinson
  khan graham stewart reid murray powell palmer holmes rogers stevens walsh thomson matthews ross owen kennedy
  saunders pearce harvey hudson gibson barnes pearson kaur dixon gordon harper mcdonald macdonald hamilton
  ferguson ahmed hussain begum singh shah akhtar rahman nowak kowalski okafor okonkwo sharma kumar ali iqbal
  hussein mahmood chowdhury uddin malik jenkins carter fraser morrison oconnor o'connor obrien o'brien sandhu gill
`);

const TITLES = wordSet('mr mrs ms miss mx dr prof');

/** Words that point at the person named next ("my son Jayden", "his teacher Sarah", "called Kacper"). */
const NAME_CUES = wordSet(`
  son daughter child boy girl grandson granddaughter brother sister friend mate niece nephew stepson stepdaughter
  twin kid teacher senco sendco caseworker worker keyworker therapist physio nurse called named tutor driver escort
  husband wife partner
`);

/** Capitalised words that are never names, however they are placed (services, conditions, days and months). */
const NEVER_NAMES = wordSet(`
  autism autistic adhd asd asc pda senco sendco camhs cahms ehcp ehcps ehc ot ots salt slt nhs gp la council school
  schools college academy primary nursery send sen sendiass sendias iass ias local offer ofsted cqc icb ccg pru ap
  ta tas ep psych psychology paeds paediatrics physio mental health social services service care team hospital
  children children's childrens centre trust board forum pcf tribunal sendist ombudsman mediation makaton pecs
  kooth portage livewell facebook google whatsapp teams zoom christmas easter covid mum mum's dad dad's nan
  grandma grandad year reception english maths science history pe gcse gcses sats btec tribunal department
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
  september october november december jan feb mar apr jun jul aug sep sept oct nov dec the a an i and or but
  so my our his her their your we they he she it this that when if as at in on to for of from with by not no
  yes thanks thank please dear hi hello ok okay also then still just now plan plans review assessment
  diagnosis therapy autism epilepsy down downs syndrome cerebral palsy dyslexia dyspraxia speech language
  occupational head deputy principal director manager officer caseworker section key stage special specialist
  independent mainstream high junior infant infants juniors sixth form further education
`);

const MONTH_WORDS = wordSet('may june april august jan summer autumn');
const MONTH_CONTEXT = wordSet('in of since until till by last next early late mid end from on during before after this every each over whole all');

// ---------------------------------------------------------------------------------------------------------
// Schools, colleges and nurseries.

/** Words that end or continue an institution's name: "Oakfield Primary School", "Riverside College". */
const INSTITUTION_WORDS = wordSet(`
  primary academy school college nursery infants infant juniors junior high grammar centre preschool pre-school
  kindergarten montessori prep federation
`);

/** Words inside an institution's name that describe a type of school, not which one. */
const GENERIC_SCHOOL_WORDS = wordSet(`
  special specialist mainstream primary secondary high infant infants junior juniors catholic church independent
  local new free community grammar sixth form further education residential sen send asd semh mld sld pmld
  nursery school schools college academy pupil referral unit alternative children children's childrens family
  early years state private village girls boys comprehensive technical technology studio day boarding
  christian faith c of e ce rc the a an my his her our their this that every each any your its at to from in
  into for with and or current old previous local nearest same different autism language resourced enhanced
  outstanding good great lovely online virtual mixed forest child development learning support resource health
  medical youth hub leisure sports multi hospital home named suitable which what whose another other one two
  chosen preferred first second
`);

/** Lower-case words that may stand before "primary", "academy"… without being a school's own name. */
const ORDINARY_BEFORE_SCHOOL_WORD = wordSet(`
  went go goes going gone get got start started starting leave left leaving attend attends attended join joined
  apply applied visit visited love loves hate hates like likes enjoy enjoys move moved moving chose choose need
  needs want wants wanted is was are were be been being at in to from into onto for with by of the a an my his her
  our their your this that these those every each any some no not new old previous current local nearest same
  different other another big small good bad great lovely nice amazing brilliant outstanding mainstream special
  specialist catholic church independent private state free community village secondary junior infant sen send
  and or but so local whole entire first last next year reception nursery school college primary academy
`);

// ---------------------------------------------------------------------------------------------------------
// What the redactor knows about each word, worked out once per distinct word and kept by word entry id.

const W_FIRST_NAME = 1;
const W_AMBIGUOUS_NAME = 2;
const W_SURNAME = 4;
const W_TITLE = 8;
const W_NEVER_NAME = 16;
const W_INSTITUTION = 32;
const W_GENERIC_SCHOOL = 64;
const W_ORDINARY_BEFORE_SCHOOL = 128;
const W_NAME_CUE = 256;
const W_SEASON_OR_MONTH_NAME = 512;
const W_MONTH_CONTEXT = 1024;
const W_ALPHABETIC = 2048;
const W_SAINT = 4096;
const W_WORD_NAME = 8192;
const W_IS_WAS = 16384;
const W_ARTICLE = 32768;
const W_BROAD_INSTITUTION = 65536;
const W_SIXTH_FORM = 131072;
const W_CALENDAR_MONTH = 262144;
const W_BIRTH_CUE = 524288;

const CALENDAR_MONTHS = wordSet(`
  january february march april may june july august september october november december jan feb mar apr jun jul
  aug sep sept oct nov dec
`);
const BIRTH_CUES = wordSet('born dob birth birthday bday birthdate turns turned');

function isAlphabetic(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || c === 39 || c === 45 || c >= 0xc0)) return false;
  }
  return true;
}

function flagsFor(word: string): number {
  let flags = 0;
  if (FIRST_NAMES.has(word)) flags |= W_FIRST_NAME;
  if (AMBIGUOUS_FIRST_NAMES.has(word)) flags |= W_AMBIGUOUS_NAME;
  if (SURNAMES.has(word)) flags |= W_SURNAME;
  if (TITLES.has(word)) flags |= W_TITLE;
  if (NEVER_NAMES.has(word)) flags |= W_NEVER_NAME;
  if (INSTITUTION_WORDS.has(word)) flags |= W_INSTITUTION;
  if (GENERIC_SCHOOL_WORDS.has(word)) flags |= W_GENERIC_SCHOOL;
  if (ORDINARY_BEFORE_SCHOOL_WORD.has(word)) flags |= W_ORDINARY_BEFORE_SCHOOL;
  if (NAME_CUES.has(word)) flags |= W_NAME_CUE;
  if (MONTH_WORDS.has(word)) flags |= W_SEASON_OR_MONTH_NAME;
  if (MONTH_CONTEXT.has(word)) flags |= W_MONTH_CONTEXT;
  if (isAlphabetic(word)) flags |= W_ALPHABETIC;
  if (word === 'st' || word === 'saint') flags |= W_SAINT;
  if (word === 'name') flags |= W_WORD_NAME;
  if (word === 'is' || word === 'was') flags |= W_IS_WAS;
  if (word === 'the' || word === 'a') flags |= W_ARTICLE;
  if (word === 'school' || word === 'college' || word === 'centre') flags |= W_BROAD_INSTITUTION;
  if (word === 'sixth' || word === 'form') flags |= W_SIXTH_FORM;
  if (CALENDAR_MONTHS.has(word)) flags |= W_CALENDAR_MONTH;
  if (BIRTH_CUES.has(word)) flags |= W_BIRTH_CUE;
  return flags;
}

/** Flags by word entry id (0 = not worked out yet: every word has at least one flag bit clear of it). */
let flagsById = new Int32Array(1 << 14);
const FLAGS_KNOWN = 1 << 30;

function wordFlags(entry: WordEntry): number {
  const id = entry.id;
  if (id < 0) return flagsFor(entry.word);
  if (id >= flagsById.length) {
    const grown = new Int32Array(Math.max(flagsById.length * 2, id + 1));
    grown.set(flagsById);
    flagsById = grown;
  }
  let flags = flagsById[id];
  if (flags === 0) {
    flags = flagsFor(entry.word) | FLAGS_KNOWN;
    flagsById[id] = flags;
  }
  return flags;
}

/** Flags of every token of the comment being redacted. */
let tokenWords = new Int32Array(256);

function readWordFlags(tokens: TokenBuffer): void {
  if (tokenWords.length < tokens.count) tokenWords = new Int32Array(tokens.starts.length);
  for (let i = 0; i < tokens.count; i++) tokenWords[i] = wordFlags(tokens.entries[i]);
}

// ---------------------------------------------------------------------------------------------------------
// Numbers, addresses and dates: tried only where a token holds a digit (or a month name or "@" is seen), each
// with a pattern anchored there, so comments without them cost nothing.

const MONTHS = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DAY = '(?:[0-3]?\\d)(?:st|nd|rd|th)?';
const NUMERIC_DATE = '(?:[0-3]?\\d[/.\\-][01]?\\d[/.\\-](?:\\d{4}|\\d{2}))';
const WORDED_DATE = `(?:${DAY}(?:\\s+of)?\\s+${MONTHS}\\.?,?\\s+\\d{4}|${MONTHS}\\.?\\s+${DAY},?\\s+\\d{4})`;
const PARTIAL_DATE = `(?:${DAY}(?:\\s+of)?\\s+${MONTHS}|${MONTHS}\\.?\\s+${DAY}|[0-3]?\\d[/.\\-][01]?\\d(?:[/.\\-]\\d{2,4})?)`;
const END = '(?![a-z0-9])';

const NHS_SPACED = /\d{3}[ -]\d{3}[ -]\d{4}(?![a-z0-9])/iy;
const TEN_DIGITS = /\d{10}(?![a-z0-9])/iy;
const PUPIL_NUMBER = /[a-z]\d{11}[a-z0-9](?![a-z0-9])/iy;
const PHONE = /(?:\+44\s?(?:\(0\)\s?)?\d|\(0\d{2,4}\)|0\d)(?:[\s-]?\d){6,10}(?!\d)/y;
const POSTCODE = /[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2}(?![a-z0-9])/iy;
const FULL_DATE = new RegExp(`(?:${WORDED_DATE}|${NUMERIC_DATE})${END}`, 'iy');
const PARTIAL_DATE_PATTERN = new RegExp(`${PARTIAL_DATE}${END}`, 'iy');

const POSTCODE_AREAS = wordSet(`
  ab al b ba bb bd bh bl bn br bs bt ca cb cf ch cm co cr ct cv cw da dd de dg dh dl dn dt dy e ec eh en ex fk fy
  g gl gu gy ha hd hg hp hr hs hu hx ig im ip iv je ka kt kw ky l la ld le ll ln ls lu m me mk ml n ne ng nn np nr
  nw ol ox pa pe ph pl po pr rg rh rm s sa se sg sk sl sm sn so sp sr ss st sw sy ta td tf tn tq tr ts tw ub w wa
  wc wd wf wn wr ws wv yo ze
`);

/** The length of what `pattern` matches exactly at `at`, or 0. */
function matchAt(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  const match = pattern.exec(text);
  return match === null ? 0 : match[0].length;
}

function isValidNhsNumber(text: string, at: number): boolean {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (text.charCodeAt(at + i) - 48) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === text.charCodeAt(at + 9) - 48;
}

function isValidPostcode(text: string, at: number): boolean {
  const second = text.charCodeAt(at + 1) | 32;
  const areaLength = second >= 97 && second <= 122 ? 2 : 1;
  return POSTCODE_AREAS.has(text.slice(at, at + areaLength).toLowerCase());
}

function isPlausibleNumericDate(text: string, at: number, length: number): boolean {
  const parts = text.slice(at, at + length).split(/[/.-]/);
  if (parts.length < 2 || !/^\d+$/.test(parts[0]) || !/^\d+$/.test(parts[1])) return true;
  const day = Number(parts[0]);
  const month = Number(parts[1]);
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

function isPlausiblePhone(text: string, at: number, length: number): boolean {
  let digits = 0;
  for (let i = at; i < at + length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (text.charCodeAt(at) !== 43) return digits === 10 || digits === 11;
  return digits === 11 || digits === 12 || (digits === 13 && text.includes('(0)', at));
}

/** "NHS number 1234567890": a number named as an NHS number is one, whatever its check digit. */
function followsNhsCue(tokens: TokenBuffer, i: number): boolean {
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) if (tokens.words[j] === 'nhs') return true;
  return false;
}

/** "born on", "DOB", "date of birth", "d.o.b.", "turns 18 on" shortly before token i, in the same sentence. */
function followsBirthCue(tokens: TokenBuffer, i: number): boolean {
  for (let j = i - 1; j >= 0 && j >= i - 5; j--) {
    if (tokenWords[j] & W_BIRTH_CUE) return true;
    if (tokens.words[j] === 'b' && j >= 2 && tokens.words[j - 1] === 'o' && tokens.words[j - 2] === 'd') return true;
    if (tokens.flags[j] & TOKEN_SENTENCE_START) return false;
  }
  return false;
}

function isEmailCharacter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

function findEmails(text: string, found: Redaction[]): void {
  let at = text.indexOf('@');
  while (at >= 0) {
    let start = at;
    while (start > 0 && isEmailCharacter(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && isEmailCharacter(text.charCodeAt(end))) end++;
    while (end > at + 1 && text.charCodeAt(end - 1) === 46) end--;
    const domain = text.slice(at + 1, end);
    const dot = domain.lastIndexOf('.');
    if (start < at && dot > 0 && domain.length - dot > 2) found.push({ kind: 'email', start, end });
    at = text.indexOf('@', end);
  }
}

/** Tries each kind of number-like detail at token i; returns the end of what it redacted, or -1. */
function numberedDetailAt(text: string, tokens: TokenBuffer, i: number, found: Redaction[]): number {
  const start = tokens.starts[i];
  const first = text.charCodeAt(start);
  const startsWithDigit = first >= 48 && first <= 57;
  let length: number;
  if (!startsWithDigit) {
    if (tokenWords[i] & W_CALENDAR_MONTH) {
      // "March 3, 2014", or "May 3rd" after a birth cue.
      length = matchAt(FULL_DATE, text, start) || (followsBirthCue(tokens, i) ? matchAt(PARTIAL_DATE_PATTERN, text, start) : 0);
      if (length) found.push({ kind: 'date_of_birth', start, end: start + length });
      return length ? start + length : -1;
    }
    if ((length = matchAt(PUPIL_NUMBER, text, start))) {
      found.push({ kind: 'pupil_number', start, end: start + length });
      return start + length;
    }
    if ((length = matchAt(POSTCODE, text, start)) && isValidPostcode(text, start)) {
      found.push({ kind: 'postcode', start, end: start + length });
      return start + length;
    }
    return -1;
  }
  const before = start > 0 ? text.charCodeAt(start - 1) : 0;
  if (before === 43 || before === 40) {
    // "+44 7700 900123", "(0161) 496 0555"
    const from = start - 1;
    if ((length = matchAt(PHONE, text, from)) && isPlausiblePhone(text, from, length)) {
      found.push({ kind: 'phone', start: from, end: from + length });
      return from + length;
    }
  }
  if ((length = matchAt(NHS_SPACED, text, start))) {
    found.push({ kind: 'nhs_number', start, end: start + length });
    return start + length;
  }
  if ((length = matchAt(TEN_DIGITS, text, start))) {
    if (first === 48) found.push({ kind: 'phone', start, end: start + length });
    else if (isValidNhsNumber(text, start) || followsNhsCue(tokens, i)) found.push({ kind: 'nhs_number', start, end: start + length });
    else return -1;
    return start + length;
  }
  if (first === 48 && (length = matchAt(PHONE, text, start)) && isPlausiblePhone(text, start, length)) {
    found.push({ kind: 'phone', start, end: start + length });
    return start + length;
  }
  if ((length = matchAt(FULL_DATE, text, start)) && isPlausibleNumericDate(text, start, length)) {
    found.push({ kind: 'date_of_birth', start, end: start + length });
    return start + length;
  }
  if (followsBirthCue(tokens, i) && (length = matchAt(PARTIAL_DATE_PATTERN, text, start)) && isPlausibleNumericDate(text, start, length)) {
    found.push({ kind: 'date_of_birth', start, end: start + length });
    return start + length;
  }
  return -1;
}

function findNumberedDetails(text: string, tokens: TokenBuffer, found: Redaction[]): void {
  let coveredUntil = -1;
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.starts[i] < coveredUntil) continue;
    const flags = tokens.flags[i];
    const month = (tokenWords[i] & W_CALENDAR_MONTH) !== 0 && i + 1 < tokens.count && (tokens.flags[i + 1] & TOKEN_HAS_DIGIT) !== 0;
    if ((flags & TOKEN_HAS_DIGIT) === 0 && !month) continue;
    const end = numberedDetailAt(text, tokens, i, found);
    if (end > 0) coveredUntil = end;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Names and schools, read from the tokens.

function isCapitalised(tokens: TokenBuffer, i: number): boolean {
  return (tokens.flags[i] & (TOKEN_CAPITALISED | TOKEN_ALL_CAPS)) === TOKEN_CAPITALISED;
}

/** A capitalised word that could be someone's name when the context says a person is meant. */
function couldBeNamedWord(tokens: TokenBuffer, i: number): boolean {
  return tokens.words[i].length >= 2 && isCapitalised(tokens, i) && (tokenWords[i] & (W_ALPHABETIC | W_NEVER_NAME | W_INSTITUTION)) === W_ALPHABETIC;
}

/** Only a line or sentence break separates two tokens when this is false: a comma is fine. */
function isJoined(tokens: TokenBuffer, i: number): boolean {
  return (tokens.flags[i] & TOKEN_SENTENCE_START) === 0;
}

function followsNameCue(tokens: TokenBuffer, i: number): boolean {
  if (i === 0 || !isJoined(tokens, i)) return false;
  if (tokenWords[i - 1] & W_NAME_CUE) return true;
  // "my name is Kacper", "her name was Ava"
  return i >= 2 && (tokenWords[i - 2] & W_WORD_NAME) !== 0 && (tokenWords[i - 1] & W_IS_WAS) !== 0;
}

function isMonthUse(tokens: TokenBuffer, i: number): boolean {
  if ((tokenWords[i] & W_SEASON_OR_MONTH_NAME) === 0) return false;
  if (i > 0 && isJoined(tokens, i) && ((tokenWords[i - 1] & W_MONTH_CONTEXT) !== 0 || (tokens.flags[i - 1] & TOKEN_HAS_DIGIT) !== 0)) return true;
  return i + 1 < tokens.count && (tokens.flags[i + 1] & TOKEN_HAS_DIGIT) !== 0;
}

/** A surname straight after a first name: capitalised (and not a service or month), or a known surname. */
function isSurnameAfter(tokens: TokenBuffer, i: number): boolean {
  if (i >= tokens.count || (tokens.flags[i] & TOKEN_BREAK_BEFORE) !== 0) return false;
  const flags = tokenWords[i];
  if ((flags & (W_SURNAME | W_FIRST_NAME)) === W_SURNAME) return true;
  return couldBeNamedWord(tokens, i) && (flags & (W_AMBIGUOUS_NAME | W_TITLE)) === 0;
}

function addName(tokens: TokenBuffer, i: number, found: Redaction[]): number {
  const end = isSurnameAfter(tokens, i + 1) ? i + 1 : i;
  found.push({ kind: 'name', start: tokens.starts[i], end: tokens.ends[end] });
  return end;
}

/** Reads a title's surname: "Mrs Patel", "mr hughes", "Dr. Sarah Jones", but not "I miss school" or "I have MS myself". */
function nameAfterTitle(tokens: TokenBuffer, i: number): number {
  const next = i + 1;
  if (next >= tokens.count) return -1;
  const flags = tokenWords[next];
  if ((flags & (W_ALPHABETIC | W_NEVER_NAME)) !== W_ALPHABETIC || tokens.words[next].length < 2) return -1;
  if (isCapitalised(tokens, next) || (flags & W_SURNAME) !== 0) return next;
  // Only an unmistakable title in lower case vouches for a lower-case surname ("mr barker").
  const title = tokens.words[i];
  const allCaps = (tokens.flags[i] & TOKEN_ALL_CAPS) !== 0;
  return (title === 'mr' || title === 'mrs') && !allCaps ? next : -1;
}

/** "J. Wilson": an initial and a capitalised word. */
function isInitialBeforeSurname(text: string, tokens: TokenBuffer, i: number): boolean {
  if (i + 1 >= tokens.count || tokens.ends[i] - tokens.starts[i] !== 1 || (tokens.flags[i] & TOKEN_CAPITALISED) === 0) return false;
  if (text.charCodeAt(tokens.ends[i]) !== 46 || tokens.starts[i + 1] - tokens.ends[i] > 2) return false;
  return couldBeNamedWord(tokens, i + 1);
}

/** The span of an institution's name ending with the institution word at `i`, or -1 if it is not a name. */
function schoolNameStart(tokens: TokenBuffer, i: number): number {
  let start = i;
  let distinctive = false;
  for (let j = i - 1; j >= 0 && i - j <= 7; j--) {
    if ((tokens.flags[j + 1] & TOKEN_SENTENCE_START) !== 0) break;
    const flags = tokenWords[j];
    const capital = (tokens.flags[j] & (TOKEN_CAPITALISED | TOKEN_ALL_CAPS)) !== 0;
    // "St Mary's C of E Primary": "of" joins only inside such a name.
    if (!capital && !(tokens.words[j] === 'of' && j > 0 && tokens.words[j - 1] === 'c')) break;
    if (capital && (flags & (W_NEVER_NAME | W_GENERIC_SCHOOL)) === W_NEVER_NAME) break;
    if ((tokens.flags[j] & TOKEN_CAPITALISED) !== 0 && (flags & (W_GENERIC_SCHOOL | W_TITLE | W_SAINT)) === 0) distinctive = true;
    start = j;
  }
  // Drop generic words at the front ("The", "our") that are not part of the name.
  while (start < i && (tokenWords[start] & (W_GENERIC_SCHOOL | W_SAINT)) === W_GENERIC_SCHOOL) start++;
  if (distinctive) return start;
  // "oakfield primary" typed in lower case: one unknown word before the institution word.
  const j = i - 1;
  if (j >= 0 && isJoined(tokens, i) && (tokenWords[i] & W_BROAD_INSTITUTION) === 0) {
    const flags = tokenWords[j];
    const plain = (flags & (W_ALPHABETIC | W_ORDINARY_BEFORE_SCHOOL | W_NEVER_NAME)) === W_ALPHABETIC;
    if (plain && tokens.words[j].length >= 3 && (tokens.flags[j] & TOKEN_ALL_CAPS) === 0 && !tokens.entries[j].stop) return j;
  }
  return -1;
}

/** Extends a school name over the institution words after it: "Primary School", "Sixth Form College". */
function schoolNameEnd(tokens: TokenBuffer, i: number): number {
  let end = i;
  while (end + 1 < tokens.count && (tokens.flags[end + 1] & TOKEN_BREAK_BEFORE) === 0 && (tokenWords[end + 1] & (W_INSTITUTION | W_SIXTH_FORM)) !== 0) end++;
  return end;
}

const NAME_OR_SCHOOL_WORD = W_FIRST_NAME | W_AMBIGUOUS_NAME | W_SURNAME | W_TITLE | W_INSTITUTION | W_SAINT;

function findNamesAndSchools(text: string, tokens: TokenBuffer, found: Redaction[]): void {
  for (let i = 0; i < tokens.count; i++) {
    const flags = tokenWords[i];
    const tokenFlags = tokens.flags[i];
    if ((flags & NAME_OR_SCHOOL_WORD) === 0) {
      // Only a capitalised word can be a cued name or an initial's surname.
      if ((tokenFlags & TOKEN_CAPITALISED) === 0) continue;
      if (isInitialBeforeSurname(text, tokens, i)) {
        found.push({ kind: 'name', start: tokens.starts[i], end: tokens.ends[i + 1] });
        i++;
      } else if (isCapitalised(tokens, i) && followsNameCue(tokens, i) && couldBeNamedWord(tokens, i)) {
        i = addName(tokens, i, found);
      }
      continue;
    }
    if ((flags & W_INSTITUTION) !== 0 && (tokenFlags & TOKEN_ALL_CAPS) === 0) {
      const start = schoolNameStart(tokens, i);
      if (start >= 0 && start < i) {
        const end = schoolNameEnd(tokens, i);
        found.push({ kind: 'school', start: tokens.starts[start], end: tokens.ends[end] });
        i = end;
        continue;
      }
    }
    if ((flags & W_SAINT) !== 0 && (tokenFlags & TOKEN_CAPITALISED) !== 0 && i + 1 < tokens.count && isCapitalised(tokens, i + 1) && isJoined(tokens, i + 1)) {
      // "St Anne's": a school, church or hospital that places the family.
      const end = i + 2 < tokens.count && (tokenWords[i + 2] & W_INSTITUTION) !== 0 ? schoolNameEnd(tokens, i + 1) : i + 1;
      let endsAt = tokens.ends[end];
      // The possessive belongs to the name: "St Anne's".
      if (end === i + 1 && (text.charCodeAt(endsAt) === 39 || text.charCodeAt(endsAt) === 0x2019) && (text.charCodeAt(endsAt + 1) | 32) === 115) endsAt += 2;
      found.push({ kind: 'school', start: tokens.starts[i], end: endsAt });
      i = end;
      continue;
    }
    if (flags & W_TITLE) {
      const next = nameAfterTitle(tokens, i);
      if (next >= 0) {
        const end = (tokenWords[next] & W_FIRST_NAME) !== 0 && isSurnameAfter(tokens, next + 1) ? next + 1 : next;
        found.push({ kind: 'name', start: tokens.starts[next], end: tokens.ends[end] });
        i = end;
      }
      continue;
    }
    if ((flags & (W_FIRST_NAME | W_NEVER_NAME)) === W_FIRST_NAME) {
      i = addName(tokens, i, found);
      continue;
    }
    if (isInitialBeforeSurname(text, tokens, i)) {
      found.push({ kind: 'name', start: tokens.starts[i], end: tokens.ends[i + 1] });
      i++;
      continue;
    }
    const capitalised = isCapitalised(tokens, i);
    if (capitalised && (flags & W_SURNAME) !== 0) {
      found.push({ kind: 'name', start: tokens.starts[i], end: tokens.ends[i] });
      continue;
    }
    if ((flags & W_AMBIGUOUS_NAME) !== 0 && capitalised) {
      const midSentence = (tokenFlags & TOKEN_SENTENCE_START) === 0 && !isMonthUse(tokens, i) && !(i > 0 && (tokenWords[i - 1] & W_ARTICLE) !== 0);
      if (followsNameCue(tokens, i) || midSentence || isSurnameAfter(tokens, i + 1)) i = addName(tokens, i, found);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------

/** Keeps the first of overlapping spans (the longest when they start together). */
function resolveOverlaps(found: Redaction[]): Redaction[] {
  if (found.length < 2) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Redaction[] = [found[0]];
  for (let i = 1; i < found.length; i++) {
    const last = kept[kept.length - 1];
    if (found[i].start >= last.end) kept.push(found[i]);
  }
  return kept;
}

function applyRedactions(text: string, redactions: Redaction[]): string {
  if (redactions.length === 0) return text;
  let out = '';
  let at = 0;
  for (const r of redactions) {
    out += text.slice(at, r.start) + REDACTION_LABELS[r.kind];
    at = r.end;
  }
  return out + text.slice(at);
}

/** Redacts already tokenized text (tokens from tokenizeComment on the same text). */
export function redactTokens(text: string, tokens: TokenBuffer): RedactionResult {
  readWordFlags(tokens);
  const found: Redaction[] = [];
  if (tokens.sawAt) findEmails(text, found);
  if (tokens.sawDigit) findNumberedDetails(text, tokens, found);
  findNamesAndSchools(text, tokens, found);
  const redactions = resolveOverlaps(found);
  return { text: applyRedactions(text, redactions), redactions };
}

const ownTokens = createTokenBuffer();

/** Replaces personal details with bracketed labels such as "[name]" and "[postcode]". */
export function redact(text: string): RedactionResult {
  return redactTokens(text, tokenizeComment(text, ownTokens));
}
