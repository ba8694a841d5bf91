// Free-text answers for the demo surveys, composed from fragments that fit each synthetic
// respondent's circumstances (their child's needs, setting, waits and how things are going), and
// now and then carrying personal details that redaction must remove before anyone else reads them.
import type { Random } from './demo-random.ts';

export type Pronoun = 'he' | 'she' | 'they';

/** What a synthetic parent or carer has told the closed questions, which their comments follow. */
export type ParentStory = {
  role: string;
  age: string;
  needs: readonly string[];
  support: string;
  setting: string;
  waiting: readonly string[];
  localOfferKnown: string | undefined;
  /** How things are going for them, on a standard normal scale: negative is worse. */
  mood: number;
  pronoun: Pronoun;
};

export type YoungPersonStory = { age: string; setting: string; support: string; mood: number };

export type PractitionerStory = { role: string; setting: string; age: string; mood: number };

/** `alone`: an answer in itself ("Nothing really."), never combined with other fragments. */
type Fragment<S> = { text: string; when?: (story: S) => boolean; weight?: number; alone?: boolean };

// ---- Words that vary ---------------------------------------------------------------------------

const LONG_WAITS = ['18 months', 'over two years', 'nearly three years', 'two and a half years', '20 months', 'more than two years', 'almost two years'];
const MONTHS = ['six', 'seven', 'eight', 'nine', 'ten', '14', '18'];
const EHC_WEEKS = ['32', '35', '38', '41', '44', '48', '52', 'over 30', 'nearly 40'];
const COUNTS = ['three', 'four', 'five', 'six'];
const PRIMARY_YEARS = ['Year 2', 'Year 3', 'Year 4', 'Year 5', 'Year 6'];
const SECONDARY_YEARS = ['Year 7', 'Year 8', 'Year 9', 'Year 10', 'Year 11'];

const FIRST_NAMES = ['Jayden', 'Amelia', 'Mohammed', 'Aisha', 'Oliver', 'Lily', 'Kacper', 'Zainab', 'Harry', 'Maya', 'Ethan', 'Ruby', 'Yusuf', 'Sophie', 'Tyler', 'Ellie', 'Ibrahim', 'Freya', 'Leo', 'Hafsa', 'Mason', 'Poppy', 'Reuben', 'Esme'];
const STAFF_NAMES = ['Mrs Begum', 'Mr Hughes', 'Miss Kowalska', 'Mrs Adeyemi', 'Mr Doyle', 'Ms Fairclough', 'Mrs Patel', 'Mr Whitworth'];
/** Fictional schools of the fictional area. */
const SCHOOL_NAMES = ['Northbrook Primary', "St Aidan's C of E Primary", 'Vale Park Academy', 'Hollins Lane School', 'Brookside Infants', 'Northbrook High', 'Moorfield Academy', 'Ashgrove Special School', 'Castle Hill Juniors'];

type Voice = Record<string, string>;

function parentVoice(story: ParentStory, random: Random): Voice {
  const boy = story.pronoun === 'he';
  const girl = story.pronoun === 'she';
  let child: string;
  if (story.role === 'foster_carer') child = boy ? 'my foster son' : girl ? 'my foster daughter' : 'the child I foster';
  else if (story.role === 'carer') child = boy ? random.pick(['my grandson', 'my nephew']) : girl ? random.pick(['my granddaughter', 'my niece']) : 'the child I look after';
  else if (story.role === 'other_family') child = boy ? random.pick(['my grandson', 'my brother']) : girl ? random.pick(['my granddaughter', 'my sister']) : 'my grandchild';
  else child = boy ? random.pick(['my son', 'my son', 'our son']) : girl ? random.pick(['my daughter', 'my daughter', 'our daughter']) : 'my child';
  const they = story.pronoun === 'they';
  return {
    child,
    they: story.pronoun,
    them: boy ? 'him' : girl ? 'her' : 'them',
    their: boy ? 'his' : girl ? 'her' : 'their',
    is: they ? 'are' : 'is',
    was: they ? 'were' : 'was',
    has: they ? 'have' : 'has',
    s: they ? '' : 's',
    wasnt: they ? "weren't" : "wasn't",
    hasnt: they ? "haven't" : "hasn't",
    theyre: boy ? "he's" : girl ? "she's" : "they're",
    theyve: boy ? "he's" : girl ? "she's" : "they've",
    year: story.age === 'age_5_10' ? random.pick(PRIMARY_YEARS) : random.pick(SECONDARY_YEARS),
  };
}

/** Replaces {slot} and {Slot} (capitalised) with the voice's words and varying details. */
function fill(template: string, voice: Voice, random: Random): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const key = name.charAt(0).toLowerCase() + name.slice(1);
    let value: string | undefined = voice[key];
    if (value === undefined) {
      if (key === 'longWait') value = random.pick(LONG_WAITS);
      else if (key === 'months') value = random.pick(MONTHS);
      else if (key === 'weeks') value = random.pick(EHC_WEEKS);
      else if (key === 'count') value = random.pick(COUNTS);
      else return whole;
    }
    return name.charAt(0) === name.charAt(0).toUpperCase() ? value.charAt(0).toUpperCase() + value.slice(1) : value;
  });
}

