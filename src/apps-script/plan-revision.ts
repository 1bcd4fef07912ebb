/**
 * A token that changes whenever the plan's sheet or its marked problems may have changed (an edit, Validate, an
 * import, Set up sheets), so the sidebar, which asks every few seconds, can answer "nothing changed" without reading
 * the sheet. Kept in document properties: simple triggers (onEdit, in AuthMode.LIMITED) may read and write them.
 */
const REVISION_KEY = 'segment.planRevision';

/** `read`: the document properties, when the caller has them all already (one call, not one per key). */
export function planRevision(read?: Readonly<Record<string, string>>): string {
  return (read ? read[REVISION_KEY] : PropertiesService.getDocumentProperties().getProperty(REVISION_KEY)) ?? '0';
}

/** Moves the revision on: the next sidebarState() reads the sheet again. */
export function bumpPlanRevision(previous = planRevision()): string {
  // A time and a counter: two bumps in the same millisecond (a paste followed by Validate) still differ.
  const [, count = '0'] = previous.split('.');
  const next = `${Date.now()}.${Number(count) + 1}`;
  PropertiesService.getDocumentProperties().setProperty(REVISION_KEY, next);
  return next;
}
