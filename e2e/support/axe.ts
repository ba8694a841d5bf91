// Accessibility checks with axe-core against WCAG 2.2 AA and axe's best practices, reported readably.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
};

/** Runs axe on the page as it stands; the page's context must allow injected scripts (bypassCSP). */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/** One block per rule: id, impact, what to do, and the selectors of the elements that fail it. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes.map((n) => `      ${n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' ')}`);
      return [`  - ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}`, `    ${v.helpUrl}`, '    elements:', ...targets].join('\n');
    })
    .join('\n');
}

export class AccessibilityError extends Error {
  readonly violations: AxeViolation[];
  constructor(where: string, violations: AxeViolation[]) {
    const count = violations.length === 1 ? '1 accessibility rule' : `${violations.length} accessibility rules`;
    super(`${where} breaks ${count}:\n${describeViolations(violations)}`);
    this.name = 'AccessibilityError';
    this.violations = violations;
  }
}

export async function assertNoAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await runAxe(page);
  if (violations.length > 0) throw new AccessibilityError(where, violations);
}