/** Chooses `count` different fragments that apply to the story, favouring the weightier ones. */
function choose<S>(fragments: readonly Fragment<S>[], story: S, count: number, random: Random): Fragment<S>[] {
  const pool = fragments.filter((f) => !f.when || f.when(story));
  const chosen: Fragment<S>[] = [];
  while (chosen.length < count && pool.length > 0) {
    const picked = random.weighted(pool.map((f, i) => [i, f.weight ?? (f.when ? 3 : 1)] as const));
    const fragment = pool[picked]!;
    pool.splice(picked, 1);
    if (fragment.alone && chosen.length === 0) return [fragment];
    if (!fragment.alone) chosen.push(fragment);
  }
  return chosen;
}

const has = (need: string) => (s: ParentStory) => s.needs.includes(need);
const waits = (what: string) => (s: ParentStory) => s.waiting.includes(what);
const inSetting = (...settings: string[]) => (s: ParentStory) => settings.includes(s.setting);
const aged = (...ages: string[]) => (s: ParentStory) => ages.includes(s.age);
const both = <S>(...tests: ((s: S) => boolean)[]) => (s: S) => tests.every((t) => t(s));
const happy = (s: { mood: number }) => s.mood > 0.3;
const unhappy = (s: { mood: number }) => s.mood < -0.3;
const withPlan = (s: ParentStory) => s.support === 'ehc_plan';
const inAssessment = (s: ParentStory) => s.support === 'assessment_underway';
const school = inSetting('mainstream', 'resourced');
const older = aged('age_16_18', 'age_19_25');

// ---- Parents and carers: what could be better ---------------------------------------------------

