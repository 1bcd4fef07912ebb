import type { ConfigRules } from '../schema/build-rules';
import { isJsonObject, JsonObject } from '../json/json';

export const RULE_TYPES = ['TRACK', 'IDENTIFY', 'GROUP', 'PAGE', 'SCREEN', 'COMMON'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** A Public API rule (`RuleV1`). Descriptions and labels live inside jsonSchema. */
export interface PublicRule {
  type: RuleType;
  key?: string;
  version: number;
  jsonSchema: JsonObject | null;
  createdAt?: string;
  updatedAt?: string;
  deprecatedAt?: string;
}

/** The identity of a rule in a plan: type, key and version. */
export function ruleId(rule: Pick<PublicRule, 'type' | 'key' | 'version'>): string {
  return `${rule.type}\u0000${rule.key ?? ''}\u0000${rule.version}`;
}

/** The Config API's rules as Public API rules: events become TRACK rules with the description inside. */
export function configRulesToPublic(rules: Partial<ConfigRules>): PublicRule[] {
  const out: PublicRule[] = [];
  for (const event of rules.events ?? []) {
    const schema: JsonObject = { ...(isJsonObject(event.rules) ? event.rules : {}) };
    if (event.description) schema.description = event.description;
    out.push({ type: 'TRACK', key: event.name, version: event.version || 1, jsonSchema: schema });
  }
  if (isJsonObject(rules.identify)) out.push({ type: 'IDENTIFY', version: 1, jsonSchema: rules.identify });
  if (isJsonObject(rules.group)) out.push({ type: 'GROUP', version: 1, jsonSchema: rules.group });
  if (isJsonObject(rules.global)) out.push({ type: 'COMMON', version: 1, jsonSchema: rules.global });
  return out;
}

/** Public API rules as the Config API shows them. PAGE and SCREEN rules have no place there. */
export function publicRulesToConfig(rules: readonly PublicRule[]): ConfigRules {
  const out: ConfigRules = { events: [], identify_traits: [], group_traits: [] };
  for (const rule of rules) {
    const schema = isJsonObject(rule.jsonSchema) ? rule.jsonSchema : {};
    if (rule.type === 'TRACK') {
      const { description, ...rest } = schema;
      out.events.push({
        name: rule.key ?? '',
        description: typeof description === 'string' ? description : '',
        version: rule.version,
        rules: rest,
      });
    } else if (rule.type === 'IDENTIFY') out.identify = schema;
    else if (rule.type === 'GROUP') out.group = schema;
    else if (rule.type === 'COMMON') out.global = schema;
  }
  return out;
}
