// Evidence notes: saves a note while it is typed, keeps every keystroke on this device until the
// service has it (so a dropped connection, a crash or a signed-out session loses nothing), and says
// plainly what has happened. The form works fully without this script.

const DEBOUNCE_MS = 1500;
const RETRY_MS = 10000;
const SUBMIT_WAIT_MS = 5000;
const PREFIX = 'send-inspect:note-draft:';
const OPEN_PREFIX = 'send-inspect:note-open:';
/** Per tab (kept over a reload or a crash): the new note this tab was writing. */
const TAB_NOTE = 'send-inspect:note-in-this-tab';
/** A page still open says so this often, so another page does not take over its note. */
const HEARTBEAT_MS = 5000;

const OFFLINE = 'Not saved: you are offline. Your text is kept on this device and will be saved when you are back online';
const SIGNED_OUT = 'You have been signed out. Your text is kept on this device: sign in again in a new tab, then come back to this page';
const PROBLEM = 'Not saved: there is a problem with the service. Your text is kept on this device and we will keep trying';

// ---- Drafts kept on the device -------------------------------------------------------------------

function draftKey(inspectionId, noteId) {
  return `${PREFIX}${inspectionId}:${noteId}`;
}

function readDraft(key) {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function writeDraft(key, draft) {
  try {
    window.localStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or switched off: the autosave still runs.
  }
}

function removeDraft(key) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing to do.
  }
}

function openKey(noteId) {
  return `${OPEN_PREFIX}${noteId}`;
}

/** Whether a page open now (in another tab) is writing this note. */
function isOpenElsewhere(noteId) {
  try {
    const at = Number(window.localStorage.getItem(openKey(noteId)));
    return Date.now() - at < HEARTBEAT_MS * 3;
  } catch {
    return false;
  }
}

function rememberInTab(noteId) {
  try {
    window.sessionStorage.setItem(TAB_NOTE, noteId);
  } catch {
    // Without it, a reloaded page finds the draft among those no open page is writing.
  }
}

/** The unsaved new note this tab was writing before it was reloaded (or crashed), if any. */
function thisTabsDraft(inspectionId) {
  try {
    const noteId = window.sessionStorage.getItem(TAB_NOTE);
    const draft = noteId ? readDraft(draftKey(inspectionId, noteId)) : null;
    return draft && draft.isNew && draft.content ? draft : null;
  } catch {
    return null;
  }
}

/** Drafts of notes begun on a "write a note" page of this inspection that no open page is writing, newest first. */
function newNoteDrafts(inspectionId) {
  const drafts = [];
  try {
    const prefix = `${PREFIX}${inspectionId}:`;
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i);
      if (!key || !key.startsWith(prefix)) continue;
      const draft = readDraft(key);
      if (draft && draft.isNew && draft.content && !isOpenElsewhere(draft.noteId)) drafts.push(draft);
    }
  } catch {
    return [];
  }
  return drafts.sort((a, b) => (b.savedAt || 0) - (a.savedAt || 0));
}

// ---- A note's content ----------------------------------------------------------------------------

/** The content as the service stores it, so that drafts and saved notes compare fairly. */
function normalise(content) {
  const sorted = (list) => [...new Set((list || []).map(String))].sort();
  return {
    body: String(content.body || '').replace(/\r\n?/g, '\n').trim(),
    criteria: sorted(content.criteria),
    themes: sorted(content.themes),
    polarity: content.polarity || '',
    sourceKind: content.sourceKind || '',
    activityId: content.activityId || '',
    caseId: content.caseId || '',
    surveyId: content.surveyId || '',
    sourceDetail: String(content.sourceDetail || '').trim(),
  };
}

