import '../policy/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../storage/db.js';
import { notFound } from '../domain/errors.js';
import { problemResponses } from '../platform/openapi.js';
import { getDesk, getOffice, getWeekly, listDesksOfOffice, listOffices, listProvinces } from './catalog.repository.js';
import { findTowns } from './find-towns.js';
import { findTownsQuery, idParams, listOfficesQuery, responses } from './routes.schema.js';

/** Public read API of the catalogue: provinces, offices, desks (their slots: booking/routes.ts). */
export function catalogRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/provinces', {
      config: { policy: 'public' },
      schema: { tags: ['catalog'], summary: 'Provinces with their reception number', response: { 200: responses.provinces } },
    }, async () => ({ items: await listProvinces(db) }));

    app.get('/offices', {
      config: { policy: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Offices, optionally of one province or matching a text (name or town, accents ignored)',
        querystring: listOfficesQuery,
        response: { 200: responses.offices, ...problemResponses(400) },
      },
    }, async (req) => ({ items: await listOffices(db, req.query) }));

    app.get('/towns', {
      config: { policy: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Comuni matching a name (accents ignored), each with the office competent for it',
        querystring: findTownsQuery,
        response: { 200: responses.towns, ...problemResponses(400) },
      },
    }, async (req) => ({ items: await findTowns(db, req.query) }));

    app.get('/offices/:id', {
      config: { policy: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'One office with its desks and local holidays',
        params: idParams,
        response: { 200: responses.office, ...problemResponses(400, 404) },
      },
    }, async (req) => {
      const office = await getOffice(db, req.params.id);
      if (!office) throw notFound({ it: 'Sede non trovata.', en: 'Office not found.' });
      return { ...office, desks: await listDesksOfOffice(db, office.id) };
    });

    app.get('/desks/:id', {
      config: { policy: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'One desk with its office and weekly opening pattern',
        params: idParams,
        response: { 200: responses.desk, ...problemResponses(400, 404) },
      },
    }, async (req) => {
      const desk = await getDesk(db, req.params.id);
      if (!desk) throw notFound({ it: 'Sportello non trovato.', en: 'Desk not found.' });
      const office = (await getOffice(db, desk.officeId))!;
      return {
        ...desk,
        office: { id: office.id, code: office.code, name: office.name, town: office.town, provinceCode: office.provinceCode },
        weekly: await getWeekly(db, desk.id),
      };
    });
  };
}