const PARENT_BETTER: readonly Fragment<ParentStory>[] = [
  // Waiting for an autism or ADHD assessment
  { when: waits('autism_assessment'), text: 'We have been waiting {longWait} for an autism assessment and nobody can tell us where we are on the list.' },
  { when: waits('autism_assessment'), text: 'The wait for an autism assessment is {longWait}. In that time {theyve} gone from coping to barely going into school.' },
  { when: waits('autism_assessment'), text: 'School say they can\'t do much until there is a diagnosis, and the autism assessment list is {longWait} long. It feels like the diagnosis is the key to everything.' },
  { when: waits('autism_assessment'), text: 'We paid for a private autism assessment in the end because we could not watch {them} struggle any longer. Not every family can do that.' },
  { when: waits('autism_assessment'), text: 'The referral for an autism assessment was sent back twice because a form was missing. Nobody told us, we found out when we chased it.' },
  { when: waits('autism_assessment'), text: 'Support should be based on need, not on a diagnosis that takes years to get.' },
  { when: waits('adhd_assessment'), text: 'The ADHD assessment waiting list is {longWait}. Meanwhile {theyre} struggling every single day and being told off for things {they} can\'t control.' },
  { when: both(waits('adhd_assessment'), aged('age_5_10', 'age_11_15')), text: 'We were referred for an ADHD assessment when {they} {was} much younger and {theyre} now in {year} and still waiting.' },
  { when: waits('adhd_assessment'), text: 'Getting ADHD medication reviewed is a battle. The GP will not prescribe without the specialist and the specialist has no appointments.' },
  { when: both(has('adhd'), unhappy), text: 'There is no support at all for ADHD while you wait. No parenting course, no advice, nothing.' },
  // EHC needs assessments and plans
  { when: inAssessment, text: 'The EHC needs assessment is now at {weeks} weeks. The legal limit is 20 and nobody even apologises.' },
  { when: inAssessment, text: 'We were told the educational psychologist report is delayed because there aren\'t enough EPs. So the whole assessment is on hold.' },
  { when: inAssessment, text: 'Our request for an EHC needs assessment was refused first time even though school supported it. We only got it after we appealed.' },
  { when: withPlan, text: 'The EHC needs assessment took {weeks} weeks instead of 20, and we only got the draft plan after I complained.' },
  { when: withPlan, text: 'The plan is vague: "access to" and "opportunities for" instead of how many hours and who will deliver it.' },
  { when: withPlan, text: 'Our annual review was months ago and we still haven\'t had the amended plan back.' },
  { when: withPlan, text: 'Emails to the SEND team go unanswered. We have had {count} different caseworkers in two years.' },
  { when: withPlan, text: 'We had to go to tribunal to get the right school named in the plan, and the council gave in the week before the hearing. All that stress for nothing.' },
  { when: withPlan, text: 'Speech therapy is written into {their} plan but {they} {hasnt} had a session since September.' },
  { when: withPlan, text: 'The plan still describes {them} as {they} {was} three years ago. The health and social care sections are almost empty.' },
  { when: both(withPlan, unhappy), text: 'The EHC plan is only as good as the people who read it, and most staff have never read it.' },
  // School and the SENCO
  { when: school, text: 'The SENCO is lovely but is also a class teacher and simply has no time.' },
  { when: school, text: 'School say they cannot put anything in place without extra funding, and the council says school should pay from their own budget. {Child} is stuck in the middle.' },
  { when: both(school, withPlan), text: 'Teachers do not read the plan and supply staff have no idea about {their} needs.' },
  { when: school, text: 'Reasonable adjustments are agreed in meetings and then forgotten within a week.' },
  { when: both(school, has('autism')), text: '{They} mask{s} all day at school and then fall{s} apart at home, so school say there is no problem.' },
  { when: both(school, has('autism')), text: 'Lunchtimes and the noise in corridors are really hard for {them}. A quiet space at break would help so much.' },
  { when: school, text: 'Homework and detentions for forgetting equipment make things worse, not better, for a child like mine.' },
  { when: both(inSetting('mainstream'), unhappy), text: 'Mainstream is not working for {them} but there are no special school places, so {they} {is} left in a setting that cannot cope.' },
  // Exclusions and part-time timetables
  { when: both(inSetting('mainstream', 'alternative'), (s) => s.needs.includes('semh') || s.needs.includes('adhd') || s.needs.includes('autism')), text: '{Child} has been on a part-time timetable for {months} months, an hour and a half a day. I had to give up work to be at home.' },
  { when: both(inSetting('mainstream', 'alternative'), (s) => s.needs.includes('semh') || s.needs.includes('adhd')), text: '{They} {has} had {count} suspensions this year for behaviour that comes from needs nobody is meeting.' },
  { when: inSetting('mainstream', 'alternative'), text: 'School phone me almost every day to collect {them} early. It is an exclusion in all but name.' },
  { when: inSetting('alternative'), text: 'The pupil referral unit was meant to be a short stay. It has been over a year and there is still no plan for where {they} go next.' },
  { when: inSetting('home'), text: '{Child} has been out of school for {months} months because there is no suitable place. The tuition offered is two hours a week.' },
  { when: inSetting('home'), text: 'We home educate because school could not meet {their} needs, not because we wanted to. We get no support at all for it.' },
  { when: inSetting('home'), text: 'Nobody from the council has checked on {them} since {they} stopped going to school.' },
  // Transport
  { when: inSetting('special', 'resourced', 'college'), text: 'Transport was only confirmed the day before term started, and the driver and escort keep changing, which really unsettles {them}.' },
  { when: inSetting('special'), text: 'The journey to school is over an hour each way because there is no suitable place nearer.' },
  { when: both(older, inSetting('college', 'special')), text: 'Post-16 transport has to be applied for all over again, we have to pay towards it, and the form is awful.' },
  // CAMHS and mental health
  { when: (s) => s.waiting.includes('mental_health') || s.needs.includes('semh'), text: 'CAMHS turned the referral down twice because {they} {wasnt} "at risk enough". We had to wait for a crisis before anyone saw {them}.' },
  { when: (s) => s.waiting.includes('mental_health'), text: 'After the first CAMHS appointment we were told it would be another {months} months before any actual therapy.' },
  { when: both(has('autism'), (s) => s.waiting.includes('mental_health') || s.needs.includes('semh')), text: 'CAMHS say it is the autism, the autism team say it is mental health. Nobody takes responsibility.' },
  { when: (s) => s.needs.includes('semh') && (s.age === 'age_11_15' || s.age === 'age_16_18'), text: '{They} {has} self-harmed and we are still on a waiting list. The crisis line told us to go to A&E.' },
  // Therapies and equipment
  { when: waits('speech_therapy'), text: 'Speech and language therapy is a programme emailed to school, not actual therapy with a therapist.' },
  { when: waits('speech_therapy'), text: 'We waited {months} months for a speech and language assessment and then were discharged after {count} sessions.' },
  { when: waits('occupational_therapy'), text: 'The occupational therapy waiting list is {months} months just to be assessed for sensory needs.' },
  { when: waits('physiotherapy'), text: 'Physio has been cut to once a term and we are expected to do the rest at home.' },
  { when: waits('equipment'), text: 'We have waited {months} months for a specialist seat and the adaptations to our bathroom. I am lifting {them} every day and my back is going.' },
  { when: has('medical'), text: 'School nurses will not do {their} medical care so I am on call all day in case something happens.' },
  { when: has('sensory'), text: 'The sensory support service has been cut back, so the advisory teacher visits once a term at most.' },
  // Short breaks and community
  { when: (s) => s.needs.includes('learning') || s.needs.includes('physical') || s.needs.includes('medical') || s.needs.includes('autism'), text: 'Short breaks were cut and the only holiday scheme that can manage {their} needs is always full.' },
  { when: (s) => s.needs.includes('learning') || s.needs.includes('physical') || s.needs.includes('medical'), text: 'We get no respite at all. A carer\'s assessment was promised months ago and never happened.' },
  { when: aged('age_11_15', 'age_16_18'), text: 'There is nothing for teenagers with additional needs in the holidays in our part of Northbrook.' },
  { when: unhappy, text: 'Mainstream clubs say they cannot take {them} without one-to-one support, and there is no funding for it.' },
  // Preparing for adulthood and college
  { when: older, text: 'Planning for college started far too late. We did not know which college {they} {was} going to until the summer.' },
  { when: aged('age_19_25'), text: 'At 18 everything stopped: the paediatrician discharged {them} and adult services have not picked {them} up.' },
  { when: older, text: 'Nobody has talked to us about what happens after college, supported internships or work.' },
  { when: both(older, inSetting('college')), text: 'College did not get the plan until October, so the first half term was lost.' },
  { when: aged('age_11_15'), text: 'The move to secondary was badly planned. {They} visited once and then {was} expected to cope with 1,500 pupils.' },
  { when: aged('age_0_4'), text: 'Nursery noticed {their} speech delay early but we waited a year for the referral to go anywhere.' },
  { when: aged('age_0_4'), text: 'Getting a specialist nursery place was really hard and we nearly lost it waiting for funding to be agreed.' },
  // The local offer and information
  { when: (s) => s.localOfferKnown !== 'yes', text: 'I only found out about the local offer from another parent at the school gate.' },
  { when: (s) => s.localOfferKnown !== 'yes', text: 'I did not know there was a local offer. Nobody ever mentioned it.' },
  { text: 'The local offer website is hard to navigate and half the links are out of date.' },
  { text: 'Information is scattered everywhere. One number to ring with a real person on the end would make such a difference.' },
  { text: 'Letters from the council are full of jargon. Please write to families in plain English.' },
  { text: 'Meetings are arranged without asking whether parents can attend, and reports arrive the night before.' },
  // Fighting the system
  { when: unhappy, text: 'It feels like you have to fight for everything, and the families who cannot fight just get left behind.', weight: 3 },
  { when: unhappy, text: 'I am exhausted. Every bit of help has taken months of emails and chasing.', weight: 3 },
  { when: unhappy, text: 'Nothing is joined up: school, health and the council each say it is someone else\'s job.', weight: 3 },
  { when: unhappy, text: 'We are made to feel like we are the problem for asking for what {they} {is} entitled to.' },
  { when: unhappy, text: 'My mental health has suffered badly. I have had to reduce my hours at work just to keep up with appointments and phone calls.' },
  { text: 'Listen to parents the first time. We know our children.', weight: 2 },
  { text: 'More staff who understand SEND, and less turnover, so we are not telling our story again and again.' },
  // Fairly content families
  { when: happy, text: 'Honestly not much. Communication between school and health could be quicker.', alone: true },
  { when: happy, text: 'More information about what happens next, as {they} get{s} older.' },
  { when: happy, text: 'It took too long to get started, but now things are in place they work well.' },
  { when: happy, text: 'Parents who are new to all this need someone to explain the process at the start.' },
];

