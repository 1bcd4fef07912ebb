import type { PublicRule } from '../segment/rules';

export type Access = 'write' | 'read';

/** The kinds of tracking plan Segment's Public API documents (POST /tracking-plans `type`, the list's `type` filter). */
export const PLAN_TYPES = ['ENGAGE', 'LIVE', 'PROPERTY_LIBRARY', 'RULE_LIBRARY', 'TEMPLATE'] as const;
export type PlanType = (typeof PLAN_TYPES)[number];

export interface TokenGrant {
  token: string;
  workspace: string;
  access: Access;
}

/** One tracking plan, reachable by its Public API id (tp_) and its Config API id (rs_). */
export interface StoredPlan {
  id: string;
  resourceSchemaId: string;
  workspace: string;
  name: string;
  slug: string;
  description: string;
  type: PlanType;
  createdAt: string;
  updatedAt: string;
  rules: PublicRule[];
}

/** The seed file `node dist/cli.js emulator --seed FILE` reads. */
export interface EmulatorSeed {
  tokens?: TokenGrant[];
  plans?: Array<Partial<StoredPlan> & { workspace: string }>;
}

export class EmulatorState {
  readonly tokens = new Map<string, TokenGrant>();
  readonly plans: StoredPlan[] = [];
  private counter = 0;

  constructor(
    seed: EmulatorSeed = {},
    private readonly clock: () => number = Date.now,
  ) {
    for (const grant of seed.tokens ?? []) this.tokens.set(grant.token, { ...grant, access: grant.access ?? 'write' });
    for (const plan of seed.plans ?? []) this.addPlan(plan);
  }

  now(): string {
    return new Date(this.clock()).toISOString();
  }

  addPlan(plan: Partial<StoredPlan> & { workspace: string }): StoredPlan {
    const n = ++this.counter;
    const at = this.now();
    const name = plan.name ?? `Tracking Plan ${n}`;
    const stored: StoredPlan = {
      id: plan.id ?? `tp_emulated${String(n).padStart(4, '0')}`,
      resourceSchemaId: plan.resourceSchemaId ?? `rs_emulated${String(n).padStart(4, '0')}`,
      workspace: plan.workspace,
      name,
      slug: plan.slug ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      description: plan.description ?? '',
      type: plan.type ?? 'LIVE',
      createdAt: plan.createdAt ?? at,
      updatedAt: plan.updatedAt ?? at,
      rules: (plan.rules ?? []).map((r) => ({ createdAt: at, updatedAt: at, ...r })),
    };
    this.plans.push(stored);
    return stored;
  }

  byPublicId(workspace: string, id: string): StoredPlan | undefined {
    return this.plans.find((p) => p.workspace === workspace && p.id === id);
  }

  byConfigId(workspace: string, id: string): StoredPlan | undefined {
    return this.plans.find((p) => p.workspace === workspace && p.resourceSchemaId === id);
  }

  /** Any plan by either id, for tests and `npm start` to look at. */
  plan(id: string): StoredPlan | undefined {
    return this.plans.find((p) => p.id === id || p.resourceSchemaId === id);
  }

  remove(plan: StoredPlan): void {
    this.plans.splice(this.plans.indexOf(plan), 1);
  }
}
