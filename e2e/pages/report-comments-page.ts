// The team's comments page: the QA reader's comments to resolve, and the local area's factual
// accuracy comments to accept or reject (a rejection says why).
import type { Locator } from 'playwright-core';
import { escapeRegExp } from './cases-common.ts';
import { oneLine } from './evidence-common.ts';
import { submitAndWait } from './evidence-note-form-page.ts';
import { GovukPage } from './govuk-page.ts';

export type CommentListed = { place: string; status: string; quoted: string; byline: string };

export class CommentsPage extends GovukPage {
  readonly title = 'Comments on the draft report';
  readonly heading = 'Comments on the draft report';

  #comments(): Locator {
    return this.page.getByRole('main').locator('div[id^="comment-"]');
  }

  /** The comment quoting this paragraph text. */
  comment(quoting: string): Locator {
    return this.#comments().filter({ has: this.page.locator('.govuk-inset-text', { hasText: new RegExp(escapeRegExp(quoting)) }) });
  }

  /** The comments listed under a heading ("Quality assurance comments" …), each as a reader sees it. */
  async listed(heading: string): Promise<CommentListed[]> {
    const comments = await this.#comments().all();
    const result: CommentListed[] = [];
    for (const comment of comments) {
      const group = await comment.evaluate((el) => {
        let node: Element | null = el.previousElementSibling;
        while (node && node.tagName !== 'H2') node = node.previousElementSibling;
        return node?.textContent?.trim() ?? '';
      });
      if (group !== heading) continue;
      const status = comment.locator('.govuk-tag').first();
      result.push({
        place: oneLine(await comment.locator('h3').innerText()),
        status: oneLine(await status.innerText()),
        byline: oneLine(await comment.locator('.govuk-body-s').first().innerText()),
        quoted: oneLine((await comment.locator('.govuk-inset-text').innerText()).replace(/^The paragraph commented on, .+?: /, '')),
      });
    }
    return result;
  }

  /** How many comments each group says are open ("2 open."). */
  async openCounts(): Promise<string[]> {
    return (await this.page.getByRole('main').locator('p', { hasText: /^\d+ open\.$/ }).allInnerTexts()).map(oneLine);
  }

  async resolve(quoting: string, note: string): Promise<void> {
    const comment = this.comment(quoting);
    await comment.getByLabel('Note (optional)', { exact: true }).fill(note);
    await submitAndWait(this.page, comment.getByRole('button', { name: /^Mark as resolved/ }));
  }

  async answer(quoting: string, decision: 'Accept the comment' | 'Reject the comment', reason: string): Promise<void> {
    const comment = this.comment(quoting);
    await comment.getByRole('radio', { name: decision, exact: true }).check();
    await comment.getByLabel('Reason or note', { exact: true }).fill(reason);
    await submitAndWait(this.page, comment.getByRole('button', { name: /^Save answer/ }));
  }
}