// ---- Parents and carers: what works well --------------------------------------------------------

const PARENT_WELL: readonly Fragment<ParentStory>[] = [
  { when: inSetting('special'), text: '{Their} special school is amazing. The staff really understand {them} and {they} {is} happy to go in each morning.', weight: 5 },
  { when: inSetting('special'), text: 'Since moving to a specialist setting {theyve} made more progress in a term than in years of mainstream.', weight: 5 },
  { when: inSetting('special'), text: 'The special school has therapists on site, so speech therapy and OT actually happen.', weight: 4 },
  { when: inSetting('special'), text: 'Staff at school message me every day about how {they} {has} been. It makes such a difference.', weight: 4 },
  { when: inSetting('resourced'), text: 'The resourced provision gives {them} a small group when {they} need{s} it and time with {their} friends in mainstream.', weight: 5 },
  { when: both(school, happy), text: 'The SENCO at {their} school is brilliant and always gets back to me the same day.', weight: 4 },
  { when: both(school, happy), text: '{Their} teaching assistant knows {them} really well and has made all the difference.', weight: 4 },
  { when: school, text: 'School put a quiet space and movement breaks in place straight away, without waiting for a diagnosis.' },
  { when: school, text: '{Their} class teacher this year really gets {them}.' },
  { when: aged('age_0_4'), text: 'Portage visits were fantastic and helped us understand what {they} needed.', weight: 4 },
  { when: aged('age_0_4'), text: 'The nursery key worker is wonderful and made the referrals straight away.', weight: 4 },
  { when: aged('age_0_4'), text: 'The health visitor listened to us and got the ball rolling early.' },
  { when: (s) => !s.waiting.includes('speech_therapy') && s.needs.includes('speech_language'), text: 'The speech and language therapist is fantastic and gives school clear targets to work on.' },
  { when: has('medical'), text: 'The community nursing team are brilliant and trained school staff to do {their} care.' },
  { when: has('physical'), text: 'Physiotherapy and OT worked together with school and we got the right equipment quickly.' },
  { when: has('sensory'), text: 'The hearing support teacher is excellent and visits school regularly.' },
  { when: (s) => s.waiting.length === 0 || s.waiting.includes('none'), text: 'Once we finally got to see the paediatrician the support was good and well organised.' },
  { when: withPlan, text: 'The EHC plan was finished within 20 weeks and it really describes {them}.' },
  { when: withPlan, text: 'Annual reviews are person-centred and {their} own views are at the centre of them.' },
  { when: older, text: 'College has been really good at helping {them} become more independent.', weight: 4 },
  { when: aged('age_19_25'), text: 'The supported internship has given {them} confidence and {they} love{s} going to work.', weight: 4 },
  { when: both(older, happy), text: 'The preparing for adulthood team started planning early and we felt prepared.' },
  { when: (s) => s.needs.includes('learning') || s.needs.includes('autism'), text: 'The short breaks club on Saturdays is the one place {they} {is} fully accepted, and it gives us a rest too.' },
  { text: 'The parent carer forum has been a lifeline. They told me about things nobody else did.', weight: 2 },
  { text: 'SENDIASS helped me understand the EHC process and came to a meeting with me.', weight: 2 },
  { when: (s) => s.localOfferKnown === 'yes', text: 'The local offer events were useful: we met services face to face.' },
  { when: (s) => s.needs.includes('semh') && !s.waiting.includes('mental_health'), text: 'The mental health support team in school has helped {them} manage anxiety.' },
  { text: 'Individual people are great. It is the system that lets us down.', weight: 2 },
  { text: 'When things work, it is because one person goes above and beyond.', weight: 2 },
  { when: unhappy, text: 'Honestly, very little.', weight: 3, alone: true },
  { when: unhappy, text: 'Nothing at the moment.', weight: 3, alone: true },
  { when: unhappy, text: 'Nothing from the council side. School try their best with what they have.', weight: 3, alone: true },
  { when: unhappy, text: 'The only thing that works is what we pay for ourselves.', alone: true },
  { when: happy, text: 'We feel listened to and part of the team around {them}.' },
  { when: happy, text: 'Everyone involved talks to each other, and I don\'t have to repeat myself.' },
];

