// Page rendering: Nunjucks over the GOV.UK Frontend templates, with the locals every page needs.
import path from 'node:path';
import fastifyView from '@fastify/view';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import type { Config } from '../../config.ts';
import { can, type Principal } from '../auth/permissions.ts';
import { formatDate, formatDateTime, formatLabel, inSentence } from './format.ts';

export const SERVICE_NAME = 'Area SEND inspections';

const SRC_DIR = path.resolve(import.meta.dirname, '../..');
const GOVUK_DIST = path.resolve(import.meta.dirname, '../../../node_modules/govuk-frontend/dist');

export type NavigationItem = { href: string; text: string; active?: boolean };

/** The service navigation a visitor sees: each link only for those allowed to follow it. */
export function navigationFor(principal: Principal | null, currentPath: string): NavigationItem[] {
  const visitor = { principal, pending: null };
  const items: NavigationItem[] = [];
  if (!principal) return items;
  items.push({ href: '/inspections', text: 'Inspections' });
  if (can(visitor, 'areas:view')) items.push({ href: '/areas', text: 'Local areas' });
  if (can(visitor, 'frameworks:view')) items.push({ href: '/frameworks', text: 'Frameworks' });
  if (can(visitor, 'admin:users')) items.push({ href: '/admin/users', text: 'Users' });
  if (can(visitor, 'admin:audit')) items.push({ href: '/admin/audit', text: 'Audit log' });
  if (can(visitor, 'feedback:triage')) items.push({ href: '/admin/feedback', text: 'Page feedback' });
  items.push({ href: '/account', text: 'Your account' });
  return items.map((item) => ({ ...item, active: currentPath === item.href || currentPath.startsWith(`${item.href}/`) }));
}

export type Flash = { heading: string; text?: string };

export function setFlash(request: FastifyRequest, flash: Flash): void {
  request.session.set('flash', flash);
}

function takeFlash(request: FastifyRequest): Flash | undefined {
  if (!request.session) return undefined;
  const flash = request.session.get('flash') as Flash | undefined;
  if (flash) request.session.set('flash', undefined);
  return flash;
}

const WHOLE_NUMBER = new Intl.NumberFormat('en-GB');

export const TEMPLATE_PATHS = [path.join(SRC_DIR, 'platform/views'), SRC_DIR, GOVUK_DIST];

/** Filters and globals every template may use. */
export function configureNunjucks(env: nunjucks.Environment): void {
  env.addFilter('date', (value: unknown) => formatDate(value));
  env.addFilter('dateTime', (value: unknown) => formatDateTime(value));
  env.addFilter('label', (value: unknown) => formatLabel(value));
  env.addFilter('inSentence', (value: unknown) => inSentence(value));
  env.addFilter('number', (value: unknown) => (typeof value === 'number' ? WHOLE_NUMBER.format(value) : String(value ?? '')));
  env.addGlobal('serviceName', SERVICE_NAME);
}

export async function setUpViews(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: TEMPLATE_PATHS,
    production: config.production,
    options: {
      autoescape: true,
      trimBlocks: true,
      lstripBlocks: true,
      noCache: config.env === 'development',
      onConfigure: configureNunjucks,
    },
  });
  // The locals every page reads; computed per request. In onRequest, not preHandler: error pages
  // (404, 403, expired form) are rendered from hooks that run before preHandler and need them too.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = request.visitor?.principal ?? null;
    reply.locals = {
      ...reply.locals,
      cspNonce: reply.cspNonce?.script,
      currentUser: principal,
      navigation: navigationFor(principal, request.url.split('?')[0]),
      currentPath: request.url,
      flash: takeFlash(request),
      csrfToken: () => reply.generateCsrf(),
      phase: config.production ? 'beta' : 'development',
    };
  });
}
