/**
 * The one place that chooses between the two Segment APIs: `planApi(kind)` gives the Config API (rs_ ids) or the
 * Public API (tp_ ids) behind the one `PlanApi` interface (`plan-api-types.ts`), whose types are re-exported here
 * for the callers that choose.
 */
import { configApi } from './config-api';
import type { ApiKind, PlanApi } from './plan-api-types';
import { publicApi } from './public-api';

export type { ApiUpload, PlanApi, PlanCells, TargetSettings, UploadOptions, UploadStep } from './plan-api-types';

export function planApi(kind: ApiKind): PlanApi {
  return kind === 'config' ? configApi : publicApi;
}

export function isApiKind(value: unknown): value is ApiKind {
  return value === 'config' || value === 'public';
}