const WHO_IS_WRITING: readonly Fragment<ParentStory>[] = [
  { when: (s) => s.role === 'foster_carer', text: 'As a foster carer I see how hard this is even for professionals to navigate.' },
  { when: (s) => s.role === 'carer' || s.role === 'other_family', text: 'I am answering as the person who looks after {child} most days.' },
];

const BETTER_FRAMING: Framing = {
  openers: [
    ...WHO_IS_WRITING,
    { when: unhappy, text: 'Where do I start.' },
    { when: unhappy, text: 'To be honest, it has been a battle from the beginning.' },
    { text: 'A lot could be better.' },
  ],
  closers: [
    { text: 'Please actually listen to what parents are saying this time.' },
    { when: unhappy, text: 'We are at breaking point.' },
    { when: unhappy, text: 'I have lost faith that anything will change.' },
    { text: 'Thank you for asking families.' },
  ],
};

const WELL_FRAMING: Framing = {
  openers: [...WHO_IS_WRITING, { when: happy, text: 'We have been lucky compared with many families we know.' }, { text: 'Some things are good.' }],
  closers: [{ when: happy, text: 'Keep doing what you are doing.' }, { text: 'Thank you for asking families.' }],
};

/** Personal details people write despite being asked not to. */
function personalDetail(story: ParentStory, voice: Voice, random: Random): { position: 'start' | 'end'; text: string } | { name: string } | undefined {
  const roll = random.next();
  if (roll < 0.04) return { name: random.pick(FIRST_NAMES) };
  if (roll < 0.07) {
    const school = random.pick(SCHOOL_NAMES);
    return { position: 'end', text: fill(story.mood > 0 ? `${school} have been brilliant with {them}.` : `At ${school} nobody seems to have read {their} plan.`, voice, random) };
  }
  if (roll < 0.085) {
    const staff = random.pick(STAFF_NAMES);
    return { position: 'end', text: story.mood > 0 ? `${staff}, the SENCO, is the reason things have improved.` : `${staff} at the council has never once returned my calls.` };
  }
  if (roll < 0.095) return { position: 'end', text: `I am happy to talk to an inspector, my number is 07700 900${random.between(100, 999)}.` };
  if (roll < 0.1) return { position: 'end', text: `You can email me at ${random.pick(['jo', 'sam', 'kerry', 'nadia', 'dan', 'shaz'])}.${random.pick(['parent', 'family', 'mum', 'dad'])}${random.between(10, 99)}@example.com if you want to hear more.` };
  if (roll < 0.105) return { position: 'end', text: `There is nothing suitable anywhere near us in NB${random.between(1, 9)} ${random.between(1, 9)}${random.pick(['QT', 'RW', 'LJ', 'HS'])}.` };
  if (roll < 0.109) return { position: 'start', text: fill(`For reference {child} was born on ${String(random.between(1, 28)).padStart(2, '0')}/${String(random.between(1, 12)).padStart(2, '0')}/${random.between(2008, 2021)}.`, voice, random) };
  return undefined;
}

