/**
 * The plan as typewriter's local `plan.json`: the Public API's tracking plan (id, name, slug, description, dates)
 * with its rules. typewriter reads this file instead of calling Segment when no token is set, so a typed client
 * needs no Protocols workspace. Same sheet, same bytes: keys sorted and tab-indented as typewriter writes the file,
 * and fixed dates (the sheet has no creation time worth a diff line).
 */
import { canonicalJson } from '../json/json';
import type { TrackingPlan } from '../plan/model';
import { buildPublicRules } from './public-api';

export const TYPEWRITER_PLAN_FILE = 'plan.json';
const FIXED_DATE = '1970-01-01T00:00:00.000Z';

export function typewriterPlanJson(plan: TrackingPlan, meta: { id: string; name: string }): string {
  const slug = meta.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const document = {
    id: meta.id,
    name: meta.name,
    slug,
    description: '',
    createdAt: FIXED_DATE,
    updatedAt: FIXED_DATE,
    rules: buildPublicRules(plan),
  };
  return `${JSON.stringify(JSON.parse(canonicalJson(document)), null, '\t')}\n`;
}

/** typewriter.yml for analytics.js in TypeScript, reading the plan in `planDir` (relative to the file). */
export function typewriterConfig(planId: string, planDir: string): string {
  return [
    '# Written by the Sheets importer (export --typewriter). typewriter reads the plan.json in `path`; without a',
    '# token it builds from that file and never calls Segment.',
    'client:',
    '  sdk: analytics-js',
    '  language: typescript',
    'trackingPlans:',
    `  - id: ${JSON.stringify(planId)}`,
    `    path: ${JSON.stringify(planDir)}`,
    '',
  ].join('\n');
}
