/** The link an analyst clicks to see the plan in the Segment app. */
export function appUrl(workspaceSlug: string, planId: string): string {
  return `https://app.segment.com/${encodeURIComponent(workspaceSlug)}/protocols/tracking-plans/${encodeURIComponent(planId)}`;
}