type Framing = { openers: readonly Fragment<ParentStory>[]; closers: readonly Fragment<ParentStory>[] };

function composeParent(fragments: readonly Fragment<ParentStory>[], framing: Framing, story: ParentStory, sentences: number, random: Random): string {
  const voice = parentVoice(story, random);
  const chosen = choose(fragments, story, sentences, random);
  const parts = chosen.map((f) => fill(f.text, voice, random));
  if (!chosen[0]?.alone) {
    if (random.chance(0.12)) parts.unshift(...choose(framing.openers, story, 1, random).map((f) => fill(f.text, voice, random)));
    if (random.chance(0.1)) parts.push(...choose(framing.closers, story, 1, random).map((f) => fill(f.text, voice, random)));
  }
  const detail = personalDetail(story, voice, random);
  let text = parts.join(' ');
  if (detail && 'name' in detail) {
    // The child's name beside the first mention of them, as people write it.
    const at = text.toLowerCase().indexOf(voice.child);
    text = at >= 0 ? `${text.slice(0, at + voice.child.length)} ${detail.name}${text.slice(at + voice.child.length)}` : `This is about ${voice.child} ${detail.name}. ${text}`;
  } else if (detail) {
    text = detail.position === 'start' ? `${detail.text} ${text}` : `${text} ${detail.text}`;
  }
  return text;
}

function sentenceCount(random: Random, mood: number, unhappyWriteMore: boolean): number {
  const extra = unhappyWriteMore && mood < -0.5 ? 0.25 : 0;
  return random.weighted([
    [1, 0.45 - extra],
    [2, 0.35],
    [3, 0.15 + extra / 2],
    [4, 0.05 + extra / 2],
  ]);
}

export function parentWhatWorksWell(story: ParentStory, random: Random): string {
  return composeParent(PARENT_WELL, WELL_FRAMING, story, story.mood < -0.3 ? 1 : sentenceCount(random, story.mood, false), random);
}

export function parentWhatCouldBeBetter(story: ParentStory, random: Random): string {
  return composeParent(PARENT_BETTER, BETTER_FRAMING, story, sentenceCount(random, story.mood, true), random);
}

// ---- Parents answering in Urdu -----------------------------------------------------------------

const URDU_WELL: readonly string[] = [
  'اسکول کی SENCO بہت مددگار ہیں اور ہمیشہ ہماری بات سنتی ہیں۔',
  'خصوصی اسکول میں ہمارا بچہ بہت خوش ہے اور استاد اسے اچھی طرح سمجھتے ہیں۔',
  'اسپیچ تھراپی شروع ہونے کے بعد بچے کی بات چیت میں بہت بہتری آئی ہے۔',
  'پیرنٹ کیئرر فورم سے ہمیں بہت مدد ملی، انہوں نے ہمیں سب کچھ سمجھایا۔',
  'سچ کہوں تو ابھی تک کچھ خاص نہیں۔',
];

const URDU_BETTER: readonly string[] = [
  'ہم دو سال سے آٹزم کے جائزے کا انتظار کر رہے ہیں اور کوئی نہیں بتاتا کہ کب باری آئے گی۔',
  'خطوط اور فارم صرف انگریزی میں آتے ہیں، اس لیے ہمیں سمجھنے میں بہت مشکل ہوتی ہے۔',
  'میٹنگوں میں مترجم ہونا چاہیے، ہر بار مجھے اپنے رشتہ داروں سے مدد مانگنی پڑتی ہے۔',
  'EHC منصوبہ بہت دیر سے ملا اور اس میں لکھی ہوئی مدد ابھی تک شروع نہیں ہوئی۔',
  'لوکل آفر کی ویب سائٹ پر معلومات تلاش کرنا مشکل ہے، اور وہ ہماری زبان میں نہیں ہے۔',
  'اسکول ہر روز فون کر کے بچے کو جلدی گھر لے جانے کو کہتا ہے۔',
];

export function urduWhatWorksWell(story: ParentStory, random: Random): string {
  return story.mood < -0.3 ? URDU_WELL[URDU_WELL.length - 1]! : random.pick(URDU_WELL.slice(0, -1));
}

export function urduWhatCouldBeBetter(_story: ParentStory, random: Random): string {
  const first = random.pick(URDU_BETTER);
  const second = random.pick(URDU_BETTER);
  return first === second || random.chance(0.5) ? first : `${first} ${second}`;
}

// ---- Children and young people ------------------------------------------------------------------

const ysetting = (...settings: string[]) => (s: YoungPersonStory) => settings.includes(s.setting);
const yaged = (...ages: string[]) => (s: YoungPersonStory) => ages.includes(s.age);

