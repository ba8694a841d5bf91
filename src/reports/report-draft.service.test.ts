// The report's drafting against both databases: versions numbered from 1 with the report row made
// when first needed, an unchanged save writing nothing, a stale save refused with the newer text,
// two saves at once, limits, the stages in which the draft may change, and comparing versions.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createCasesFixture, type CasesFixture } from '../cases/case-test-support.ts';
import { moveInspectionForTest } from '../inspections/inspection-test-support.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import type { NarrativeSections } from './report-document.ts';
import { DraftInputError, PUBLISHED_REFUSAL, ReportClosedError, StaleDraftError, parseSectionText } from './report-draft.ts';
import { compareVersions, getVersion, latestNarrative, listVersions, saveDraft } from './report-draft.service.ts';

describeEachDatabase('report drafting', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;

  const versionCount = async () => Number((await db.kysely.selectFrom('report_version').select((eb) => eb.fn.countAll<number>().as('n')).where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).n);
  const saves = () => db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'report.draft.save').where('inspection_id', '=', fixture.inspectionId).orderBy('occurred_at').execute();

  const narrative = (experience: string, doBetter = ''): NarrativeSections => ({ experience: parseSectionText(experience), do_better: parseSectionText(doBetter) });

  before(async () => {
    fixture = await createCasesFixture(db);
  });

  test('the draft cannot be written before fieldwork has ended', async () => {
    await assert.rejects(
      saveDraft(db.kysely, fixture.inspectionId, narrative('Too early.'), '', 0, fixture.inspectorActor),
      (error: unknown) => error instanceof ReportClosedError && /once fieldwork has ended/.test(error.message),
    );
    assert.equal(await versionCount(), 0);
    assert.equal(await latestNarrative(db.kysely, fixture.inspectionId), null);
    await moveInspectionForTest(db.kysely, fixture.inspectionId, 'reporting');
  });

  test('the first save is version 1, makes the report row and is audited; the narrative is stored tidied', async () => {
    assert.equal(await db.kysely.selectFrom('report').selectAll().where('inspection_id', '=', fixture.inspectionId).executeTakeFirst(), undefined);
    const saved = await saveDraft(db.kysely, fixture.inspectionId, narrative('Families   feel heard.\n\n- Short waits\n- Good plans'), '  First draft ', 0, fixture.inspectorActor, { requestId: 'r1' });
    assert.deepEqual(saved, { version: 1, created: true });
    assert.ok(await db.kysely.selectFrom('report').selectAll().where('inspection_id', '=', fixture.inspectionId).executeTakeFirst());
    const latest = await latestNarrative(db.kysely, fixture.inspectionId);
    assert.deepEqual(latest, {
      version: 1,
      sections: {
        experience: [
          { type: 'paragraph', text: 'Families feel heard.' },
          { type: 'list', items: ['Short waits', 'Good plans'] },
        ],
      },
    });
    const audits = await saves();
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.actor_user_id, fixture.inspector.userId);
    assert.equal(audits[0]!.request_id, 'r1');
    assert.deepEqual(audits[0]!.details, { version: 1, changeNote: 'First draft', changedSections: ['experience'] });
  });

  test('saving the same words again makes no new version and writes nothing', async () => {
    const saved = await saveDraft(db.kysely, fixture.inspectionId, narrative('Families feel heard.\n- Short waits\n* Good plans\n\n\n'), 'nothing new', 1, fixture.leadActor);
    assert.deepEqual(saved, { version: 1, created: false });
    assert.equal(await versionCount(), 1);
    assert.equal((await saves()).length, 1);
  });

  test('a save from a page opened before someone else saved is refused with their version, and nothing is written', async () => {
    await saveDraft(db.kysely, fixture.inspectionId, narrative('Families feel heard and valued.\n\n- Short waits\n- Good plans'), 'Reworded', 1, fixture.leadActor);
    await assert.rejects(
      saveDraft(db.kysely, fixture.inspectionId, narrative('My own rewrite.'), '', 1, fixture.inspectorActor),
      (error: unknown) => {
        assert.ok(error instanceof StaleDraftError);
        assert.equal(error.latest.number, 2);
        assert.equal(error.latest.changeNote, 'Reworded');
        assert.equal(error.latest.savedBy, fixture.lead.displayName);
        assert.deepEqual(error.latest.sections.experience![0], { type: 'paragraph', text: 'Families feel heard and valued.' });
        assert.match(error.message, /saved version 2 of the draft while you were editing/);
        return true;
      },
    );
    assert.equal(await versionCount(), 2);
    // Saved again from the newer version, it goes through.
    assert.deepEqual(await saveDraft(db.kysely, fixture.inspectionId, narrative('My own rewrite.'), '', 2, fixture.inspectorActor), { version: 3, created: true });
  });

  test('of two saves from the same version at once, one is kept and the other refused', async () => {
    const results = await Promise.allSettled([
      saveDraft(db.kysely, fixture.inspectionId, narrative('First of two.'), '', 3, fixture.leadActor),
      saveDraft(db.kysely, fixture.inspectionId, narrative('Second of two.'), '', 3, fixture.inspectorActor),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r) => r.status === 'rejected');
    assert.ok(refused && refused.status === 'rejected' && refused.reason instanceof StaleDraftError);
    assert.equal(await versionCount(), 4);
  });

  test('a draft over the limits is refused naming the section, and nothing is written', async () => {
    const long = 'word '.repeat(700);
    await assert.rejects(
      saveDraft(db.kysely, fixture.inspectionId, { experience: [{ type: 'paragraph', text: long }] }, 'x'.repeat(1001), 4, fixture.leadActor),
      (error: unknown) => {
        assert.ok(error instanceof DraftInputError);
        assert.deepEqual(
          error.issues.map((i) => i.section),
          ['experience', 'changeNote'],
        );
        assert.match(error.issues[0]!.message, /Paragraph 1 of ‘What is it like to be a child or young person with SEND in this area\?’ must be 3,000 characters or fewer/);
        return true;
      },
    );
    await assert.rejects(saveDraft(db.kysely, fixture.inspectionId, { inspection_outcome: [{ type: 'paragraph', text: 'Positive' }] }, '', 4, fixture.leadActor), DraftInputError);
    assert.equal(await versionCount(), 4);
  });

  test('the versions are listed newest first with who saved them; one can be read and any two compared', async () => {
    const versions = await listVersions(db.kysely, fixture.inspectionId);
    assert.deepEqual(
      versions.map((v) => v.number),
      [4, 3, 2, 1],
    );
    assert.equal(versions[3]!.savedBy, fixture.inspector.displayName);
    assert.equal(versions[3]!.changeNote, 'First draft');
    const one = await getVersion(db.kysely, fixture.inspectionId, 1);
    assert.equal(one?.sections.experience?.length, 2);
    assert.equal(await getVersion(db.kysely, fixture.inspectionId, 99), undefined);
    assert.equal(await getVersion(db.kysely, fixture.inspectionId, 0), undefined);

    const comparison = await compareVersions(db.kysely, fixture.inspectionId, 1, 2);
    assert.ok(comparison);
    assert.equal(comparison.from.number, 1);
    assert.equal(comparison.to.number, 2);
    assert.equal(comparison.diff.changedSections, 1);
    const experience = comparison.diff.sections.find((s) => s.code === 'experience')!;
    const [paragraph, list] = experience.blocks;
    assert.equal(paragraph!.change, 'changed');
    assert.deepEqual(paragraph!.type === 'paragraph' && paragraph!.spans.filter((s) => s.change === 'added').map((s) => s.text.trim()), ['and valued']);
    assert.equal(list!.change, 'same');
    assert.equal(comparison.diff.sections.find((s) => s.code === 'about_partnership')!.changed, false);
    assert.equal(await compareVersions(db.kysely, fixture.inspectionId, 1, 99), undefined);
  });

  test('the draft can still change in quality assurance and the factual accuracy check, and not once published', async () => {
    await moveInspectionForTest(db.kysely, fixture.inspectionId, 'quality_assurance');
    const latest = (await latestNarrative(db.kysely, fixture.inspectionId))!.version;
    assert.equal((await saveDraft(db.kysely, fixture.inspectionId, narrative('After QA.'), '', latest, fixture.leadActor)).version, latest + 1);
    await moveInspectionForTest(db.kysely, fixture.inspectionId, 'factual_accuracy');
    assert.equal((await saveDraft(db.kysely, fixture.inspectionId, narrative('After the area’s comments.'), '', latest + 1, fixture.leadActor)).version, latest + 2);
    await moveInspectionForTest(db.kysely, fixture.inspectionId, 'published');
    await assert.rejects(saveDraft(db.kysely, fixture.inspectionId, narrative('Too late.'), '', latest + 2, fixture.leadActor), (error: unknown) => error instanceof ReportClosedError && error.message === PUBLISHED_REFUSAL);
    assert.equal(await versionCount(), latest + 2);
  });
});
