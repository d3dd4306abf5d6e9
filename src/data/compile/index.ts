/** A validated contract -> what to measure: per object its fields and checks, plus what cannot be tested and why. */
import { schemaObjects, type ObjectVisit } from '../../descriptor/contract-fields.js';
import { records, str, type SchemaProperty } from '../../descriptor/model.js';
import type { SourceFile } from '../../descriptor/source.js';
import type { CheckCategory } from '../types.js';
import type { ContractPlan, ObjectPlan } from '../plan.js';
import { at, type CompileContext, type CompileOptions } from './context.js';
import { fieldConstraints, primaryKeyChecks } from './constraints.js';
import { objectFields } from './fields.js';
import { qualityRules } from './quality.js';
import { slaChecks } from './sla.js';

function nestedSkips(ctx: CompileContext, plan: ObjectPlan, field: SchemaProperty, path: Array<string | number>): void {
  const nested = records<SchemaProperty>(field.properties).length > 0 || field.items !== undefined;
  if (!nested) return;
  plan.skipped.push({
    category: 'schema',
    check: 'nested',
    field: str(field.name),
    severity: 'info',
    location: at(ctx, path),
    expected: 'nested properties',
    reason: 'properties inside objects and arrays are not tested yet; the column itself is',
  });
}

function objectPlan(ctx: CompileContext, object: ObjectVisit): ObjectPlan {
  const { object: schemaObject, path } = object;
  const name = str(schemaObject.name) ?? '';
  const fields = objectFields(ctx, schemaObject, path);
  const plan: ObjectPlan = {
    name,
    physicalName: str(schemaObject.physicalName) ?? name,
    location: at(ctx, path),
    fields: fields.map((f) => f.spec),
    checks: [],
    skipped: [],
  };
  for (const { spec, field } of fields) {
    fieldConstraints(ctx, spec, field, plan);
    nestedSkips(ctx, plan, field, spec.path);
  }
  primaryKeyChecks(ctx, plan.fields, plan);
  qualityRules(ctx, schemaObject.quality, path, { plan });
  for (const { spec, field } of fields) qualityRules(ctx, field.quality, spec.path, { plan, field: spec });
  const partition = plan.fields
    .filter((f) => f.partitionKeyPosition !== undefined && (f.logicalType === 'date' || f.logicalType === 'timestamp'))
    .sort((a, b) => a.partitionKeyPosition! - b.partitionKeyPosition!)[0];
  if (partition) plan.sinceField = partition.name;
  return plan;
}

export function compileContract(file: SourceFile, options: CompileOptions, categories: readonly CheckCategory[]): ContractPlan {
  const ctx: CompileContext = { ...options, file };
  const contract: ContractPlan = {
    id: str(file.value?.id) ?? file.display,
    file: file.display,
    objects: schemaObjects(file.value)
      .filter(({ object }) => typeof object.name === 'string')
      .map((o) => objectPlan(ctx, o)),
    skipped: [],
    history: [],
  };
  slaChecks(ctx, contract);
  const wanted = new Set(categories);
  for (const plan of contract.objects) {
    plan.checks = plan.checks.filter((c) => wanted.has(c.category));
    plan.skipped = plan.skipped.filter((c) => wanted.has(c.category));
  }
  contract.skipped = contract.skipped.filter((c) => wanted.has(c.category));
  contract.history = contract.history.filter((c) => wanted.has(c.category));
  return contract;
}