const YOUNG_BEST: readonly Fragment<YoungPersonStory>[] = [
  { text: 'My teacher helps me when I get stuck.' },
  { text: 'My TA is kind and explains things again.' },
  { text: 'I have a time out card and I can go to the quiet room.' },
  { text: 'I like my key worker. She listens to me.' },
  { text: 'They let me have movement breaks.' },
  { text: 'I can use a laptop for writing now.' },
  { text: 'Nothing really.', when: unhappy, weight: 4, alone: true },
  { text: 'I dont know.', weight: 1, alone: true },
  { when: ysetting('special'), text: 'My school is small and not noisy. Everyone is nice to me.', weight: 4 },
  { when: ysetting('special'), text: 'I do swimming and cooking at my school.' },
  { when: ysetting('college'), text: 'College treats me like an adult.', weight: 4 },
  { when: ysetting('college'), text: 'The learning support at college is good and I get extra time in exams.' },
  { when: ysetting('work_other'), text: 'My job coach helps me at work.', weight: 4 },
  { when: yaged('age_under_11'), text: 'I like the sensory room and the lego club.' },
  { when: yaged('age_11_15', 'age_16_18'), text: 'Having a safe space at lunch so I dont have to be in the canteen.' },
  { text: 'My speech therapist is fun and I can say more words now.' },
  { text: 'I go to a club on Saturdays and I have friends there.' },
  { text: 'My mum and my teacher talk to each other so I dont have to explain everything.' },
  { when: happy, text: 'People understand my autism now.' },
];

const YOUNG_CHANGE: readonly Fragment<YoungPersonStory>[] = [
  { text: 'Less noise in the corridors.' },
  { text: 'People to stop picking on me.', weight: 2 },
  { text: 'More help in maths and English.' },
  { text: 'I want to see my friends more out of school.' },
  { text: 'Teachers to understand my autism and not shout.', weight: 2 },
  { text: 'Not waiting so long to see CAMHS.', weight: 2 },
  { text: 'To be asked what I think before they decide things.', weight: 2 },
  { text: 'Having the same adults, not new ones all the time.' },
  { text: 'More clubs I can actually go to.' },
  { text: 'Nothing, its good.', when: happy, weight: 4, alone: true },
  { when: ysetting('special'), text: 'The taxi takes too long in the morning.' },
  { when: ysetting('mainstream'), text: 'Smaller classes and a place to calm down.' },
  { when: ysetting('mainstream'), text: 'I get in trouble for fidgeting and I cant help it.' },
  { when: ysetting('home', 'alternative'), text: 'I want to go back to a proper school.', weight: 4 },
  { when: ysetting('home'), text: 'Someone to help me with learning at home. I get bored.', weight: 4 },
  { when: yaged('age_16_18', 'age_19_25'), text: 'To know what happens after college.', weight: 4 },
  { when: yaged('age_16_18', 'age_19_25'), text: 'Help to get a job and to travel on my own.', weight: 4 },
  { when: yaged('age_11_15'), text: 'More help with moving to a new school.', weight: 3 },
];

/** Pupils sometimes name their teacher or school; the easy-read hint asks them not to. */
function youngDetail(random: Random): string | undefined {
  const roll = random.next();
  if (roll < 0.04) return `My teacher ${random.pick(['Miss Patel', 'Mr Jones', 'Mrs Clarke', 'Miss Nowak'])} is the best.`;
  if (roll < 0.06) return `I go to ${random.pick(SCHOOL_NAMES)}.`;
  return undefined;
}

function composeYoung(fragments: readonly Fragment<YoungPersonStory>[], story: YoungPersonStory, random: Random): string {
  const count = random.weighted([[1, 0.7], [2, 0.3]] as const);
  const text = choose(fragments, story, count, random).map((f) => f.text).join(' ');
  const detail = youngDetail(random);
  const written = detail ? `${text} ${detail}` : text;
  // Young people often write in lower case without full stops.
  return random.chance(0.25) ? written.toLowerCase().replace(/\.$/, '') : written;
}

export function youngPersonBestThing(story: YoungPersonStory, random: Random): string {
  return composeYoung(YOUNG_BEST, story, random);
}

export function youngPersonChangeOneThing(story: YoungPersonStory, random: Random): string {
  return composeYoung(YOUNG_CHANGE, story, random);
}

// ---- Practitioners -------------------------------------------------------------------------------

const role = (...roles: string[]) => (s: PractitionerStory) => roles.includes(s.role);
const psetting = (...settings: string[]) => (s: PractitionerStory) => settings.includes(s.setting);

