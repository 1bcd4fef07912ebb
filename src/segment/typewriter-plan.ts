/**
 * The plan as typewriter's local `plan.json`: the Public API's tracking plan (id, name, slug, description, dates)
 * with its rules. typewriter reads this file instead of calling Segment when no token is set, so a typed client
 * needs no Protocols workspace. Same sheet, same bytes: keys sorted and tab-indented as typewriter writes the file,
 * and fixed dates (the sheet has no creation time worth a diff line).
 */
import { canonicalJson } from '../json/json';
import { eventLabel, TrackingPlan } from '../plan/model';
import { buildPublicRules } from './public-api';

export const TYPEWRITER_PLAN_FILE = 'plan.json';
const FIXED_DATE = '1970-01-01T00:00:00.000Z';

/** Events with several versions, each reduced to its oldest in plan.json. */
export interface VersionsLeftOut {
  name: string;
  kept: number;
  leftOut: number[];
}

export interface TypewriterExport {
  json: string;
  rules: number;
  versions: VersionsLeftOut[];
  /** Rules typewriter makes no function for, as the sheet names them (`identify traits`, `page "Home"`). */
  untyped: string[];
  trackEvents: number;
}

/**
 * typewriter 9 keeps only TRACK rules and, of an event's versions, the newest (`sanitizeTrackingPlan`), and its
 * generated calls carry no `context.protocols.event_version` (its templates have no version to write; typewriter
 * issue #93). Segment checks a call without one against the event's oldest version, so only the oldest is exported:
 * the client is then typed from the version its calls are checked against.
 */
export function typewriterExport(plan: TrackingPlan, meta: { id: string; name: string }): TypewriterExport {
  const byName = new Map<string, number[]>();
  for (const e of plan.events) {
    if (e.type === 'track') byName.set(e.name, [...(byName.get(e.name) ?? []), e.version]);
  }
  const oldest = new Map<string, number>();
  const versions: VersionsLeftOut[] = [];
  for (const [name, numbers] of byName) {
    const [kept = 1, ...leftOut] = numbers.sort((a, b) => a - b);
    oldest.set(name, kept);
    if (leftOut.length > 0) versions.push({ name, kept, leftOut });
  }
  const exported = plan.events.filter((e) => e.type !== 'track' || e.version === oldest.get(e.name));
  const untyped = exported.filter((e) => e.type !== 'track').map(eventLabel);
  return {
    json: typewriterPlanJson({ events: exported }, meta),
    rules: exported.length,
    versions,
    untyped: [...new Set(untyped)],
    trackEvents: oldest.size,
  };
}

function typewriterPlanJson(plan: TrackingPlan, meta: { id: string; name: string }): string {
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
