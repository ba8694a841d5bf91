// Static files: GOV.UK Frontend's fonts, images, CSS and JS, and the service's own, at /assets/.
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const GOVUK = path.resolve(import.meta.dirname, '../../../node_modules/govuk-frontend/dist/govuk');
const OWN = path.resolve(import.meta.dirname, 'public');
const SERVED = /\.(css|js|mjs|woff2?|png|svg|ico|json|map)$/;

export async function setUpAssets(app: FastifyInstance, production: boolean): Promise<void> {
  await app.register(fastifyStatic, {
    root: [OWN, path.join(GOVUK, 'assets'), GOVUK],
    prefix: '/assets/',
    // The package also ships Nunjucks and Sass sources, which are not for the public.
    allowedPath: (pathname: string) => SERVED.test(pathname) && !pathname.includes('..'),
    maxAge: production ? '7d' : 0,
    index: false,
    list: false,
  });
}