function sameContent(a, b) {
  if (!a || !b) return false;
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/** The form's content, mapped as the service maps a posted form: only the chosen source's reference. */
function contentOf(form) {
  const data = new window.FormData(form);
  const text = (name) => String(data.get(name) ?? '');
  const kind = text('sourceKind');
  return {
    body: text('body'),
    criteria: data.getAll('criteria').map(String),
    themes: data.getAll('themes').map(String),
    polarity: text('polarity'),
    sourceKind: kind,
    activityId: kind === 'activity' ? text('activityId') : null,
    caseId: kind === 'tracked_case' ? text('trackedCaseId') : kind === 'reviewed_plan' ? text('reviewCaseId') : null,
    surveyId: kind === 'survey' ? text('surveyId') : null,
    sourceDetail: kind === 'data' ? text('sourceDetail') : '',
  };
}

/** Puts a draft back into the form; radios are clicked so that the fields shown for them follow. */
function fillForm(form, content) {
  const setTicks = (name, values) => {
    for (const box of form.querySelectorAll(`input[name="${name}"]`)) box.checked = values.includes(box.value);
  };
  const choose = (name, value) => {
    const radio = [...form.querySelectorAll(`input[name="${name}"]`)].find((r) => r.value === value);
    if (radio && !radio.checked) radio.click();
    if (!radio) for (const r of form.querySelectorAll(`input[name="${name}"]`)) r.checked = false;
  };
  const setValue = (name, value) => {
    const field = form.elements.namedItem(name);
    if (field && 'value' in field) field.value = value ?? '';
  };
  setTicks('criteria', content.criteria || []);
  setTicks('themes', content.themes || []);
  choose('polarity', content.polarity);
  choose('sourceKind', content.sourceKind);
  if (content.sourceKind === 'activity') setValue('activityId', content.activityId);
  if (content.sourceKind === 'tracked_case') setValue('trackedCaseId', content.caseId);
  if (content.sourceKind === 'reviewed_plan') setValue('reviewCaseId', content.caseId);
  if (content.sourceKind === 'survey') setValue('surveyId', content.surveyId);
  if (content.sourceKind === 'data') setValue('sourceDetail', content.sourceDetail);
  const body = form.elements.namedItem('body');
  body.value = content.body || '';
  // Lets the character count catch up, and records the draft.
  body.dispatchEvent(new window.Event('input', { bubbles: true }));
}

/** Why a save was refused, in words: the evidence is closed, or this person may no longer change it. */
async function refusal(response) {
  const isJson = (response.headers.get('content-type') || '').includes('application/json');
  const answer = isJson ? await response.json().catch(() => ({})) : {};
  // A token that could not be renewed is a passing problem, not a refusal.
  if (isJson && (!answer.error || /csrf/i.test(answer.error))) return PROBLEM;
  const reason = answer.error || 'You do not have permission to change this note any more.';
  return `Not saved: ${reason} Your text is kept on this device.`;
}

/** Shows only the field that says which activity, child, plan, survey or data, for the source chosen. */
function showChosenSource(form) {
  const chosen = form.querySelector('input[name="sourceKind"]:checked');
  const hint = form.querySelector('[data-source-hint]');
  if (hint) hint.hidden = true;
  for (const part of form.querySelectorAll('[data-source-for]')) part.hidden = !chosen || part.dataset.sourceFor !== chosen.value;
}

function timeNow() {
  return new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

// ---- The form ------------------------------------------------------------------------------------

function enhanceForm(form) {
  const inspectionId = form.dataset.inspectionId;
  const mode = form.dataset.mode;
  // On the conflict page nothing is sent until the person chooses: nothing is overwritten silently.
  const autosave = mode !== 'conflict';
  const status = form.querySelector('[data-note-status]');
  const hidden = (name) => form.querySelector(`input[type="hidden"][name="${name}"]`);
  const noteIdField = hidden('noteId');
  const sessionField = hidden('editSession');
  const baseField = hidden('baseRevision');
  // On the conflict page the draft keeps the revision the person's text started from, so that
  // coming back to the note later shows the conflict again rather than saving over their version.
  const draftBase = () => (mode === 'conflict' ? Number(form.dataset.draftBaseRevision) : Number(baseField.value));
  const key = () => draftKey(inspectionId, noteIdField.value);

  /** What the service holds for this note, as far as this page knows (null: nothing yet, or not known). */
  let serverContent = mode === 'edit' ? contentOf(form) : null;
  let inFlight = null;
  let again = false;
  let timer = null;
  let stopped = false;
  let refused = null;
  let submitting = false;

  function setStatus(message, extra) {
    if (!status) return;
    status.textContent = message;
    if (extra) {
      status.append(' ');
      status.append(extra);
    }
  }

  function keepDraft() {
    writeDraft(key(), {
      inspectionId,
      noteId: noteIdField.value,
      editSession: sessionField.value,
      baseRevision: draftBase(),
      isNew: mode === 'new',
      content: contentOf(form),
      savedAt: Date.now(),
    });
  }

  function unsaved() {
    const content = contentOf(form);
    if (serverContent === null) return content.body.trim() !== '';
    return !sameContent(content, serverContent);
  }

  function schedule(ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void save(), ms);
  }

  function send(content, options = {}) {
    const csrf = form.querySelector('input[name="_csrf"]');
    return window.fetch(form.dataset.apiBase + noteIdField.value, {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: Boolean(options.keepalive),
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf ? csrf.value : '' },
      body: JSON.stringify({ content, baseRevision: Number(baseField.value), editSession: sessionField.value }),
    });
  }

  /** A session renewed in another tab has a new CSRF secret: the page's forms take the new token. */
  async function refreshToken() {
    try {
      const response = await window.fetch(form.dataset.tokenUrl, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!response.ok) return false;
      const { token } = await response.json();
      for (const input of document.querySelectorAll('input[name="_csrf"]')) input.value = token;
      return true;
    } catch {
      return false;
    }
  }

  function showConflict() {
    stopped = true;
    const compare = document.createElement('button');
    compare.type = 'button';
    compare.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0';
    compare.textContent = 'Compare your version with theirs';
    // Posting the form shows both versions side by side; the person then chooses.
    compare.addEventListener('click', () => submitNatively(null));
    setStatus('Someone else changed this note while you were editing it. Your text has not been saved; it is kept here and on this device.', compare);
  }

  async function attempt(content) {
    let response = await send(content);
    if (response.status === 403 && (await refreshToken())) response = await send(content);
    return response;
  }

  /** Sends the form's content once; answers what happened. */
  async function saveOnce() {
    const content = contentOf(form);
    if (!unsaved()) return 'nothing';
    if (refused && sameContent(content, refused)) return 'invalid';
    if (!navigator.onLine) {
      setStatus(OFFLINE);
      return 'offline';
    }
    setStatus('Saving…');
    let response;
    try {
      response = await attempt(content);
    } catch {
      setStatus(OFFLINE);
      return 'offline';
    }
    if (response.status === 200) {
      const answer = await response.json();
      baseField.value = String(answer.revision);
      serverContent = content;
      refused = null;
      if (sameContent(contentOf(form), content)) removeDraft(key());
      else keepDraft();
      setStatus(`Saved at ${timeNow()}`);
      // Once the note exists, this page's address is its change page: a reload shows the note saved.
      if (mode === 'new' && form.dataset.noteUrlBase && window.history.replaceState) {
        window.history.replaceState(null, '', `${form.dataset.noteUrlBase}${noteIdField.value}/edit`);
      }
      return 'saved';
    }
    if (response.status === 401) {
      setStatus(SIGNED_OUT);
      return 'signed-out';
    }
    if (response.status === 409) {
      showConflict();
      return 'conflict';
    }
    if (response.status === 422) {
      const answer = await response.json().catch(() => ({ errors: [] }));
      refused = content;
      const messages = (answer.errors || []).map((e) => e.message).join('. ');
      setStatus(`Not saved yet: ${messages || 'something in the form needs changing'}. Your text is kept on this device.`);
      return 'invalid';
    }
    setStatus(response.status === 403 ? await refusal(response) : PROBLEM);
    return 'error';
  }

  /** One request at a time: a save asked for while one is on its way follows it. */
  async function save() {
    if (!autosave || stopped) return 'nothing';
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = saveOnce();
    try {
      return await inFlight;
    } finally {
      inFlight = null;
      if (again && !stopped) {
        again = false;
        schedule(0);
      }
    }
  }

  function submitNatively(submitter) {
    submitting = true;
    if (submitter && submitter.name) {
      const carried = document.createElement('input');
      carried.type = 'hidden';
      carried.name = submitter.name;
      carried.value = submitter.value;
      form.append(carried);
    }
    window.HTMLFormElement.prototype.submit.call(form);
  }

  form.addEventListener('input', () => {
    keepDraft();
    if (autosave && !stopped) schedule(DEBOUNCE_MS);
  });
  showChosenSource(form);
  form.addEventListener('change', (event) => {
    if (event.target && event.target.name === 'sourceKind') showChosenSource(form);
    keepDraft();
    if (autosave && !stopped) schedule(DEBOUNCE_MS);
  });

  // The form's own post still decides what happens; saving first means the draft on this device is
  // cleared only once the service has the text, whatever the post then meets.
  form.addEventListener('submit', (event) => {
    if (submitting || !autosave || stopped) return;
    event.preventDefault();
    const submitter = event.submitter || null;
    window.clearTimeout(timer);
    const waited = new Promise((resolve) => window.setTimeout(resolve, SUBMIT_WAIT_MS));
    void Promise.race([save(), waited]).finally(() => submitNatively(submitter));
  });

  const discard = document.querySelector('[data-discard-draft]');
  if (discard) discard.addEventListener('click', () => removeDraft(key()));

  window.addEventListener('online', () => {
    if (unsaved()) void save();
  });
  window.setInterval(() => {
    if (!inFlight && !submitting && unsaved()) void save();
  }, RETRY_MS);
  const beat = () => {
    try {
      window.localStorage.setItem(openKey(noteIdField.value), String(Date.now()));
    } catch {
      // Storage switched off: there are no drafts to take over either.
    }
  };
  window.addEventListener('pagehide', () => {
    try {
      window.localStorage.removeItem(openKey(noteIdField.value));
    } catch {
      // Nothing to do.
    }
  });
  window.addEventListener('pagehide', () => {
    if (!autosave || stopped || submitting || inFlight || !unsaved() || !navigator.onLine) return;
    send(contentOf(form), { keepalive: true }).catch(() => {});
  });

  restore();
  if (mode === 'new') rememberInTab(noteIdField.value);
  beat();
  window.setInterval(beat, HEARTBEAT_MS);

  /** A draft this device kept that the page does not show is put back and saved (the service decides whether that is still safe). */
  function restore() {
    if (mode === 'conflict') return;
    const pageContent = contentOf(form);
    let draft = readDraft(key());
    if (!draft && mode === 'new') draft = thisTabsDraft(inspectionId) || newNoteDrafts(inspectionId)[0] || null;
    if (!draft) return;
    if (sameContent(draft.content, pageContent)) {
      if (mode === 'edit') removeDraft(key());
      return;
    }
    noteIdField.value = draft.noteId;
    sessionField.value = draft.editSession;
    baseField.value = String(draft.baseRevision);
    // A note begun elsewhere may already be stored: the service is asked rather than assumed.
    serverContent = mode === 'edit' ? pageContent : null;
    fillForm(form, draft.content);
    setStatus('Text you had not saved was restored from this device. Saving…');
    void save();
  }
}

// ---- A note's page: a draft left on this device is pointed out -------------------------------------

function enhanceNoteView(view) {
  const key = draftKey(view.dataset.inspectionId, view.dataset.noteId);
  const draft = readDraft(key);
  if (!draft) return;
  let stored;
  try {
    stored = JSON.parse(view.dataset.content);
  } catch {
    return;
  }
  if (sameContent(draft.content, stored)) {
    removeDraft(key);
    return;
  }
  const notice = view.querySelector('[data-draft-notice]');
  if (!notice) return;
  notice.className = 'govuk-inset-text';
  const link = document.createElement('a');
  link.className = 'govuk-link';
  link.href = view.dataset.editUrl;
  link.textContent = 'Change this note to save them';
  notice.append('This device has changes to this note that have not been saved yet. ', link, '.');
}

for (const form of document.querySelectorAll('[data-evidence-note-form]')) enhanceForm(form);
for (const view of document.querySelectorAll('[data-evidence-note-view]')) enhanceNoteView(view);