const PRACTITIONER_WELL: readonly Fragment<PractitionerStory>[] = [
  { when: role('senco'), text: 'The termly SENCO network meetings are really valuable for sharing practice and hearing from the local authority.', weight: 4 },
  { when: role('senco', 'teacher_support'), text: 'The outreach service from the special schools gives practical advice that we can use the next day.', weight: 4 },
  { when: role('early_years'), text: 'The early years inclusion team and portage respond quickly and support settings well.', weight: 4 },
  { when: role('health'), text: 'Joint clinics with education colleagues for children with complex needs work well.', weight: 4 },
  { when: role('health'), text: 'The designated clinical officer has improved how health advice feeds into EHC plans.', weight: 3 },
  { when: role('mental_health'), text: 'Mental health support teams in schools have made early help much easier to reach.', weight: 4 },
  { when: role('social_care'), text: 'The disabled children\'s team knows its families well and short breaks are well regarded.', weight: 4 },
  { when: role('la_send'), text: 'The graduated approach toolkit has given schools a shared language for SEN support.', weight: 4 },
  { when: role('la_send'), text: 'Co-production with the parent carer forum is genuine and has shaped the new strategy.', weight: 3 },
  { when: role('educational_psychologist'), text: 'Consultation work with schools, when we have capacity for it, prevents escalation.', weight: 4 },
  { when: psetting('special'), text: 'Special schools work well together and with therapy services on site.', weight: 3 },
  { when: psetting('college'), text: 'Transition visits from schools to college have improved and start earlier than they did.', weight: 3 },
  { text: 'Individual practitioners are committed and go the extra mile for families.', weight: 2 },
  { text: 'Multi-agency panels mean decisions are discussed with all services in the room.' },
  { text: 'The local offer has improved and is now easier for families to search.' },
  { when: happy, text: 'Leaders are visible and open to challenge.' },
  { when: unhappy, text: 'Very little works consistently. It depends on which school or worker a family happens to get.', weight: 3, alone: true },
  { when: unhappy, text: 'Good people are working hard, but the system is overwhelmed.', weight: 3 },
];

const PRACTITIONER_IMPROVE: readonly Fragment<PractitionerStory>[] = [
  { when: role('senco', 'teacher_support', 'early_years'), text: 'EHC needs assessments routinely take well beyond 20 weeks, and schools are left to meet needs without the resources in the meantime.', weight: 4 },
  { when: role('senco'), text: 'SENCOs cannot get through to the SEND team. Emails go unanswered and caseworkers change constantly.', weight: 4 },
  { when: role('senco', 'teacher_support'), text: 'The wait for an educational psychologist makes it impossible to plan support in time.', weight: 3 },
  { when: role('senco', 'teacher_support'), text: 'Speech and language therapy amounts to a programme for us to deliver, with no therapist time to train staff.', weight: 3 },
  { when: role('health'), text: 'Waiting lists for neurodevelopmental assessment are over two years, and the service is not commissioned for the demand.', weight: 4 },
  { when: role('health'), text: 'Health advice is requested for EHC needs assessments with very short deadlines and then cut and pasted or left out of the plan.', weight: 4 },
  { when: role('health', 'mental_health'), text: 'Transition to adult health services is poor. Young people fall off a cliff at 18.', weight: 3 },
  { when: role('mental_health'), text: 'Thresholds for CAMHS are too high and children with autism are bounced between services.', weight: 4 },
  { when: role('social_care'), text: 'Social care assessments are not routinely requested as part of EHC needs assessments, so the social care section is often empty.', weight: 4 },
  { when: role('la_send'), text: 'Caseloads in the SEND casework team are too high to give families the contact they need.', weight: 4 },
  { when: role('la_send'), text: 'Annual reviews are not processed in time, so plans go out of date.', weight: 3 },
  { when: role('educational_psychologist'), text: 'EP capacity is almost entirely taken up with statutory advice, so there is no time for early intervention.', weight: 4 },
  { when: role('early_years'), text: 'Early years settings get very little funding to support children before they start school.', weight: 3 },
  { when: psetting('alternative'), text: 'Too many children with unmet needs are in alternative provision with no plan to return.', weight: 4 },
  { when: psetting('college'), text: 'Plans are not updated for post-16, so colleges receive outdated information too late.', weight: 3 },
  { text: 'Services need to share information. Families have to repeat their story to every agency.', weight: 2 },
  { text: 'Preparation for adulthood should start at 14, not in the last year of school.' },
  { text: 'Transport arrangements are decided late and cause distress at the start of every year.' },
  { text: 'Training on autism and trauma-informed practice should be available to all staff, not just SENCOs.' },
  { text: 'Leaders need to listen to frontline staff as well as to the data.' },
  { when: happy, text: 'Mostly capacity. The direction is right but change takes time to reach families.', weight: 3, alone: true },
];

function composePractitioner(fragments: readonly Fragment<PractitionerStory>[], story: PractitionerStory, random: Random): string {
  const count = random.weighted([[1, 0.5], [2, 0.35], [3, 0.15]] as const);
  const text = choose(fragments, story, count, random).map((f) => f.text).join(' ');
  // A few name a child or a colleague despite the hint.
  const roll = random.next();
  if (roll < 0.02) return `${text} For example a child in Year ${random.between(3, 10)}, ${random.pick(FIRST_NAMES.slice(0, 12))}, waited over a year for a plan.`;
  if (roll < 0.035) return `${text} ${random.pick(STAFF_NAMES)} in the SEND team has been very supportive.`;
  return text;
}

export function practitionerWhatWorksWell(story: PractitionerStory, random: Random): string {
  return composePractitioner(PRACTITIONER_WELL, story, random);
}

export function practitionerWhatToImprove(story: PractitionerStory, random: Random): string {
  return composePractitioner(PRACTITIONER_IMPROVE, story, random);
}
