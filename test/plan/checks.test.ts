// The checks analysts expect, each at its cell: naming conventions from Importer Settings, descriptions,
// one type per property name, names that differ only in case or separators, required traits.
import { planChecks, readConventions } from '../../src/plan/conventions';
import { parseImporterSettings } from '../../src/plan/settings';
import { col, parseRows, RowSpec } from '../helpers/sheet';
import { parseTrackingPlan } from '../../src/plan/parse-plan';
import { planGrid } from '../helpers/sheet';

function check(rows: RowSpec[], settings: Partial<Record<'eventNaming' | 'propertyNaming' | 'descriptions', string>> = {}) {
  const { conventions, errors } = readConventions({ eventNaming: '', propertyNaming: '', descriptions: '', ...settings });
  expect(errors).toEqual({});
  const parsed = parseTrackingPlan(planGrid(rows), { descriptionsRequired: conventions.descriptionsRequired });
  const checks = planChecks(parsed.plan, { sheet: 'Tracking Plan', columns: parsed.columns }, conventions);
  return { parsed, checks: checks.map((p) => [p.cell, p.severity, p.message]) };
}

describe('naming conventions', () => {
  it('Event Naming: Object Action, object_action or objectAction, at the Event Name cell', () => {
    const rows = [
      { eventName: 'Order Completed', eventDescription: 'd' },
      { eventName: 'order_completed_v2', eventDescription: 'd' },
      { eventName: 'orderRefunded', eventDescription: 'd' },
    ];
    expect(check(rows, { eventNaming: 'Object Action' }).checks.map((c) => c[0])).toEqual([`${col('eventName')}3`, `${col('eventName')}4`]);
    expect(check(rows, { eventNaming: 'object_action' }).checks.map((c) => c[0])).toEqual([`${col('eventName')}2`, `${col('eventName')}4`]);
    expect(check(rows, { eventNaming: 'objectAction' }).checks).toEqual([
      [`${col('eventName')}2`, 'warning', 'Event "Order Completed" is not named objectAction (orderCompleted), as Event Naming asks.'],
      [`${col('eventName')}3`, 'warning', 'Event "order_completed_v2" is not named objectAction (orderCompleted), as Event Naming asks.'],
    ]);
  });

  it('Property Naming: snake_case or camelCase, at the Property Name cell', () => {
    const rows = [
      { eventName: 'Order Completed', eventDescription: 'd' },
      { propertyName: 'order_id', propertyDescription: 'd', propertyType: 'string' },
      { propertyName: 'totalPrice', propertyDescription: 'd', propertyType: 'number' },
    ];
    expect(check(rows, { propertyNaming: 'snake_case' }).checks).toEqual([
      [`${col('propertyName')}4`, 'warning', 'Property "totalPrice" is not named snake_case (order_id), as Property Naming asks.'],
    ]);
    expect(check(rows, { propertyNaming: 'camelCase' }).checks.map((c) => c[0])).toEqual([`${col('propertyName')}3`]);
  });

  it('Descriptions: Required makes a missing description an error at its cell', () => {
    const rows = [{ eventName: 'Order Completed' }, { propertyName: 'order_id', propertyType: 'string' }];
    const errors = (severity: string) => check(rows, { descriptions: severity }).parsed.problems.filter((p) => p.severity === 'error');
    expect(errors('Optional')).toEqual([]);
    expect(errors('Required').map((p) => p.cell)).toEqual([`${col('eventDescription')}2`, `${col('propertyDescription')}3`]);
  });

  it('an unknown setting is an error at its Importer Settings cell', () => {
    const { problems } = parseImporterSettings([
      ['Event Naming', 'kebab-case'],
      ['Descriptions', 'Mandatory'],
    ]);
    expect(problems.map((p) => [p.cell, p.message])).toEqual([
      ['B1', 'Event Naming "kebab-case" is not one of Object Action, object_action, objectAction, Any.'],
      ['B2', 'Descriptions "Mandatory" is not Required or Optional.'],
    ]);
  });
});

describe('checks that always run', () => {
  it('one property name with two types across events names both cells', () => {
    const { checks } = check([
      { eventName: 'Order Completed', eventDescription: 'd' },
      { propertyName: 'total', propertyDescription: 'd', propertyType: 'number' },
      { eventName: 'Order Refunded', eventDescription: 'd' },
      { propertyName: 'total', propertyDescription: 'd', propertyType: 'string' },
    ]);
    expect(checks).toEqual([
      [
        `${col('propertyType')}5`,
        'warning',
        '"total" is typed string here but number in Order Completed (row 3). One property name with two types confuses every report that uses it.',
      ],
    ]);
  });

  it('quotes at most 100 characters of the other event’s name', () => {
    const name = `Order ${'Completed '.repeat(500)}`.trim();
    const { checks } = check([
      { eventName: name, eventDescription: 'd' },
      { propertyName: 'total', propertyDescription: 'd', propertyType: 'number' },
      { eventName: 'Order Refunded', eventDescription: 'd' },
      { propertyName: 'total', propertyDescription: 'd', propertyType: 'string' },
    ]);
    expect(checks.map(([, , message]) => message)).toEqual([
      `"total" is typed string here but number in ${name.slice(0, 100)}… (5,005 characters) (row 3). One property name with two types confuses every report that uses it.`,
    ]);
  });

  it('names that differ only in case or separators', () => {
    const { checks } = check([
      { eventName: 'Product Viewed', eventDescription: 'd' },
      { propertyName: 'product_id', propertyDescription: 'd', propertyType: 'string' },
      { eventName: 'Product Added', eventDescription: 'd' },
      { propertyName: 'productId', propertyDescription: 'd', propertyType: 'string' },
      { propertyName: 'productID', propertyDescription: 'd', propertyType: 'string' },
    ]);
    expect(checks.map((c) => [c[0], c[2]])).toEqual([
      [
        `${col('propertyName')}5`,
        '"productId" differs from "product_id" (row 3) only in case or separators; Segment treats them as two properties.',
      ],
      [
        `${col('propertyName')}6`,
        '"productID" differs from "product_id" (row 3) only in case or separators; Segment treats them as two properties.',
      ],
    ]);
  });

  it('required identify and group traits, at their Required cell', () => {
    const { checks } = check([
      { eventType: 'identify', propertyName: 'email', propertyDescription: 'd', propertyType: 'string', required: true },
      { eventType: 'group', propertyName: 'plan', propertyDescription: 'd', propertyType: 'string', required: false },
    ]);
    expect(checks).toEqual([
      [
        `${col('required')}2`,
        'warning',
        'Trait "email" is required: analytics libraries send only the traits that changed, so most identify calls would fail. Segment advises optional traits.',
      ],
    ]);
  });

  it('a required common property outside context, at its Required cell', () => {
    const { checks } = check([
      { eventType: 'common', propertyName: 'app_version', propertyDescription: 'd', propertyType: 'string', required: true },
      { eventType: 'common', propertyName: 'context.locale', propertyDescription: 'd', propertyType: 'string', required: true },
    ]);
    expect(checks).toEqual([
      [
        `${col('required')}2`,
        'warning',
        'Common property "app_version" is required: common rules apply to every call, so every track, page and screen call without it fails (identify and group calls carry traits, not properties). Make it optional, or require it on the events that send it.',
      ],
    ]);
  });

  it('a clean plan gets no warning', () => {
    expect(
      check([
        { eventName: 'Order Completed', eventDescription: 'd' },
        { propertyName: 'total', propertyDescription: 'd', propertyType: 'number' },
      ]).checks,
    ).toEqual([]);
    expect(parseRows([]).problems).toEqual([]);
  });
});
